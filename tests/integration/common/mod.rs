//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use nianbao::pipeline::{self, CheckOptions, CheckedReport};

mod patch;

/// A seed report of `sample-reports/`.
pub fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-reports")
        .join(name)
}

/// A fixture file under `tests/fixtures/<area>/`.
pub fn fixture(area: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(area)
        .join(name)
}

/// A file read, parsed and checked with every rule at its default severity.
pub fn checked(path: &Path) -> CheckedReport {
    pipeline::check_file(path, &CheckOptions::default())
}

/// The two real reference reports of the workspace's `shared/reference-reports/`, copied
/// unchanged into `tests/fixtures/real/` so that the tests that read them always run.
pub const REFERENCE_REPORTS: [&str; 2] = ["huaian-szf-2024.txt", "shuyang-fgj-2023.txt"];

/// The paths of [`REFERENCE_REPORTS`].
pub fn reference_reports() -> [PathBuf; 2] {
    REFERENCE_REPORTS.map(|name| fixture("real", name))
}

/// `count` texts of up to `max_len` pieces each, picked from `pieces` by a fixed xorshift
/// sequence from `seed`: report-like fragments in orders no real report has, for tests that
/// the parser and the rules never panic.
pub fn scrambled(pieces: &[&str], count: usize, max_len: u64, seed: u64) -> Vec<String> {
    let mut state = seed.max(1);
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|_| {
            let len = next() % max_len;
            (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect()
        })
        .collect()
}

/// Parses a text and runs every rule over it, for tests that only care that nothing panics.
pub fn check_text(text: &str) {
    let report = nianbao::report::parse::parse_text(text, nianbao::ingest::SourceEncoding::Utf8);
    let _ = nianbao::rules::run(&report, &nianbao::rules::RuleSelection::default());
}

/// How long a call on a hostile file may take before the test calls it hung: generous, since
/// these tests check that a call returns at all, never how fast.
pub const HANG: std::time::Duration = std::time::Duration::from_secs(20);

/// Runs `f` on a thread and returns its result, failing the test if it has not returned within
/// [`HANG`]: a call that blocks forever (a read of a FIFO) fails the test instead of hanging it.
pub fn finishes<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(HANG) {
        Ok(value) => value,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what} did not return within {HANG:?}: it hangs")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => panic!("{what} panicked"),
    }
}

/// Makes a FIFO (a named pipe) at `path`.
#[cfg(unix)]
pub fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("no NUL in the path");
    // SAFETY: `name` is a valid NUL-terminated string that outlives the call.
    let made = unsafe { libc::mkfifo(name.as_ptr(), 0o644) };
    assert_eq!(made, 0, "mkfifo {}", path.display());
}

/// Makes folders nested under `root` until their path is longer than the system allows to
/// open (PATH_MAX, 4096 bytes on Linux), with a report `deep.txt` in the deepest one; returns
/// the path of the deepest folder. Done by a shell stepping down with relative `cd`s, which
/// works past the limit where one absolute path cannot.
#[cfg(unix)]
pub fn too_deep_folder(root: &Path) -> PathBuf {
    let name = "d".repeat(200);
    let levels = 4200 / (name.len() + 1) + 1;
    let script = format!(
        "for i in $(seq {levels}); do mkdir {name} && cd -P {name} || exit 1; done; \
         printf '一、总体情况\\n' > deep.txt"
    );
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(root)
        .status()
        .expect("sh runs");
    assert!(status.success(), "nested folders made");
    let mut deepest = root.to_path_buf();
    for _ in 0..levels {
        deepest.push(&name);
    }
    assert!(deepest.as_os_str().len() > 4096);
    deepest
}

/// The flags of a report as sorted `code fingerprint` lines: what must survive a re-submission
/// of the same report in another format.
pub fn fingerprints(report: &CheckedReport) -> Vec<String> {
    let mut prints: Vec<String> = report
        .flags
        .iter()
        .map(|f| format!("{} {}", f.code, f.fingerprint))
        .collect();
    prints.sort();
    prints
}

/// Check options running only the cross-report rules, so that the single-report rules' own
/// tests stay theirs.
pub fn cross_only() -> CheckOptions {
    CheckOptions {
        selection: nianbao::rules::RuleSelection {
            selected: nianbao::rules::cross::CROSS_REGISTRY
                .iter()
                .map(|r| r.meta().code.to_string())
                .collect(),
            ..nianbao::rules::RuleSelection::default()
        },
        ..CheckOptions::default()
    }
}

/// A rule fixture `tests/fixtures/rules/<code>/<stem>.txt` or `<stem>.patch`, whichever is
/// stored: a test names a fixture by what it shows, not by how it is stored.
pub fn rule_fixture(code: &str, stem: &str) -> PathBuf {
    stored_fixture(&fixture("rules", code), stem)
}

/// The fixture `<stem>.txt` or `<stem>.patch` in `dir`, whichever is stored.
pub fn stored_fixture(dir: &Path, stem: &str) -> PathBuf {
    let whole = dir.join(format!("{stem}.txt"));
    if whole.exists() {
        return whole;
    }
    let patch = dir.join(format!("{stem}.patch"));
    assert!(
        patch.exists(),
        "no fixture {stem}.txt or .patch in {}",
        dir.display()
    );
    patch
}

/// A folder of fixtures as an inbox on disk: each file of `dir` written under its own name in
/// a temporary folder, a `.patch` applied to its base and named `.txt`. Every file gets one
/// modification time, so which of two copies is current (`report-superseded`) never depends
/// on the order they were written in: the later path, as in `bench/same-output.sh`.
pub fn fixture_inbox(dir: &Path) -> tempfile::TempDir {
    let inbox = tempfile::tempdir().expect("temp dir");
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = match path.extension() {
            Some(e) if e == "patch" => path.with_extension("txt"),
            _ => path.clone(),
        };
        let target = inbox.path().join(name.file_name().expect("a file name"));
        std::fs::write(&target, fixture_bytes(&path)).expect("the fixture is written");
        std::fs::File::options()
            .write(true)
            .open(&target)
            .and_then(|f| f.set_modified(std::time::UNIX_EPOCH))
            .expect("set modification time");
    }
    inbox
}

/// A fixture as a file on disk, for what reads a path (the pipeline, the command line): a
/// `.patch` fixture applied to its base and written, under its own name with `.txt`, in a
/// temporary folder that lives as long as this value.
pub struct FixtureFile {
    pub path: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

/// The fixture at `path` as a file on disk: itself, or its patch applied (see [`FixtureFile`]).
pub fn fixture_file(path: &Path) -> FixtureFile {
    if path.extension().is_none_or(|e| e != "patch") {
        return FixtureFile {
            path: path.to_path_buf(),
            _dir: None,
        };
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir
        .path()
        .join(path.with_extension("txt").file_name().expect("a file name"));
    std::fs::write(&file, fixture_bytes(path)).expect("the fixture is written");
    FixtureFile {
        path: file,
        _dir: Some(dir),
    }
}

/// A rule fixture checked the way `nianbao check` checks a file (see [`fixture_file`]).
pub fn checked_fixture(path: &Path) -> CheckedReport {
    checked(&fixture_file(path).path)
}

/// A fixture's text: a `.txt` file as it is, a `.patch` file applied to its base.
pub fn fixture_text(path: &Path) -> String {
    String::from_utf8(fixture_bytes(path))
        .unwrap_or_else(|_| panic!("{}: not UTF-8", path.display()))
}

pub use patch::{apply_patch, fixture_bases};

/// A fixture's bytes (see [`patch::read_fixture`]); a missing file or a wrong patch fails the
/// test with the fixture's name.
pub fn fixture_bytes(path: &Path) -> Vec<u8> {
    patch::read_fixture(path).unwrap_or_else(|e| panic!("{e}"))
}
