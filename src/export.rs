//! The review copy from what the page shows: the display model turned into a `zicha_export::Review`. It runs
//! in a worker of its own (`src/bin/exporter.rs`), loaded only when someone asks for a review copy, so the
//! xlsx writer is not part of the first load.

use zicha_export::{Review, ReviewFinding, ReviewSheet, Severity as ExportSeverity};

use crate::display::{Checked, Severity};

pub fn review(checked: &Checked) -> Review {
    let c = &checked.counts;
    Review {
        files: checked.files.join(" + "),
        profile: checked.profile.zh.clone(),
        counts: [c.error, c.warning, c.info],
        sheets: checked
            .sheets
            .iter()
            .map(|s| ReviewSheet { title: s.title.clone(), rows: s.rows.clone(), merges: s.merges.clone() })
            .collect(),
        findings: checked
            .findings
            .iter()
            .map(|f| ReviewFinding {
                severity: match f.severity {
                    Severity::Error => ExportSeverity::Error,
                    Severity::Warning => ExportSeverity::Warning,
                    Severity::Info => ExportSeverity::Info,
                },
                code: f.code.clone(),
                rule: f.rule.zh.clone(),
                message: f.message.zh.clone(),
                places: f.places.iter().map(|p| p.label.clone()).collect(),
                cells: f.places.iter().filter_map(|p| Some((p.sheet?, p.row, p.col))).collect(),
                found: f.found.clone().unwrap_or_default(),
                expected: f.expected.clone().unwrap_or_default(),
                help: f.help.zh.clone(),
            })
            .collect(),
    }
}

/// The review copy's file name and bytes.
pub fn review_copy(checked: &Checked) -> Result<Vec<u8>, String> {
    zicha_export::review_copy(&review(checked))
}

pub fn file_name(checked: &Checked) -> String {
    format!("{}-自查审阅副本.xlsx", crate::state::export_stem(checked)) // data: the review copy is in Chinese
}

/// What the exporter is asked for besides a review copy: the batch summary as a workbook.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct SummaryRequest {
    pub summary_rows: Vec<Vec<String>>,
}

/// The batch summary workbook: the CLI's `--summary-xlsx` for the same lines.
pub fn summary_workbook(rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    use zicha_core::batch::{SUMMARY_HEADER, SUMMARY_NUMBER_COLUMNS};
    zicha_export::summary_workbook("检查汇总", &SUMMARY_HEADER, rows, SUMMARY_NUMBER_COLUMNS) // data: the CLI's sheet
}
