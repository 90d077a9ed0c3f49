//! What `nianbao check` writes: the checked reports of a run as text for people, or as jsonl,
//! json, csv or sarif for machines (`output`). The run itself is [`crate::pipeline`]; this
//! module only formats its results, and nothing else in the library depends on it.

pub mod output;
