//! Pretty-printed JSON written a piece at a time, byte for byte what `serde_json::to_string_pretty`
//! gives for the whole document, so that `json` and `sarif` can write each report as it comes
//! instead of building one value of the whole run.
//!
//! A document is rendered with a placeholder where a streamed array goes and cut there: the text
//! before it is written first, the array's elements one by one ([`Array`]), the text after it
//! last. Pretty-printing puts every element on lines of its own indented by its depth; a value
//! rendered alone is put at a depth by indenting every line after its first ([`at_depth`]),
//! which is safe because JSON strings never hold a raw line break.

use std::io::{self, Write};

use serde_json::Value;

use crate::sanitize::escape_terminal_controls;

/// What serde_json indents one level by.
const INDENT: usize = 2;

/// A value that stands for a part of a document written separately (see [`split`]). The NUL
/// characters are serialised as `\u0000`, which no path can hold and our own text never has.
pub(super) fn placeholder(name: &str) -> Value {
    Value::String(format!("\u{0}nianbao-{name}\u{0}"))
}

/// `value` pretty-printed as it is inside a document at `depth` levels: every line after the
/// first indented by the depth, terminal controls escaped.
pub(super) fn at_depth(value: &Value, depth: usize) -> io::Result<String> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    let text = escape_terminal_controls(&text);
    if depth == 0 || !text.contains('\n') {
        return Ok(text);
    }
    let margin = format!("\n{}", " ".repeat(depth * INDENT));
    Ok(text.replace('\n', &margin))
}

/// Where to look for a placeholder in a rendered document: before it, only text of ours
/// (`First`), or after it (`Last`), so that report text equal to the placeholder's form is
/// never taken for it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Find {
    First,
    Last,
}

/// `value` rendered at `depth` and cut at the placeholder `name`: the text before it and the
/// text after it.
pub(super) fn split(
    value: &Value,
    depth: usize,
    name: &str,
    find: Find,
) -> io::Result<(String, String)> {
    split_text(&at_depth(value, depth)?, name, find)
}

/// Rendered text cut at the placeholder `name` (see [`split`]).
pub(super) fn split_text(text: &str, name: &str, find: Find) -> io::Result<(String, String)> {
    let mark = serde_json::to_string(&placeholder(name)).map_err(io::Error::other)?;
    let at = match find {
        Find::First => text.find(&mark),
        Find::Last => text.rfind(&mark),
    }
    .ok_or_else(|| io::Error::other("placeholder missing from the rendered document"))?;
    Ok((text[..at].to_string(), text[at + mark.len()..].to_string()))
}

/// An array of a pretty-printed document whose elements are written one at a time: each on a
/// line of its own one level deeper than the array, `[]` when it has none.
#[derive(Debug, Clone, Copy)]
pub(super) struct Array {
    /// The depth of the array itself (its closing bracket's line).
    depth: usize,
    len: usize,
}

impl Array {
    /// An array at `depth`, nothing of it written yet (its `[` goes out with the first element
    /// or with [`Array::close`]).
    pub(super) fn new(depth: usize) -> Array {
        Array { depth, len: 0 }
    }

    /// The depth at which an element is rendered (see [`at_depth`]).
    pub(super) fn element_depth(self) -> usize {
        self.depth + 1
    }

    /// Writes what goes before an element: the bracket or a comma, the line break, the indent.
    pub(super) fn element(&mut self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(if self.len == 0 { b"[\n" } else { b",\n" })?;
        self.len += 1;
        write_indent(out, self.element_depth())
    }

    /// Writes the end of the array.
    pub(super) fn close(self, out: &mut impl Write) -> io::Result<()> {
        if self.len == 0 {
            return out.write_all(b"[]");
        }
        out.write_all(b"\n")?;
        write_indent(out, self.depth)?;
        out.write_all(b"]")
    }
}

fn write_indent(out: &mut impl Write, depth: usize) -> io::Result<()> {
    for _ in 0..depth * INDENT {
        out.write_all(b" ")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A document written in pieces is the document pretty-printed whole.
    #[test]
    fn pieces_make_the_whole_document() {
        let elements = [
            json!({ "a": [1, 2], "b": {}, "c": [], "d": { "e": "x\ny" } }),
            json!([]),
            json!("\u{202e}"),
        ];
        for count in 0..=elements.len() {
            let whole = json!({
                "head": 1,
                "list": elements[..count],
                "tail": { "n": count },
            });
            let expected =
                escape_terminal_controls(&serde_json::to_string_pretty(&whole).expect("renders"));
            let template = json!({
                "head": 1,
                "list": placeholder("list"),
                "tail": { "n": count },
            });
            let (before, after) = split(&template, 0, "list", Find::First).expect("splits");
            let mut out = before.into_bytes();
            let mut array = Array::new(1);
            for element in &elements[..count] {
                array.element(&mut out).expect("writes");
                let text = at_depth(element, array.element_depth()).expect("renders");
                out.extend_from_slice(text.as_bytes());
            }
            array.close(&mut out).expect("writes");
            out.extend_from_slice(after.as_bytes());
            assert_eq!(String::from_utf8(out).expect("utf-8"), expected, "{count}");
        }
    }

    #[test]
    fn report_text_equal_to_a_placeholder_is_not_taken_for_it() {
        let template = json!({ "name": placeholder("x"), "list": placeholder("x") });
        let (before, after) = split(&template, 0, "x", Find::Last).expect("splits");
        assert!(before.contains("nianbao-x"), "{before}");
        assert_eq!(after, "\n}");
    }
}
