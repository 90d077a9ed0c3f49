//! `nianbao init`: a commented starter nianbao.toml in a folder.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use nianbao::config::Config;
use nianbao::i18n::Lang;
use nianbao::sanitize;

use super::print_all;

/// Writes the starter file into `dir` (default: the current folder), never replacing one.
pub fn run(dir: Option<PathBuf>, lang: Lang) -> Result<ExitCode> {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    let path = Config::write_starter(&dir, lang).map_err(|e| anyhow::anyhow!(e.display(lang)))?;
    let path = sanitize::for_terminal(&path.to_string_lossy(), false);
    print_all(&match lang {
        Lang::Zh => format!("已写入 {path}：去掉某行开头的 # 即可启用该设置。\n"),
        Lang::En => {
            format!("wrote {path}: remove the # in front of a setting to use it.\n")
        }
    })
}
