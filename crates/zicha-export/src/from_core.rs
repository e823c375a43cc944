//! A review built from the core's results (for the CLI and tests).

use zicha_core::Checked;
use zicha_core::check::{Severity as CoreSeverity, rule};
use zicha_core::grid::{Address, GridKind};

use crate::{Review, ReviewFinding, ReviewSheet, Severity};

impl From<&Checked> for Review {
    fn from(checked: &Checked) -> Review {
        let grids = &checked.document.grids;
        let sheet_of = |at: &Address| grids.iter().position(|g| g.source.holds(at));
        let report = &checked.report;
        Review {
            files: report.files.join(" + "),
            profile: report.profile.name.clone(),
            counts: [report.counts.error, report.counts.warning, report.counts.info],
            sheets: grids
                .iter()
                .map(|g| ReviewSheet {
                    title: match g.source.kind() {
                        GridKind::Sheet { name } => name.to_string(),
                        GridKind::WordTable { index } => format!("表{index}"),
                    },
                    rows: g.rows.iter().map(|r| r.iter().map(|c| c.text.to_string()).collect()).collect(),
                    merges: g.merges.iter().map(|m| [m.first_row, m.first_col, m.last_row, m.last_col]).collect(),
                })
                .collect(),
            findings: report
                .findings
                .iter()
                .map(|f| ReviewFinding {
                    severity: match f.severity {
                        CoreSeverity::Error => Severity::Error,
                        CoreSeverity::Warning => Severity::Warning,
                        CoreSeverity::Info => Severity::Info,
                    },
                    code: f.code.to_string(),
                    rule: rule(f.code).map_or("", |r| r.name).to_string(),
                    message: f.message.zh.to_string(),
                    places: f.locations.iter().map(|l| l.at.to_string()).collect(),
                    cells: f
                        .locations
                        .iter()
                        .filter_map(|l| {
                            let (row, col) = l.at.row_col()?;
                            Some((sheet_of(&l.at)?, row, col))
                        })
                        .collect(),
                    found: f.found.clone().unwrap_or_default(),
                    expected: f.expected.clone().unwrap_or_default(),
                    help: f.help.zh.to_string(),
                })
                .collect(),
        }
    }
}
