//! What the page shows of a checked filing: plain data the worker builds from the core's results and the page
//! renders. It crosses the worker boundary as JSON, so it is the one contract between the two.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Bilingual {
    pub zh: String,
    pub en: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// A place a finding points at, resolved for the page: a cell of a sheet, or characters of a paragraph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// The address as written in reports (`[文件.xlsx]附件2!C7`).
    pub label: String,
    pub sheet: Option<usize>,
    pub row: u32,
    pub col: u32,
    pub paragraph: Option<usize>,
    pub span: Option<(usize, usize)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub code: String,
    pub severity: Severity,
    pub rule: Bilingual,
    pub message: Bilingual,
    pub places: Vec<Place>,
    pub found: Option<String>,
    pub expected: Option<String>,
    pub help: Bilingual,
    /// The form the finding belongs to (`附件2`, `附件3「…」`, `附件4`), for grouping.
    pub form: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreRow {
    pub label: String,
    pub place: Option<Place>,
    pub declared: Option<String>,
    pub recomputed: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormScore {
    pub form: String,
    pub declared: Option<String>,
    pub recomputed: Option<String>,
    pub grade: Option<String>,
    pub execution_rate: Option<String>,
    /// Rows whose declared score differs from the recomputed one.
    pub differences: Vec<ScoreRow>,
}

/// A sheet or Word table, as a grid of display text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    /// Tab title: the sheet name, or `表3`.
    pub title: String,
    /// The forms recognised on it (`附件2`, `附件3「…」`).
    pub forms: Vec<String>,
    pub file: String,
    pub rows: Vec<Vec<String>>,
    /// Merged ranges: first row, first column, last row, last column.
    pub merges: Vec<[u32; 4]>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    pub label: String,
    pub file: String,
    pub text: String,
}

/// A report (附件4 / 附件5) for the viewer: its title and the range of paragraphs it spans.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    pub title: String,
    /// The tab's title: `附件5 XX` (Hunan's numbers), `项目自评报告「XX」`.
    pub tab: String,
    pub first: usize,
    pub last: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checked {
    pub files: Vec<String>,
    pub unit: Option<String>,
    pub profile: Bilingual,
    /// Why this profile, when it was told from the filing (`按“…”识别（见…）；地区：…；方案：…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_reason: Option<String>,
    pub counts: Counts,
    pub scores: Vec<FormScore>,
    pub findings: Vec<Finding>,
    pub sheets: Vec<Sheet>,
    pub paragraphs: Vec<Paragraph>,
    pub reports: Vec<ReportView>,
}

/// One rule's documentation, for the explanation dialog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleDoc {
    pub code: String,
    pub name: Bilingual,
    pub severity: Severity,
    pub category: Bilingual,
    /// Markdown with `## ` sections.
    pub doc: String,
}

/// A profile the user can choose.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileChoice {
    pub id: String,
    pub name: String,
}

/// One filing of a batch, as the batch table keeps it (the grids are not kept: a filing opened from the batch is
/// checked again from its files).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchLine {
    /// The cells of its summary line, under `zicha_core::batch::SUMMARY_HEADER`: the same as the CLI's
    /// `--summary-csv`.
    pub cells: Vec<String>,
    /// How often each rule fired, most first.
    pub rules: Vec<(String, usize)>,
    /// Its rows of the findings CSV (no header).
    pub findings_csv: String,
}
