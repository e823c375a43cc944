//! Phase 5, report: findings and the score card of one filing, and their renderings (text for the terminal,
//! JSON, CSV).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::check::{Finding, Severity, rule};
use crate::profile::Profile;
use crate::score::ScoreCard;

/// The result of checking one filing: what was read, under which template and profile, the scores and the
/// findings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// The filing's files, in order.
    pub files: Vec<String>,
    /// The profile it was scored by.
    pub profile: ProfileRef,
    /// The template family the forms follow, when it was told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<crate::template::Detected>,
    /// The unit the filing is by ([`crate::model::Filing::unit`]).
    pub unit: Option<String>,
    /// How many findings of each severity.
    pub counts: Counts,
    /// Every evaluation form's scores, declared and recomputed.
    pub scores: ScoreCard,
    /// The findings, sorted by location, then rule.
    pub findings: Vec<Finding>,
}

/// The profile a report was scored by: its id, name, and why it was chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProfileRef {
    /// The profile's [`Profile::id`].
    pub id: String,
    /// The profile's name, as shown to users.
    pub name: String,
    /// Why this profile, when it was detected rather than chosen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl From<&Profile> for ProfileRef {
    fn from(p: &Profile) -> ProfileRef {
        ProfileRef { id: p.id.clone(), name: p.name.clone(), reason: None }
    }
}

/// How many findings of each severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// 强制 findings.
    pub error: usize,
    /// 提示 findings.
    pub warning: usize,
    /// 信息 findings.
    pub info: usize,
}

impl Counts {
    /// Counts findings by severity.
    pub fn of(findings: &[Finding]) -> Counts {
        let count = |s| findings.iter().filter(|f| f.severity == s).count();
        Counts { error: count(Severity::Error), warning: count(Severity::Warning), info: count(Severity::Info) }
    }
}

impl CheckReport {
    /// For the terminal: grouped by severity, then rule; each finding with its addresses, found/expected and help.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let unit = self.unit.as_deref().unwrap_or("（未识别单位名称）");
        out.push_str(&format!("== {unit} · {} · 方案：{}\n", self.files.join(" + "), self.profile.name));
        if let Some(reason) = &self.profile.reason {
            out.push_str(&format!("   识别：{reason}\n"));
        }
        for form in &self.scores.forms {
            let show = |d: Option<Decimal>| d.map_or("—".to_string(), |d| d.normalize().to_string());
            let grade = form.grade.map_or(String::new(), |g| format!("（{g:?}）"));
            out.push_str(&format!(
                "   {}：自评总分 {}，重算 {}{}\n",
                form.form,
                show(form.declared_total),
                show(form.recomputed_total),
                grade
            ));
            // Where the filer's own scores differ from the recomputed ones, and by how much.
            for row in form.execution.iter().chain(&form.rows).filter(|r| r.differs()) {
                let gap = row.declared.zip(row.recomputed).map(|(d, r)| d - r).unwrap_or_default();
                out.push_str(&format!(
                    "     {}：自评 {}，重算 {}（{}{}）\n",
                    row.at,
                    show(row.declared),
                    show(row.recomputed),
                    if gap > Decimal::ZERO { "+" } else { "" },
                    gap.normalize()
                ));
            }
        }
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            let of_severity: Vec<&Finding> = self.findings.iter().filter(|f| f.severity == severity).collect();
            if of_severity.is_empty() {
                continue;
            }
            out.push_str(&format!("\n{}（{} 项）\n", severity.zh(), of_severity.len()));
            let mut codes: Vec<&str> = of_severity.iter().map(|f| f.code).collect();
            codes.sort();
            codes.dedup();
            for code in codes {
                let name = rule(code).map_or("", |r| r.name);
                let group: Vec<&&Finding> = of_severity.iter().filter(|f| f.code == code).collect();
                out.push_str(&format!("  {code} {name}（{}）\n", group.len()));
                for finding in group {
                    out.push_str(&format!("    · {}\n", finding.message.zh));
                    finding_details(&mut out, finding, "      ");
                }
            }
        }
        let c = self.counts;
        out.push_str(&format!("\n合计：强制 {} 项，提示 {} 项，信息 {} 项\n", c.error, c.warning, c.info));
        out
    }
}

/// One finding as a reader of the report sees it: code, severity and rule, the message in both languages, where,
/// what was found against what was expected, and how to fix it. The terminal's text shows the same lines under
/// its rule's heading; the rules' snapshot tests pin this rendering, so a changed message is a reviewed change.
pub fn render_finding(finding: &Finding) -> String {
    let name = rule(finding.code).map_or("", |r| r.name);
    let mut out = format!("{} {} {}\n", finding.code, finding.severity.zh(), name);
    out.push_str(&format!("  {}\n", finding.message.zh));
    out.push_str(&format!("  en: {}\n", finding.message.en));
    finding_details(&mut out, finding, "  ");
    out
}

/// The lines under a finding's message: its places, found and expected, and the fix.
fn finding_details(out: &mut String, finding: &Finding, indent: &str) {
    let at: Vec<String> = finding.locations.iter().map(|l| l.at.to_string()).collect();
    if !at.is_empty() {
        out.push_str(&format!("{indent}位置：{}\n", at.join("、")));
    }
    match (&finding.found, &finding.expected) {
        (Some(found), Some(expected)) => out.push_str(&format!("{indent}发现：{found}　应为：{expected}\n")),
        (Some(found), None) => out.push_str(&format!("{indent}发现：{found}\n")),
        (None, Some(expected)) => out.push_str(&format!("{indent}应为：{expected}\n")),
        (None, None) => {}
    }
    if !finding.help.zh.is_empty() {
        out.push_str(&format!("{indent}修改：{}\n", finding.help.zh));
    }
}

/// The header of the findings CSV, byte-order mark first (Excel needs it to read Chinese).
pub const FINDINGS_CSV_HEADER: &str = "\u{feff}filing,unit,code,severity,rule,message,locations,found,expected,help\n";

/// CSV with a header; one row per finding.
pub fn findings_csv<'a>(reports: impl IntoIterator<Item = &'a CheckReport>) -> String {
    let mut out = String::from(FINDINGS_CSV_HEADER);
    for report in reports {
        out.push_str(&findings_csv_rows(report));
    }
    out
}

/// One report's rows of the findings CSV (no header): a batch joins its filings' rows under one header.
pub fn findings_csv_rows(report: &CheckReport) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let locations: Vec<String> = f.locations.iter().map(|l| l.at.to_string()).collect();
        let row = [
            report.files.join(" + "),
            report.unit.clone().unwrap_or_default(),
            f.code.to_string(),
            f.severity.zh().to_string(),
            rule(f.code).map_or(String::new(), |r| r.name.to_string()),
            f.message.zh.to_string(),
            locations.join("; "),
            f.found.clone().unwrap_or_default(),
            f.expected.clone().unwrap_or_default(),
            f.help.zh.to_string(),
        ];
        out.push_str(&row.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// One CSV field: quoted where it must be, and a leading `=`, `+`, `-` or `@` escaped with `'` so that a
/// spreadsheet does not read it as a formula.
pub fn csv_field(text: &str) -> String {
    // A leading =, +, - or @ would be a formula when the CSV is opened in a spreadsheet.
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}
