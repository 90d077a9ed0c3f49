//! `nianbao [INBOX]` errors that are reported before the dashboard takes over the terminal, so
//! they need no terminal to test: a key configuration with a conflict, a missing configuration
//! file, an inbox that is not a folder.

use assert_cmd::Command;

fn nianbao(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_key_bound_twice_is_reported_with_the_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("nianbao.toml"), "[keys]\nconfirm = \"d\"\n").unwrap();
    let inbox = dir.path().to_str().unwrap();
    let (code, stderr) = nianbao(&[inbox]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("按键「d」同时绑定了「confirm」和「dismiss」"),
        "{stderr}"
    );
    let (code, stderr) = nianbao(&["--lang", "en", inbox]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("key `d` is bound to both `confirm` and `dismiss`"),
        "{stderr}"
    );
}

#[test]
fn a_given_configuration_must_exist_and_be_valid() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().to_str().unwrap();
    let missing = dir.path().join("missing.toml");
    let (code, stderr) = nianbao(&[inbox, "--config", missing.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.toml"), "{stderr}");

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[keys]\nfly = \"f\"\n").unwrap();
    let (code, stderr) = nianbao(&["--lang", "en", inbox, "--config", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown action `fly`"), "{stderr}");
}

#[test]
fn the_inbox_must_be_a_folder() {
    let (code, stderr) = nianbao(&["no-such-inbox-folder"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("收件箱不是文件夹"), "{stderr}");
}
