//! The package's promises about itself: the `rust-version` it declares is the newest one its
//! dependencies need, and the corpus generator is not a binary `cargo install` installs.

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
    assert_eq!(
        version(ours),
        newest.0,
        "rust-version should be the newest a dependency needs ({} needs {:?})",
        newest.1,
        newest.0
    );
}

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
