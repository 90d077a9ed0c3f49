//! The command line's help: Chinese by default, English with `--lang en` or an English locale,
//! with examples; completions and the man page generated from the same definitions.

use assert_cmd::Command;

const SUBCOMMANDS: [&str; 8] = [
    "check",
    "rules",
    "explain",
    "watch",
    "init",
    "completions",
    "man",
    "export",
];

/// Runs `nianbao` with a neutral locale: the language comes from the arguments alone.
fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .args(args)
        .output()
        .expect("runs")
}

/// `nianbao` with a neutral locale: exit code and stdout.
fn nianbao(args: &[&str]) -> (i32, String) {
    let output = run(args);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("UTF-8"),
    )
}

#[test]
fn chinese_help_snapshot() {
    let (code, root) = nianbao(&["--help"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("help_zh", root);
    let (_, check) = nianbao(&["check", "--help"]);
    insta::assert_snapshot!("help_zh_check", check);
}

#[test]
fn every_subcommand_has_chinese_help_with_examples() {
    for sub in SUBCOMMANDS {
        let (code, help) = nianbao(&[sub, "--help"]);
        assert_eq!(code, 0, "{sub}");
        assert!(
            help.contains("用法：") && help.contains("示例："),
            "{sub}:\n{help}"
        );
        assert!(help.contains("显示帮助"), "{sub}:\n{help}");
        // clap's own words are Chinese too.
        for english in [
            "Usage:",
            "[OPTIONS]",
            "<COMMAND>",
            "[default:",
            "[possible values:",
        ] {
            assert!(!help.contains(english), "{sub}: `{english}` in\n{help}");
        }
        // No English sentence is left: every help line ends in Chinese or in clap's own
        // bracketed defaults.
        for line in help.lines() {
            let prose = line.split(" [").next().unwrap_or_default();
            assert!(
                !prose.contains(" the ") && !prose.contains("Print"),
                "{sub}: English left in `{line}`"
            );
        }
        let (_, english) = nianbao(&["--lang", "en", sub, "--help"]);
        assert!(
            english.contains("Usage:") && english.contains("Examples:"),
            "{sub}:\n{english}"
        );
        assert!(!english.contains("用法"), "{sub}");
    }
}

#[test]
fn lang_after_help_and_an_english_locale_give_english_help() {
    let (_, late) = nianbao(&["check", "--help", "--lang", "en"]);
    assert!(late.contains("Usage:"), "{late}");
    let output = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_GB.UTF-8")
        .arg("--help")
        .output()
        .expect("runs");
    let english = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(english.contains("Usage:") && english.contains("Examples:"));
    let (_, chinese) = nianbao(&["help", "export"]);
    assert!(chinese.contains("用法："), "{chinese}");
}

#[test]
fn completions_and_man_page_come_from_the_definitions() {
    let (code, bash) = nianbao(&["completions", "bash"]);
    assert_eq!(code, 0);
    for sub in SUBCOMMANDS {
        assert!(
            bash.contains(sub),
            "{sub} missing from the bash completions"
        );
    }
    assert!(bash.contains("--select") && bash.contains("--ascii"));
    let (code, man) = nianbao(&["man"]);
    assert_eq!(code, 0);
    assert!(
        man.starts_with(".ie") && man.contains(".TH nianbao 1"),
        "{man}"
    );
    assert!(man.contains("审核政府信息公开工作年度报告"));
    let (_, english) = nianbao(&["--lang", "en", "man"]);
    assert!(english.contains("Audit the annual government information disclosure reports"));
    let (code, _) = nianbao(&["completions", "tcsh"]);
    assert_eq!(code, 2, "an unknown shell is a usage error");
}

/// `nianbao` with a neutral locale, for a command line clap refuses: exit code and stderr.
fn refused(args: &[&str]) -> (i32, String) {
    let output = run(args);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

#[test]
fn command_line_errors_are_in_chinese_by_default() {
    let (code, unknown) = refused(&["check", "--frobnicate", "报告.txt"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("error_zh_unknown_argument", unknown);
    let (code, value) = refused(&["check", "--format", "pdf", "报告.txt"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("error_zh_invalid_value", value);
    let (code, size) = refused(&["check", "--max-bytes", "3Q", "报告.txt"]);
    assert_eq!(code, 2);
    assert!(
        size.starts_with("错误：“--max-bytes <MAX_BYTES>”的值“3Q”无效：“3Q”的单位无法识别"),
        "{size}"
    );
    let (_, missing) = refused(&["check"]);
    assert!(missing.starts_with("错误：缺少必需的参数"), "{missing}");
    let (_, command) = refused(&["help", "chekc"]);
    assert!(
        command.starts_with("错误：无法识别的命令“chekc”"),
        "{command}"
    );
    let (code, before) = refused(&["收件箱", "check", "报告.txt"]);
    assert_eq!(code, 2);
    assert!(
        before.starts_with("错误：收件箱文件夹不能写在命令之前") && before.contains("用法："),
        "{before}"
    );
    for text in [&unknown, &value, &size, &missing, &command, &before] {
        for english in [
            "error:",
            "Usage:",
            "tip:",
            "For more information",
            "[OPTIONS]",
        ] {
            assert!(!text.contains(english), "`{english}` in {text}");
        }
    }
    let (_, english) = refused(&["--lang", "en", "check", "--frobnicate", "x"]);
    assert!(
        english.contains("error: unexpected argument '--frobnicate' found")
            && english.contains("Usage:"),
        "{english}"
    );
}
