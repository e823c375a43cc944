//! Messages between the page and the check worker (the review-copy worker takes a display model and answers
//! with bytes; see `export`). Each message is a JSON text; file bytes travel beside it
//! as transferred `ArrayBuffer`s, in the order of `files`.

use serde::{Deserialize, Serialize};

use crate::display::{BatchLine, Checked, ProfileChoice, RuleDoc};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// Check one filing. `profile` is detected, a built-in id, or the JSON of a profile file the user chose;
    /// `templates` are the JSON texts of a bureau's own template families (`zicha-config.json`).
    Check {
        id: u32,
        files: Vec<String>,
        profile: ProfileSource,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        templates: Vec<String>,
    },
    /// Check one filing of a batch and answer with its summary line only. `material` names the filing in the
    /// summary (its files' paths). A file of a zip of submissions comes as its packed bytes, with how they are
    /// packed in `packed` (in the files' order; empty when none is), and the worker takes it out.
    Summarise {
        id: u32,
        material: String,
        files: Vec<String>,
        profile: ProfileSource,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        templates: Vec<String>,
        // Read only by the batch's worker (built with `xls`): the first worker refuses a batch's filing anyway,
        // and reading the field would cost its first load.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        #[cfg_attr(not(feature = "xls"), serde(skip_deserializing))]
        packed: Vec<Option<zicha_core::read::Packed>>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum ProfileSource {
    /// Told from the filing: its template family and its province.
    Auto,
    Builtin(String),
    Json(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// Sent once when the worker has started: what the page needs to explain rules and offer profiles.
    Ready {
        rules: Vec<RuleDoc>,
        profiles: Vec<ProfileChoice>,
    },
    /// How far a check has come (`读取文件`, `识别表格`, `检查`).
    Progress {
        id: u32,
        stage: String,
    },
    Checked {
        id: u32,
        checked: Box<Checked>,
    },
    /// The built-in sample's result, from the worker's warm-up check: the page renders it once out of sight,
    /// so the first real result does not pay for first-time style, layout and font loading (measured: `git log -p BENCHMARKS.md`).
    WarmUp {
        checked: Box<Checked>,
    },
    /// The review copy's bytes travel beside this message.
    ReviewCopy {
        id: u32,
        name: String,
    },
    /// A batch filing's summary line.
    Summary {
        id: u32,
        line: BatchLine,
    },
    /// The files (or the profile) could not be used: a message for the user, in Chinese.
    Failed {
        id: u32,
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Externally tagged (`{"failed":{…}}`): serde reads such a message in one pass, where an internally
    /// tagged one (`{"type":"failed",…}`) is first buffered whole to find its tag — for a large filing's
    /// result, a copy of every string in it.
    #[test]
    fn messages_round_trip_and_name_their_kind_first() {
        let request = Request::Check {
            id: 3,
            files: vec!["a.xlsx".into()],
            profile: ProfileSource::Builtin("hunan".into()),
            templates: Vec::new(),
        };
        let json = serde_json::to_string(&request).unwrap();
        assert!(json.starts_with(r#"{"check":{"#), "{json}");
        assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), request);
        let response = Response::Failed { id: 3, message: "不是表格或 Word 文件".into() };
        let json = serde_json::to_string(&response).unwrap();
        assert!(json.starts_with(r#"{"failed":{"#), "{json}");
        assert_eq!(serde_json::from_str::<Response>(&json).unwrap(), response);
    }
}
