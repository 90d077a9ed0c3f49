//! The version of nianbao's machine-readable outputs (check json and jsonl, the json export,
//! watch jsonl), written as the first key of every document and line.

/// The version of the json and jsonl contract, written into every document and line as
/// `schema_version`. It changes only when a key is removed or changes meaning; new keys may be
/// added within a version.
pub const SCHEMA_VERSION: u32 = 1;

/// A JSON object with [`SCHEMA_VERSION`] as its first field, so a consumer of any of the
/// machine-readable outputs (check json/jsonl, the json export, watch jsonl) can tell which
/// layout it reads. A value that is not an object is returned as it is.
pub fn versioned(value: serde_json::Value) -> serde_json::Value {
    let serde_json::Value::Object(fields) = value else {
        return value;
    };
    let mut object = serde_json::Map::new();
    object.insert("schema_version".to_string(), SCHEMA_VERSION.into());
    object.extend(
        fields
            .into_iter()
            .filter(|(name, _)| name != "schema_version"),
    );
    serde_json::Value::Object(object)
}
