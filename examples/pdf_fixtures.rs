//! Writes the PDF fixtures of `tests/fixtures/pdf/` from the texts `SOURCES.tsv` names (whole
//! files, or patches on a base report), with the project's own PDF writer
//! (`nianbao::ingest::formats::write::pdf`):
//!
//! ```text
//! cargo run --example pdf_fixtures
//! ```
//!
//! The fixtures are committed; `tests/integration/pdf.rs` checks that this program still
//! writes them byte for byte, and that each gives the flags of its text.

use std::path::Path;
use std::process::ExitCode;

use nianbao::ingest::formats::write;

/// The reader of fixtures stored as a patch on a base report, shared with the tests.
#[path = "../tests/integration/common/patch.rs"]
mod patch;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/fixtures/pdf");
    let sources = match std::fs::read_to_string(dir.join("SOURCES.tsv")) {
        Ok(sources) => sources,
        Err(error) => {
            eprintln!("pdf_fixtures: reading SOURCES.tsv: {error}");
            return ExitCode::FAILURE;
        }
    };
    for line in sources
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let Some((name, source)) = line.split_once('\t') else {
            eprintln!("pdf_fixtures: not `name<TAB>source`: {line}");
            return ExitCode::FAILURE;
        };
        let written = patch::read_fixture(&root.join(source))
            .and_then(|bytes| String::from_utf8(bytes).map_err(|e| e.to_string()))
            .and_then(|text| write::pdf(&text).map_err(|e| e.to_string()))
            .and_then(|pdf| std::fs::write(dir.join(name), pdf).map_err(|e| e.to_string()));
        if let Err(error) = written {
            eprintln!("pdf_fixtures: {name} from {source}: {error}");
            return ExitCode::FAILURE;
        }
        println!("{name} ← {source}");
    }
    ExitCode::SUCCESS
}
