//! The integration tests, built as one binary (as ripgrep does): one link instead of one per
//! file, which is most of what a clean build of the tests costs. Each file of this folder is a
//! module named after what it tests; run one with `cargo test --test integration <module>::`,
//! e.g. `cargo test --test integration export::`. Helpers shared by them are in `common`.
//!
//! A new test file is a module here: `housekeeping::every_test_file_is_a_module` fails on a file
//! this list forgets, and on a test file outside this folder.

mod common;

mod catalogue;
mod cli;
mod corpus_clean;
mod cross_clean;
mod cross_corpus;
mod cross_fixtures;
mod dashboard_cli;
mod docs;
mod export;
mod export_cli;
mod formats;
mod front_parse;
mod front_rules;
mod front_seeds;
mod help_cli;
mod hostile_inbox;
mod housekeeping;
mod layouts;
mod limits;
mod narrative;
mod pdf;
mod robustness;
mod roster_cli;
mod rule_fixtures;
mod rules_cli;
mod seeds;
mod structure;
mod table_rules;
mod tables;
mod tables_robustness;
mod text_rules;
mod traps;
mod triage;
mod tui_tmux;
mod watch;
