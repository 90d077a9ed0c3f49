//! `nianbao export`: the flags of an inbox with their verdicts, as a file to send.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use nianbao::config::Config;
use nianbao::export::{self, ExportFormat, ExportOptions};
use nianbao::i18n::Lang;
use nianbao::pipeline::{self, CheckOptions};
use nianbao::sanitize;
use nianbao::triage::{self, TriageStore};

use super::args::{ExportFormatArg, StatusArg};

/// `nianbao export`: check the inbox, join the flags with the verdicts, write the file.
pub fn run(
    inbox: &Path,
    format: Option<ExportFormatArg>,
    status: StatusArg,
    output: &Path,
    lang: Lang,
) -> Result<ExitCode> {
    if !inbox.is_dir() {
        anyhow::bail!(
            "{}: {}",
            lang.pick("收件箱不是文件夹", "the inbox is not a folder"),
            sanitize::for_terminal(&inbox.to_string_lossy(), false)
        );
    }
    let Some(format) = format
        .map(ExportFormat::from)
        .or_else(|| ExportFormat::from_path(output))
    else {
        anyhow::bail!(
            "{}: {}",
            lang.pick(
                "无法从文件名判断导出格式，请用 --format 指定",
                "cannot tell the format from the file name; give --format"
            ),
            sanitize::for_terminal(&output.to_string_lossy(), false)
        );
    };
    let config = Config::find_for(inbox).map_err(|e| anyhow::anyhow!(e.display(lang)))?;
    let options = CheckOptions {
        selection: config.selection(),
        ..CheckOptions::default()
    };
    let reports = pipeline::check_paths(&[inbox.to_path_buf()], &options);
    let store = TriageStore::open(inbox, &triage::current_user(None)).map_err(|e| {
        anyhow::anyhow!(
            "{}: {}",
            lang.pick("读取审核记录失败", "reading the triage journals failed"),
            e.display(lang)
        )
    })?;
    for warning in store.warnings() {
        eprintln!(
            "nianbao: {}: {}",
            lang.pick("警告", "warning"),
            sanitize::for_terminal(&warning.display(lang), false)
        );
    }
    // Agencies and years set by hand show and group like read ones, while the flags' verdicts
    // and the flags that are gone stay with the report as it was read (their fingerprints and
    // decisions name it so).
    let reports = triage::identified(&reports, Some(&store));
    let inbox_name = std::fs::canonicalize(inbox)
        .ok()
        .and_then(|path| path.file_name().map(|n| n.to_string_lossy().into_owned()));
    let options = ExportOptions {
        status: status.into(),
        lang,
        inbox: inbox_name,
        notice: config.notice,
        ..ExportOptions::new(format)
    };
    // The rows go to the file as they are made (see `export::export_each`), from the same query
    // as the dashboard's export, of the whole inbox.
    let source = |each: &mut dyn FnMut(_) -> Result<(), export::ExportError>| {
        triage::lists::rows_of(&reports, &store, &triage::lists::Scope::All, lang, each)
    };
    let rows = export::export_each(source, &options, output)
        .with_context(|| lang.pick("导出失败", "export failed").to_string())?;
    eprintln!(
        "{}",
        match lang {
            Lang::Zh => format!("已导出 {rows} 条"),
            Lang::En => format!("{rows} rows exported"),
        }
    );
    println!(
        "{}",
        sanitize::for_terminal(&output.to_string_lossy(), false)
    );
    Ok(ExitCode::SUCCESS)
}
