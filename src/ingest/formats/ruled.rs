//! Tables of a PDF page rebuilt from their ruling lines.
//!
//! A PDF has no tables, only characters and drawn lines. The lines a table is drawn with (the
//! borders Word and WPS print) are axis-aligned segments, strokes or thin filled rectangles;
//! segments that touch form one frame; the distinct x of its vertical lines are the column
//! boundaries and the distinct y of its horizontal lines the row boundaries. Between two
//! neighbouring grid cells a boundary is present where a line crosses it; where none does, the
//! cells are one merged cell. Each character goes to the cell its centre falls in, so a cell
//! with no character is a blank cell in its own column, whatever the gaps around it.
//!
//! Precision comes first: a frame is doubtful when a merged cell with text is not a rectangle,
//! when a character sticks out of its cell across a boundary, or when one cell holds several
//! numbers on lines of their own (rows whose separating lines are not drawn). The PDF reader
//! then reads the page text without rebuilt tables, where a blank cell leaves no trace and the
//! table stage leaves such a table unjudged.

use pdf_extract::{Path, PathOp, Transform};

/// Coordinates closer than this (points) are the same line.
const SAME_LINE: f64 = 1.5;

/// Segments of one line closer than this (points) are one segment; a horizontal and a vertical
/// segment closer than this touch.
const TOUCH: f64 = 2.0;

/// A filled rectangle thinner than this (points) is a line.
const THIN: f64 = 2.5;

/// The most merged segments a page may hold for its frames to be built (a real report page has
/// fewer than a hundred); past it the page has no rebuilt tables.
pub const MAX_SEGMENTS: usize = 4_000;

/// The most rows or columns of one frame.
const MAX_LINES: usize = 200;

/// An axis-aligned segment in default user space (y grows upwards): at `at` (y of a horizontal
/// segment, x of a vertical one), from `from` to `to` along the other axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub horizontal: bool,
    pub at: f64,
    pub from: f64,
    pub to: f64,
}

/// The axis-aligned segments of a drawn path, in default user space. Curves draw no ruling; a
/// wide rectangle is a ruling only when it is stroked (its four edges): filled, it is a
/// background.
pub fn segments(ctm: &Transform, path: &Path, stroked: bool, out: &mut Vec<Segment>) {
    let point = |x: f64, y: f64| {
        (
            ctm.m11 * x + ctm.m21 * y + ctm.m31,
            ctm.m12 * x + ctm.m22 * y + ctm.m32,
        )
    };
    let only_rects = path.ops.iter().all(|op| matches!(op, PathOp::Rect(..)));
    let mut current: Option<(f64, f64)> = None;
    let mut start: Option<(f64, f64)> = None;
    for op in &path.ops {
        match *op {
            PathOp::MoveTo(x, y) => {
                current = Some(point(x, y));
                start = current;
            }
            PathOp::LineTo(x, y) => {
                let to = point(x, y);
                if let Some(from) = current {
                    push(from, to, out);
                }
                current = Some(to);
            }
            PathOp::CurveTo(_, _, _, _, x, y) => current = Some(point(x, y)),
            PathOp::Close => {
                if let (Some(from), Some(to)) = (current, start) {
                    push(from, to, out);
                }
                current = start;
            }
            PathOp::Rect(x, y, w, h) => {
                let corners = [
                    point(x, y),
                    point(x + w, y),
                    point(x + w, y + h),
                    point(x, y + h),
                ];
                let (x0, x1) = span(corners.iter().map(|c| c.0));
                let (y0, y1) = span(corners.iter().map(|c| c.1));
                if x1 - x0 <= THIN && y1 - y0 > THIN {
                    let x = (x0 + x1) / 2.0;
                    push((x, y0), (x, y1), out);
                } else if y1 - y0 <= THIN && x1 - x0 > THIN {
                    let y = (y0 + y1) / 2.0;
                    push((x0, y), (x1, y), out);
                } else if stroked && only_rects {
                    for i in 0..4 {
                        push(corners[i], corners[(i + 1) % 4], out);
                    }
                }
                current = Some(point(x, y));
                start = current;
            }
        }
    }
}

/// The smallest and largest of some coordinates.
fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

/// Keeps a segment when it is horizontal or vertical and longer than a point.
fn push(a: (f64, f64), b: (f64, f64), out: &mut Vec<Segment>) {
    let (dx, dy) = ((a.0 - b.0).abs(), (a.1 - b.1).abs());
    let finite = [a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite());
    if !finite {
        return;
    }
    if dy <= 1.0 && dx > 1.0 {
        out.push(Segment {
            horizontal: true,
            at: (a.1 + b.1) / 2.0,
            from: a.0.min(b.0),
            to: a.0.max(b.0),
        });
    } else if dx <= 1.0 && dy > 1.0 {
        out.push(Segment {
            horizontal: false,
            at: (a.0 + b.0) / 2.0,
            from: a.1.min(b.1),
            to: a.1.max(b.1),
        });
    }
}

/// A table's frame on one page: its column boundaries (x, left to right), row boundaries (y,
/// top to bottom), and the merged cells as rectangles of grid cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    /// Per merged cell: first row, first column, rows, columns; in reading order.
    pub cells: Vec<(usize, usize, usize, usize)>,
    /// The grid cell (row, column) → the index of its merged cell in `cells`.
    owner: Vec<usize>,
    /// Per merged cell: whether it is outside the table, at the right of a row drawn shorter
    /// than the others (the frame's right edge is drawn, but not along this cell).
    pub outside: Vec<bool>,
    /// Per merged cell: whether its grid cells form a rectangle. One that does not (an L of
    /// grid cells no line separates) is not a cell: it is doubtful unless it is an empty
    /// space beside rows drawn shorter than the table.
    pub rectangle: Vec<bool>,
}

impl Frame {
    /// The top of the frame (y of its first row boundary).
    pub fn top(&self) -> f64 {
        self.ys[0]
    }

    /// The merged cell a point falls in, with a tolerance of a point outside the frame.
    pub fn cell_at(&self, x: f64, y: f64) -> Option<usize> {
        let (left, right) = (self.xs[0], self.xs[self.xs.len() - 1]);
        let (top, bottom) = (self.ys[0], self.ys[self.ys.len() - 1]);
        if x < left - 1.0 || x > right + 1.0 || y > top + 1.0 || y < bottom - 1.0 {
            return None;
        }
        let column = self.xs[1..self.xs.len() - 1]
            .iter()
            .take_while(|&&b| x >= b)
            .count();
        let row = self.ys[1..self.ys.len() - 1]
            .iter()
            .take_while(|&&b| y <= b)
            .count();
        self.owner.get(row * (self.xs.len() - 1) + column).copied()
    }

    /// The left and right boundary of a merged cell.
    pub fn cell_x(&self, cell: usize) -> (f64, f64) {
        let (_, column, _, columns) = self.cells[cell];
        (self.xs[column], self.xs[column + columns])
    }
}

/// The frames drawn on one page, top to bottom; none when the page holds more than
/// [`MAX_SEGMENTS`] segments.
pub fn frames(segments: &[Segment]) -> Vec<Frame> {
    let mut merged = merge(segments.iter().filter(|s| s.horizontal).copied());
    merged.extend(merge(segments.iter().filter(|s| !s.horizontal).copied()));
    if merged.len() > MAX_SEGMENTS {
        return Vec::new();
    }
    // Segments that touch belong to one frame.
    let mut parent: Vec<usize> = (0..merged.len()).collect();
    for (i, a) in merged.iter().enumerate() {
        for (j, b) in merged.iter().enumerate().skip(i + 1) {
            if a.horizontal != b.horizontal && touch(a, b) {
                let (ra, rb) = (find(&mut parent, i), find(&mut parent, j));
                parent[ra] = rb;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Segment>> = Default::default();
    for (i, segment) in merged.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(*segment);
    }
    let mut frames: Vec<Frame> = groups.into_values().filter_map(|g| frame(&g)).collect();
    frames.sort_by(|a, b| b.top().total_cmp(&a.top()));
    frames
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Whether a horizontal and a vertical segment meet (within [`TOUCH`]).
fn touch(a: &Segment, b: &Segment) -> bool {
    let (h, v) = if a.horizontal { (a, b) } else { (b, a) };
    v.at >= h.from - TOUCH && v.at <= h.to + TOUCH && h.at >= v.from - TOUCH && h.at <= v.to + TOUCH
}

/// Collinear segments that overlap or nearly meet, as one segment each.
fn merge(segments: impl Iterator<Item = Segment>) -> Vec<Segment> {
    let mut segments: Vec<Segment> = segments.collect();
    segments.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    let mut lines: Vec<Vec<Segment>> = Vec::new();
    for segment in segments {
        match lines.last_mut() {
            Some(line) if (segment.at - line[0].at).abs() <= SAME_LINE => line.push(segment),
            _ => lines.push(vec![segment]),
        }
    }
    let mut out = Vec::new();
    for mut line in lines {
        let at = line.iter().map(|s| s.at).sum::<f64>() / line.len() as f64;
        line.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut run: Option<Segment> = None;
        for segment in line {
            run = match run {
                Some(mut r) if segment.from <= r.to + TOUCH => {
                    r.to = r.to.max(segment.to);
                    Some(r)
                }
                Some(r) => {
                    out.push(r);
                    Some(Segment { at, ..segment })
                }
                None => Some(Segment { at, ..segment }),
            };
        }
        out.extend(run);
    }
    out
}

/// The distinct coordinates of some lines, clustered within [`SAME_LINE`], ascending.
fn distinct(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for v in values {
        match out.last() {
            Some(&last) if v - last <= SAME_LINE => {}
            _ => out.push(v),
        }
    }
    out
}

/// The frame of a group of touching segments, when it has at least two grid cells.
fn frame(group: &[Segment]) -> Option<Frame> {
    // The frame's edges are where its lines end: a table cut by a page break often has no
    // line along the cut, and its side lines run past the last row line to the page's text
    // area.
    let ends = |horizontal: bool| {
        span(
            group
                .iter()
                .filter(|s| s.horizontal == horizontal)
                .flat_map(|s| [s.from, s.to]),
        )
    };
    let (left, right) = ends(true);
    let (bottom, top) = ends(false);
    // An end only a line's overhang away from the last line is that line.
    let with_edges = |lines: Vec<f64>, edges: [f64; 2]| {
        let mut lines = distinct(lines);
        for edge in edges {
            if edge.is_finite() && lines.iter().all(|l| (l - edge).abs() > 2.0 * TOUCH) {
                lines.push(edge);
            }
        }
        distinct(lines)
    };
    let xs = with_edges(
        group
            .iter()
            .filter(|s| !s.horizontal)
            .map(|s| s.at)
            .collect(),
        [left, right],
    );
    let mut ys = with_edges(
        group
            .iter()
            .filter(|s| s.horizontal)
            .map(|s| s.at)
            .collect(),
        [bottom, top],
    );
    ys.reverse();
    let (columns, rows) = (xs.len().checked_sub(1)?, ys.len().checked_sub(1)?);
    if columns == 0 || rows == 0 || columns * rows < 2 || columns > MAX_LINES || rows > MAX_LINES {
        return None;
    }
    // The segments on each column and row boundary.
    let on = |lines: &[f64], horizontal: bool| -> Vec<Vec<(f64, f64)>> {
        let mut on = vec![Vec::new(); lines.len()];
        for s in group.iter().filter(|s| s.horizontal == horizontal) {
            if let Some(i) = lines.iter().position(|&l| (s.at - l).abs() <= SAME_LINE) {
                on[i].push((s.from, s.to));
            }
        }
        on
    };
    let (on_xs, on_ys) = (on(&xs, false), on(&ys, true));
    // A boundary is drawn where a segment on it crosses the middle of the cells' side.
    let drawn = |on: &[(f64, f64)], middle: f64| {
        on.iter()
            .any(|&(from, to)| from - TOUCH <= middle && middle <= to + TOUCH)
    };
    let index = |r: usize, c: usize| r * columns + c;
    let mut parent: Vec<usize> = (0..rows * columns).collect();
    for r in 0..rows {
        let middle_y = (ys[r] + ys[r + 1]) / 2.0;
        for c in 0..columns {
            let middle_x = (xs[c] + xs[c + 1]) / 2.0;
            if c + 1 < columns && !drawn(&on_xs[c + 1], middle_y) {
                let (a, b) = (
                    find(&mut parent, index(r, c)),
                    find(&mut parent, index(r, c + 1)),
                );
                parent[b] = a;
            }
            if r + 1 < rows && !drawn(&on_ys[r + 1], middle_x) {
                let (a, b) = (
                    find(&mut parent, index(r, c)),
                    find(&mut parent, index(r + 1, c)),
                );
                parent[b] = a;
            }
        }
    }
    // Merged cells in reading order (by their first grid cell); one that is not a rectangle
    // makes the frame doubtful.
    let mut ids = std::collections::HashMap::new();
    let mut bounds: Vec<(usize, usize, usize, usize, usize)> = Vec::new();
    let mut owner = vec![0; rows * columns];
    for (i, slot) in owner.iter_mut().enumerate() {
        let (r, c) = (i / columns, i % columns);
        let root = find(&mut parent, i);
        let id = *ids.entry(root).or_insert_with(|| {
            bounds.push((r, c, r, c, 0));
            bounds.len() - 1
        });
        let b = &mut bounds[id];
        b.1 = b.1.min(c);
        b.2 = b.2.max(r);
        b.3 = b.3.max(c);
        b.4 += 1;
        *slot = id;
    }
    let cells: Vec<(usize, usize, usize, usize)> = bounds
        .iter()
        .map(|&(r, c, last_r, last_c, _)| (r, c, last_r - r + 1, last_c - c + 1))
        .collect();
    let rectangle = bounds
        .iter()
        .map(|&(r, c, last_r, last_c, count)| (last_r - r + 1) * (last_c - c + 1) == count)
        .collect();
    // A cell at the right edge where the edge is drawn elsewhere but not along the cell: the
    // rows beside it end before the table does.
    let edge = &on_xs[columns];
    let outside = cells
        .iter()
        .map(|&(r, c, rs, cs): &(usize, usize, usize, usize)| {
            c + cs == columns
                && !edge.is_empty()
                && (r..r + rs).all(|row| !drawn(edge, (ys[row] + ys[row + 1]) / 2.0))
        })
        .collect();
    Some(Frame {
        xs,
        ys,
        cells,
        owner,
        outside,
        rectangle,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f64, from: f64, to: f64) -> Segment {
        Segment {
            horizontal: true,
            at: y,
            from,
            to,
        }
    }

    fn v(x: f64, from: f64, to: f64) -> Segment {
        Segment {
            horizontal: false,
            at: x,
            from,
            to,
        }
    }

    #[test]
    fn a_missing_boundary_merges_cells_and_a_blank_cell_keeps_its_column() {
        // Three rows, three columns; the first row is one cell across the table, drawn in
        // pieces as Word draws borders.
        let segments = [
            h(100.0, 0.0, 50.0),
            h(100.4, 50.0, 90.0),
            h(80.0, 0.0, 90.0),
            h(60.0, 0.0, 90.0),
            h(40.0, 0.0, 90.0),
            v(0.0, 40.0, 100.0),
            v(90.0, 40.0, 100.0),
            v(30.0, 40.0, 80.0),
            v(60.0, 40.0, 80.0),
        ];
        let frames = frames(&segments);
        assert_eq!(frames.len(), 1);
        let frame = &frames[0];
        assert_eq!(frame.xs, [0.0, 30.0, 60.0, 90.0]);
        assert!(frame.rectangle.iter().all(|r| *r));
        assert!(frame.outside.iter().all(|o| !o));
        assert_eq!(
            frame.cells,
            [
                (0, 0, 1, 3),
                (1, 0, 1, 1),
                (1, 1, 1, 1),
                (1, 2, 1, 1),
                (2, 0, 1, 1),
                (2, 1, 1, 1),
                (2, 2, 1, 1)
            ]
        );
        assert_eq!(frame.cell_at(45.0, 90.0), Some(0));
        assert_eq!(frame.cell_at(75.0, 50.0), Some(6));
        assert_eq!(frame.cell_at(75.0, 20.0), None);
    }

    #[test]
    fn an_l_shaped_cell_is_no_rectangle_and_a_lone_box_is_no_table() {
        // Two by two, where only the boundary between the bottom cells is drawn: the other
        // three cells form an L.
        let segments = [
            h(100.0, 0.0, 60.0),
            h(0.0, 0.0, 60.0),
            h(50.0, 0.0, 30.0),
            v(0.0, 0.0, 100.0),
            v(60.0, 0.0, 100.0),
            v(30.0, 0.0, 50.0),
        ];
        let l_shaped = frames(&segments);
        assert_eq!(l_shaped[0].rectangle, [false, true], "{l_shaped:?}");
        let box_only = [
            h(100.0, 0.0, 60.0),
            h(0.0, 0.0, 60.0),
            v(0.0, 0.0, 100.0),
            v(60.0, 0.0, 100.0),
        ];
        assert!(frames(&box_only).is_empty());
    }
}
