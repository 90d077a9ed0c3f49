//! Fixtures stored as a patch on a base report: reading one, and the patch format. Shared by
//! the integration tests (`common`) and `examples/pdf_fixtures.rs`, which writes PDFs from
//! fixtures (included there with `#[path]`), so there is one reader of the format.

use std::path::{Path, PathBuf};

/// The folder of the base reports that `.patch` fixtures are written against.
pub fn fixture_bases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bases")
}

/// A fixture's bytes: a `.txt` file as it is, a `.patch` file applied to its base.
///
/// A fixture that differs from a whole report by a line or two is stored as that difference
/// (see [`apply_patch`]), not as another full copy of the report.
pub fn read_fixture(path: &Path) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if path.extension().is_none_or(|e| e != "patch") {
        return Ok(bytes);
    }
    let patch = String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8", path.display()))?;
    let base_name = patch
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("base "))
        .ok_or_else(|| format!("{}: the first line names the base", path.display()))?;
    let base_path = fixture_bases().join(base_name);
    let base =
        std::fs::read_to_string(&base_path).map_err(|e| format!("{}: {e}", base_path.display()))?;
    apply_patch(&base, &patch)
        .map(String::into_bytes)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Applies a fixture patch to the text of its base report.
///
/// The format is line-based, against the base's 1-based line numbers, one operation a line
/// after the first (`base <file>`): `= N text` replaces line N with `text`, `- N` deletes line
/// N, `+ N text` inserts `text` before line N (N is one past the last line to append). The
/// text is everything after the single space, tabs and all. Lines are split on `\n` only, so a
/// base's final newline and any `\r` are kept as they are.
pub fn apply_patch(base: &str, patch: &str) -> Result<String, String> {
    let lines: Vec<&str> = base.split('\n').collect();
    let mut deleted = vec![false; lines.len()];
    let mut inserted: Vec<Vec<&str>> = vec![Vec::new(); lines.len() + 1];
    for (i, op) in patch.split('\n').enumerate().skip(1) {
        if op.is_empty() {
            continue;
        }
        let (kind, rest) = op.split_at(1);
        let rest = rest
            .strip_prefix(' ')
            .ok_or(format!("patch line {}: `{op}`", i + 1))?;
        let (number, text) = rest.split_once(' ').unwrap_or((rest, ""));
        let n: usize = number
            .parse()
            .map_err(|_| format!("patch line {}: no line number in `{op}`", i + 1))?;
        if n == 0 || n > lines.len() + usize::from(kind == "+") {
            return Err(format!("patch line {}: the base has no line {n}", i + 1));
        }
        match kind {
            "=" | "-" if deleted[n - 1] => {
                return Err(format!("patch line {}: line {n} changed twice", i + 1))
            }
            "=" => {
                deleted[n - 1] = true;
                inserted[n - 1].push(text);
            }
            "-" => deleted[n - 1] = true,
            "+" => inserted[n - 1].push(text),
            _ => return Err(format!("patch line {}: `{kind}` is not = - or +", i + 1)),
        }
    }
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        out.extend(&inserted[i]);
        if !deleted[i] {
            out.push(line);
        }
    }
    out.extend(&inserted[lines.len()]);
    Ok(out.join("\n"))
}
