//! What a fixture must be recognised as: every value placed, with its model path and address.

use serde::Serialize;

use crate::grid::expected_value;
use crate::layout::Kind;

#[derive(Serialize)]
pub struct Expectation {
    /// Dotted path into `zicha inspect --format json` (`department.funds.total.executed`).
    pub path: String,
    /// The address the value must carry (`[seed.xlsx]附件2!E5`).
    pub at: String,
    pub kind: Kind,
    /// The number (rates in percent, without `%`) or the text.
    pub expect: String,
}

impl Expectation {
    pub fn new(path: &str, at: &str, text: &str, kind: Kind) -> Expectation {
        Expectation { path: path.to_string(), at: at.to_string(), kind, expect: expected_value(text, kind) }
    }
}

#[derive(Serialize)]
pub struct Manifest {
    /// The files of the filing, in the order they are given to the checker.
    pub files: Vec<String>,
    /// How it was made.
    pub made_by: String,
    /// Forms that must be found.
    pub forms: Vec<String>,
    pub values: Vec<Expectation>,
}
