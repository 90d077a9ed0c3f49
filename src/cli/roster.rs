//! `nianbao roster`: who has reported, the roster of nianbao.toml against the inbox.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use nianbao::config::Config;
use nianbao::i18n::Lang;
use nianbao::pipeline::{self, CheckOptions};
use nianbao::sanitize;
use nianbao::triage::{self, TriageStore};

use super::args::RosterFormat;
use super::print_all;

/// `nianbao roster`: check the inbox, match the roster, print every agency or the missing ones.
pub fn run(
    inbox: &Path,
    year: Option<i32>,
    format: RosterFormat,
    output: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode> {
    if matches!(format, RosterFormat::Xlsx) && output.is_none() {
        anyhow::bail!(
            "{}",
            lang.pick(
                "--format xlsx 需要用 -o 指定输出文件",
                "--format xlsx needs an output file: -o FILE"
            )
        );
    }
    let config = Config::find_for(inbox).map_err(|e| anyhow::anyhow!(e.display(lang)))?;
    let roster = nianbao::roster::Roster::of_config(&config, inbox)
        .map_err(|e| anyhow::anyhow!(e.0.get(lang).to_string()))?;
    let Some(roster) = roster else {
        anyhow::bail!(
            "{}",
            lang.pick(
                "收件箱的 nianbao.toml 中没有 [roster] 名单",
                "the inbox's nianbao.toml has no [roster]"
            )
        );
    };
    let options = CheckOptions {
        selection: config.selection(),
        ..CheckOptions::default()
    };
    let checked = pipeline::check_paths(&[inbox.to_path_buf()], &options);
    // The journals give the reports' agencies and years set by hand, and their statuses
    // (通过/退回整改/已审); a roster is still worth printing when they cannot be read, so that
    // is a warning, not an error.
    let store = TriageStore::open(inbox, &triage::current_user(None));
    if let Err(e) = &store {
        eprintln!(
            "nianbao: {}: {}: {}",
            lang.pick("警告", "warning"),
            lang.pick("读取审核记录失败", "reading the triage journals failed"),
            sanitize::for_terminal(&e.display(lang), false)
        );
    }
    let reports = triage::identified(&checked, store.as_ref().ok());
    let Some(year) = year.or_else(|| nianbao::roster::default_year(&reports)) else {
        anyhow::bail!(
            "{}",
            lang.pick(
                "收件箱中没有可识别年度的报告，请用 --year 指定",
                "no report year found in the inbox; give --year"
            )
        );
    };
    let mut lines = nianbao::roster::status(&roster, &reports, year);
    if let Ok(store) = &store {
        nianbao::roster::with_report_status(&mut lines, &reports, store);
    }
    let bytes = match format {
        RosterFormat::Text => nianbao::roster::render_text(&lines, year, lang).into_bytes(),
        RosterFormat::Csv => nianbao::roster::missing_csv(&lines).into_bytes(),
        RosterFormat::Xlsx => nianbao::roster::missing_xlsx(&lines)
            .map_err(|e| anyhow::anyhow!(e.0.get(lang).to_string()))?,
    };
    match output {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| {
                format!(
                    "{} {}",
                    lang.pick("无法写入", "cannot write"),
                    sanitize::for_terminal(&path.display().to_string(), false)
                )
            })?;
            Ok(ExitCode::SUCCESS)
        }
        None => print_all(&String::from_utf8_lossy(&bytes)),
    }
}
