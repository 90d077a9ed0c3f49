//! The package's promises about itself: the `rust-version` it declares is the newest one its
//! dependencies or its own code need, the corpus generator is not a binary `cargo install` installs, and the
//! integration tests are one binary that leaves no test file out.

use std::collections::HashSet;
use std::process::Command;

use serde_json::Value;

fn cargo(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// `1.88` and `1.88.0` compare equal.
fn version(text: &str) -> Vec<u32> {
    let mut parts: Vec<u32> = text.split('.').filter_map(|p| p.parse().ok()).collect();
    parts.resize(3, 0);
    parts
}

#[test]
fn rust_version_is_the_newest_a_dependency_needs() {
    // The packages actually built, for any target, tests included (cargo tree follows the
    // features in use; cargo metadata's graph also lists optional ones nobody enables).
    let tree = cargo(&[
        "tree",
        "--target",
        "all",
        "-e",
        "normal,build,dev",
        "--prefix",
        "none",
        "--all-features",
    ]);
    let built: HashSet<(String, String)> = tree
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next()?;
            let version = words.next()?.strip_prefix('v')?;
            Some((name.to_string(), version.to_string()))
        })
        .collect();
    assert!(built.len() > 50, "{tree}");
    let metadata: Value =
        serde_json::from_str(&cargo(&["metadata", "--format-version", "1"])).expect("JSON");
    let packages = metadata["packages"].as_array().expect("packages");
    let ours = packages
        .iter()
        .find(|p| p["name"] == "nianbao")
        .and_then(|p| p["rust_version"].as_str())
        .expect("nianbao declares a rust-version");
    let newest = packages
        .iter()
        .filter(|p| p["name"] != "nianbao")
        .filter(|p| {
            let key = (
                p["name"].as_str().unwrap_or_default().to_string(),
                p["version"].as_str().unwrap_or_default().to_string(),
            );
            built.contains(&key)
        })
        .filter_map(|p| {
            Some((
                version(p["rust_version"].as_str()?),
                p["name"].as_str()?.to_string(),
            ))
        })
        .max()
        .expect("some dependency declares a rust-version");
    // Or what nianbao's own code needs, when newer.
    let needed = newest.0.clone().max(version(OWN_RUST_VERSION));
    assert_eq!(
        version(ours),
        needed,
        "rust-version should be the newest a dependency needs ({} needs {:?}) or nianbao's own \
         code needs ({OWN_RUST_VERSION})",
        newest.1,
        newest.0
    );
}

/// The Rust nianbao's own code needs: the AVX-512 target features and intrinsics of the
/// sketch's decoder and hashing (`src/rules/cross/facts.rs`), stable since 1.89.
const OWN_RUST_VERSION: &str = "1.89";

#[test]
fn cargo_install_leaves_the_corpus_generator_out() {
    let metadata: Value =
        serde_json::from_str(&cargo(&["metadata", "--format-version", "1", "--no-deps"]))
            .expect("JSON");
    let targets = metadata["packages"][0]["targets"]
        .as_array()
        .expect("targets");
    let corpus = targets
        .iter()
        .find(|t| t["name"] == "nianbao-corpus")
        .expect("the corpus generator is a target");
    assert_eq!(corpus["required-features"], serde_json::json!(["corpus"]));
    let nianbao = targets
        .iter()
        .find(|t| t["name"] == "nianbao" && t["kind"][0] == "bin")
        .expect("the nianbao binary");
    assert!(nianbao.get("required-features").is_none_or(Value::is_null));
}

/// The `mod` lines of `tests/integration/main.rs`.
fn declared_modules(main: &str) -> HashSet<String> {
    main.lines()
        .filter_map(|line| line.trim().strip_prefix("mod ")?.strip_suffix(';'))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_test_file_is_a_module() {
    let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    // A file directly in tests/ (or a folder with a main.rs) would be a test binary of its own,
    // linked and started apart: the one binary is tests/integration/.
    let mut binaries = Vec::new();
    for entry in std::fs::read_dir(&tests).expect("tests/") {
        let path = entry.expect("an entry of tests/").path();
        let own_binary = path.extension().is_some_and(|e| e == "rs")
            || (path.join("main.rs").is_file() && !path.ends_with("integration"));
        if own_binary {
            binaries.push(path.display().to_string());
        }
    }
    assert!(
        binaries.is_empty(),
        "test binaries outside tests/integration/ (make them modules of it): {binaries:?}"
    );
    // A file of tests/integration/ that main.rs does not name is never compiled, so its tests
    // would pass by not running.
    let dir = tests.join("integration");
    let main = std::fs::read_to_string(dir.join("main.rs")).expect("tests/integration/main.rs");
    let declared = declared_modules(&main);
    let mut forgotten = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/integration/") {
        let path = entry.expect("an entry of tests/integration/").path();
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let module = path.extension().is_some_and(|e| e == "rs") && name != "main"
            || path.join("mod.rs").is_file();
        if module && !declared.contains(name) {
            forgotten.push(path.display().to_string());
        }
    }
    assert!(
        forgotten.is_empty(),
        "test files tests/integration/main.rs does not declare: {forgotten:?}"
    );
}
