//! Spreadsheets (.xlsx, .xls) read with `calamine`: each worksheet is one table.
//!
//! Offices fill the statistics tables of a report in a spreadsheet. Merged regions are
//! expanded (the value in the top-left cell, the rest covered). Numbers are kept exact: Excel
//! stores every number as a float, and a count of `3.0` is the count 3, written `3`; a
//! fraction keeps its digits. A formula whose result was never calculated and saved (a file
//! written by a program, not by Excel) and an error value (`#DIV/0!`) are unreadable cells,
//! never blanks: a blank is a finding of its own.
//!
//! A .xlsx is a zip package: the whole package is inflated once within the size limit before
//! calamine reads it, so a zip bomb stops at the limit. The cells of an .xlsx are streamed, so a
//! sheet that names a far-away cell does not allocate the rectangle up to it.

use std::io::Cursor;

use calamine::{Data, DataRef, Dimensions, Reader, Xls, Xlsx};

use super::grid::{Grid, MAX_CELLS};
use super::zip_part::Package;
use super::{Block, CellKind, Extracted, Format, FormatError, Limits};

/// What a cell of a worksheet holds.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Unreadable(String),
}

/// One worksheet's cells (absolute positions) and merged regions.
#[derive(Debug, Default)]
struct Sheet {
    cells: Vec<((u32, u32), Value)>,
    merged: Vec<Dimensions>,
}

fn error(e: impl std::fmt::Display) -> FormatError {
    FormatError::Spreadsheet(e.to_string())
}

/// Reads a workbook: one table per worksheet, in the workbook's order.
pub fn read(bytes: &[u8], format: Format, limits: Limits) -> Result<Extracted, FormatError> {
    let sheets = match format {
        Format::Xls => read_xls(bytes)?,
        _ => {
            Package::open(bytes, limits.max_bytes)?.check_all()?;
            read_xlsx(bytes)?
        }
    };
    let mut blocks = Vec::new();
    let mut used = 0usize;
    for (index, sheet) in sheets.into_iter().enumerate() {
        let mut grid = Grid::new(index, MAX_CELLS.saturating_sub(used));
        for region in &sheet.merged {
            let origin = sheet
                .cells
                .iter()
                .find(|(at, _)| *at == region.start)
                .map(|(_, v)| v.clone());
            let (text, kind) = cell_of(origin);
            grid.place(
                region.start.0 as usize,
                region.start.1 as usize,
                text,
                kind,
                (region.end.0.saturating_sub(region.start.0) + 1) as usize,
                (region.end.1.saturating_sub(region.start.1) + 1) as usize,
            )?;
        }
        for ((row, column), value) in sheet.cells {
            let (text, kind) = cell_of(Some(value));
            grid.place(row as usize, column as usize, text, kind, 1, 1)?;
        }
        used += grid.cells_used();
        blocks.push(Block::Table(grid.finish()));
    }
    Ok(Extracted {
        blocks,
        ..Extracted::default()
    })
}

fn cell_of(value: Option<Value>) -> (String, CellKind) {
    match value {
        Some(Value::Text(text)) => (text, CellKind::Value),
        Some(Value::Unreadable(reason)) => (String::new(), CellKind::Unreadable { reason }),
        None => (String::new(), CellKind::Value),
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, FormatError> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(error)?;
    let mut sheets = Vec::new();
    let mut total = 0usize;
    for name in workbook.sheet_names() {
        let mut sheet = Sheet {
            merged: workbook.merge_cells_by_sheet_name(&name).map_err(error)?,
            ..Sheet::default()
        };
        let mut reader = workbook.worksheet_cells_reader(&name).map_err(error)?;
        while let Some(cell) = reader.next_cell_with_formula_metadata().map_err(error)? {
            total += 1;
            if total > MAX_CELLS {
                return Err(FormatError::TooManyCells { limit: MAX_CELLS });
            }
            let value = match (value_ref(&cell.value), cell.formula.is_some()) {
                (None, true) => Some(Value::Unreadable(
                    "formula without a saved result".to_string(),
                )),
                (value, _) => value,
            };
            if let Some(value) = value {
                sheet.cells.push((cell.pos, value));
            }
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn read_xls(bytes: &[u8]) -> Result<Vec<Sheet>, FormatError> {
    let mut workbook = Xls::new(Cursor::new(bytes)).map_err(error)?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(error)?;
        let formulas = workbook.worksheet_formula(&name).ok();
        let merged = workbook
            .merge_cells_by_sheet_name(&name)
            .unwrap_or_default();
        let mut sheet = Sheet {
            merged,
            ..Sheet::default()
        };
        let (row0, col0) = range.start().unwrap_or((0, 0));
        for (row, column, data) in range.cells() {
            let at = (row0 + row as u32, col0 + column as u32);
            let has_formula = formulas
                .as_ref()
                .and_then(|f| f.get_value(at))
                .is_some_and(|f| !f.is_empty());
            let value = match (value_data(data), has_formula) {
                (None, true) => Some(Value::Unreadable(
                    "formula without a saved result".to_string(),
                )),
                (value, _) => value,
            };
            if let Some(value) = value {
                sheet.cells.push((at, value));
            }
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn value_ref(data: &DataRef<'_>) -> Option<Value> {
    match data {
        DataRef::Empty => None,
        DataRef::Int(i) => Some(Value::Text(i.to_string())),
        DataRef::Float(f) => Some(Value::Text(number(*f))),
        DataRef::String(s) => Some(Value::Text(s.clone())),
        DataRef::SharedString(s) => Some(Value::Text((*s).to_string())),
        DataRef::Bool(b) => Some(Value::Text(b.to_string().to_uppercase())),
        DataRef::DateTime(d) => Some(Value::Text(date(d))),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Some(Value::Text(s.clone())),
        DataRef::Error(e) => Some(Value::Unreadable(format!("error value {e}"))),
    }
}

fn value_data(data: &Data) -> Option<Value> {
    match data {
        Data::Empty => None,
        Data::Int(i) => Some(Value::Text(i.to_string())),
        Data::Float(f) => Some(Value::Text(number(*f))),
        Data::String(s) => Some(Value::Text(s.clone())),
        Data::Bool(b) => Some(Value::Text(b.to_string().to_uppercase())),
        Data::DateTime(d) => Some(Value::Text(date(d))),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(Value::Text(s.clone())),
        Data::Error(e) => Some(Value::Unreadable(format!("error value {e}"))),
    }
}

/// A number as a person wrote it: a whole float without its `.0`, a fraction with the
/// shortest digits that give the same float back.
fn number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A date cell as reports write dates (`2024年1月17日`), with the time when there is one.
fn date(d: &calamine::ExcelDateTime) -> String {
    match d.as_datetime() {
        Some(dt) if dt.time() == chrono::NaiveTime::MIN => dt.format("%Y年%-m月%-d日").to_string(),
        Some(dt) => dt.format("%Y-%m-%d %H:%M").to_string(),
        None => number(d.as_f64()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Block, CellKind};
    use super::*;

    #[test]
    fn numbers_are_exact() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(1e20), "100000000000000000000");
    }

    #[test]
    fn a_workbook_with_merges_numbers_and_a_formula_without_a_result() {
        use rust_xlsxwriter::{Formula, Workbook};
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet
            .merge_range(0, 0, 1, 1, "三、本年度办理结果", &Default::default())
            .expect("merge");
        sheet.write_number(0, 2, 3.0).expect("write");
        sheet.write_number(1, 2, 2.5).expect("write");
        sheet.write_string(2, 0, "（一）予以公开").expect("write");
        sheet.write_string(2, 1, "").expect("write");
        sheet
            .write_formula(2, 2, Formula::new("=C1+C2"))
            .expect("write");
        let bytes = workbook.save_to_buffer().expect("saved");
        // rust_xlsxwriter saves 0 as the formula's result; a file written by a program that
        // does not calculate has none.
        let bytes = without_formula_results(&bytes);
        let extracted = read(&bytes, Format::Xlsx, Limits::default()).expect("read");
        let [Block::Table(table)] = extracted.blocks.as_slice() else {
            panic!("one table: {:?}", extracted.blocks);
        };
        assert_eq!(table.rows[0][0].text, "三、本年度办理结果");
        assert_eq!(
            table.rows[0][1].kind,
            CellKind::Covered { row: 0, column: 0 }
        );
        assert_eq!(
            table.rows[1][0].kind,
            CellKind::Covered { row: 0, column: 0 }
        );
        assert_eq!(table.rows[0][2].text, "3");
        assert_eq!(table.rows[1][2].text, "2.5");
        assert_eq!(table.rows[2][1].kind, CellKind::Value);
        assert!(
            matches!(table.rows[2][2].kind, CellKind::Unreadable { .. }),
            "{:?}",
            table.rows[2][2]
        );
        assert_eq!(table.rows[2][2].at.row, 2);
        assert_eq!(table.rows[2][2].at.column, 2);
    }

    /// The package with the cached results of formulas removed from the first sheet.
    fn without_formula_results(bytes: &[u8]) -> Vec<u8> {
        use std::io::Read;
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
        let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).expect("entry");
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("read");
            let name = entry.name().expect("a name").to_string();
            if name == "xl/worksheets/sheet1.xml" {
                let xml = String::from_utf8(data).expect("utf-8");
                assert!(xml.contains("</f><v>0</v>"), "{xml}");
                data = xml.replace("</f><v>0</v>", "</f>").into_bytes();
            }
            parts.push((name, data));
        }
        let parts: Vec<(&str, &[u8])> = parts
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect();
        super::super::zip_part::tests::zip_of(&parts)
    }

    #[test]
    fn bytes_that_are_not_a_workbook_are_an_error() {
        assert!(read(b"not a workbook", Format::Xlsx, Limits::default()).is_err());
        assert!(read(b"not a workbook", Format::Xls, Limits::default()).is_err());
    }
}
