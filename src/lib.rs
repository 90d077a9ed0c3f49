//! nianbao (年报) audits the 政府信息公开工作年度报告 that Chinese government bodies publish every
//! year under 《政府信息公开条例》第五十条.
//!
//! The pipeline, and the vocabulary used everywhere (code, screen, docs):
//!
//! ```text
//! files ──▶ ingest ──▶ report::parse ──▶ rules ──▶ Flag ──▶ check output / triage / export
//!        (bytes→text)  (text→Report)   (Report→Vec<Flag>)
//! ```
//!
//! - [`ingest`]: bytes to decoded text; unreadable input becomes a [`ingest::ReadFailure`].
//! - [`report`]: the typed [`report::Report`] and its lenient parser.
//! - [`rules`]: the catalogue, one rule per file, each documented in its own file.
//! - [`agency`]: agency names normalised (place + body), matched across spellings.
//! - [`flag`]: [`flag::Flag`], severity, location, evidence, fingerprint.
//! - [`report_key`]: which report a flag belongs to (agency and year, else its file).
//! - [`config`]: `nianbao.toml`: which rules run, at which severity; the dashboard's keys.
//! - [`roster`]: the agencies expected to report, matched against an inbox (who has not
//!   reported, who reported late).
//! - [`pipeline`]: the headless audit of files and folders (load, parse, check), in parallel, in
//!   a stable order; its [`pipeline::CheckedReport`] is what every front end shows.
//! - [`check`]: what `nianbao check` writes of a run: text, jsonl, json, csv, sarif.
//! - [`schema`]: the version of every machine-readable output.
//! - [`sanitize`]: untrusted text made safe, and aligned, for a terminal.
//! - [`triage`]: verdicts on flags (confirm, dismiss, reopen, note) in a per-user append-only
//!   journal inside the inbox, and the [`triage::Review`] that joins them with the flags.
//! - [`export`]: the review as xlsx, csv, json, or a rectification notice in Markdown or HTML.
//!
//! The library never touches the terminal; the binary and the dashboard are thin layers over it.

pub mod agency;
#[cfg(feature = "mimalloc")]
pub mod allocator;
pub mod check;
pub mod config;
/// The generator of synthetic reports for tests and benchmarks, only with the `corpus` feature.
#[cfg(feature = "corpus")]
pub mod corpus;
pub mod document;
pub mod export;
pub mod flag;
pub mod hash;
pub mod i18n;
pub mod inbox;
pub mod ingest;
pub mod pipeline;
pub mod report;
pub mod report_key;
pub mod roster;
pub mod rules;
pub mod sanitize;
pub mod schema;
pub mod spill;
pub mod text;
pub mod triage;
pub mod versions;
