//! Batches of filings, for a bureau's review: which files form one filing, and each filing's line in the
//! batch summary. The command line (`zicha check FOLDER --summary-csv`) and the web app's batch review both use
//! these, so a folder gives the same filings and the same summary in both.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::model::FormKind;
use crate::report::{CheckReport, csv_field};
use crate::score::FormScore;

/// The extensions of the files a folder's filings are made of: every format read (`.wps` and `.et` are the
/// compound formats of .doc and .xls; web pages and MHTML archives are read as documents). Other files in a
/// folder (PDFs, pictures, archives) are not part of a filing.
pub const EXTENSIONS: &[&str] =
    &["xlsx", "xlsm", "xls", "ods", "docx", "doc", "wps", "et", "htm", "html", "mht", "mhtml"];

/// Whether a file found in a folder belongs to a filing: by its extension, leaving out the lock files office
/// suites leave beside an open document (`~$…`, `.~lock…#`).
pub fn is_filing_file(name: &str) -> bool {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    if name.starts_with("~$") || name.starts_with(".~lock") {
        return false;
    }
    name.rsplit_once('.').is_some_and(|(_, extension)| EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str()))
}

/// Groups the files found under a folder (paths with `/` between folders, as a zip's entries and the browser's
/// relative paths have them) into filings: the files directly in one folder form one filing (tables and reports
/// side by side), each subfolder its own. Files that are not part of a filing ([`is_filing_file`]) are left out.
/// Filings come in folder order (folder by folder, as a file manager sorts a tree), their files by name; each
/// filing is the indices of its files in `paths`.
pub fn group<S: AsRef<str>>(paths: &[S]) -> Vec<Vec<usize>> {
    let mut by_folder: BTreeMap<Vec<&str>, Vec<(&str, usize)>> = BTreeMap::new();
    for (index, path) in paths.iter().enumerate() {
        let path = path.as_ref();
        if !is_filing_file(path) {
            continue;
        }
        let mut parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty() && *p != ".").collect();
        let name = parts.pop().unwrap_or(path);
        by_folder.entry(parts).or_default().push((name, index));
    }
    by_folder
        .into_values()
        .map(|mut files| {
            files.sort();
            files.into_iter().map(|(_, index)| index).collect()
        })
        .collect()
}

/// The columns of the batch summary, in order.
pub const SUMMARY_HEADER: [&str; 14] = [
    "材料",
    "单位",
    "模板",
    "评分方案",
    "自评总分",
    "重算总分",
    "等级",
    "执行率(%)",
    "强制",
    "提示",
    "信息",
    "状态",
    "主要问题",
    "说明",
];

/// The columns of [`SUMMARY_HEADER`] that hold numbers (scores, the rate, counts), written as numbers in a
/// workbook so a bureau can sort and sum them.
pub const SUMMARY_NUMBER_COLUMNS: std::ops::RangeInclusive<usize> = 4..=10;

/// What a filing's summary line says of its state (状态): no error (强制) findings.
pub const PASSED: &str = "通过";
/// A filing with one or more error (强制) findings.
pub const HAS_ERRORS: &str = "有强制问题";
/// A filing that could not be read or checked ([`unreadable_row`]).
pub const UNREADABLE: &str = "无法读取";

/// How many of the rules that fired most a summary line names.
const TOP_RULES: usize = 3;

/// The form a filing's summary speaks of: its department form when it has one, else its first form with a
/// total (a project filing), else its first form.
pub(crate) fn main_form(report: &CheckReport) -> Option<&FormScore> {
    let forms = &report.scores.forms;
    forms
        .iter()
        .find(|f| f.kind == FormKind::Department)
        .or_else(|| forms.iter().find(|f| f.declared_total.is_some() || f.recomputed_total.is_some()))
        .or_else(|| forms.first())
}

/// The rules that fired most in a filing, most first (by code where as often), with how often: `P003×4`.
pub fn top_rules(report: &CheckReport) -> Vec<(&'static str, usize)> {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for finding in &report.findings {
        *counts.entry(finding.code).or_default() += 1;
    }
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
}

fn number(value: Option<Decimal>) -> String {
    value.map(|d| d.round_dp(2).normalize().to_string()).unwrap_or_default()
}

/// One filing's line of the batch summary, cell by cell under [`SUMMARY_HEADER`]: `material` names its files
/// (their paths, joined by ` + `); a filing that could not be read says why.
pub fn summary_row(material: &str, result: Result<&CheckReport, &str>) -> [String; 14] {
    let mut row: [String; 14] = Default::default();
    row[0] = material.to_string();
    match result {
        Ok(report) => {
            let form = main_form(report);
            row[1] = report.unit.clone().unwrap_or_default();
            row[2] = report.template.as_ref().map(|t| t.name.clone()).unwrap_or_default();
            row[3] = report.profile.name.clone();
            row[4] = number(form.and_then(|f| f.declared_total));
            row[5] = number(form.and_then(|f| f.recomputed_total));
            row[6] = form.and_then(|f| f.grade).map(|g| format!("{g:?}")).unwrap_or_default();
            row[7] = number(form.and_then(|f| f.execution_rate));
            row[8] = report.counts.error.to_string();
            row[9] = report.counts.warning.to_string();
            row[10] = report.counts.info.to_string();
            row[11] = if report.counts.error > 0 { HAS_ERRORS } else { PASSED }.to_string();
            let top: Vec<String> =
                top_rules(report).iter().take(TOP_RULES).map(|(code, n)| format!("{code}×{n}")).collect();
            row[12] = top.join(" ");
        }
        Err(why) => return unreadable_row(material, why),
    }
    row
}

/// The line of a filing that could not be read (or checked): its name, 无法读取, and why.
pub fn unreadable_row(material: &str, why: &str) -> [String; 14] {
    let mut row: [String; 14] = Default::default();
    row[0] = material.to_string();
    row[11] = UNREADABLE.to_string();
    row[13] = why.to_string();
    row
}

/// The batch summary as CSV (UTF-8 with a byte-order mark, which Excel needs to read Chinese).
pub fn summary_csv(rows: &[[String; 14]]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&SUMMARY_HEADER.join(","));
    out.push('\n');
    for row in rows {
        out.push_str(&row.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_of_filings_groups_by_folder_in_tree_order() {
        let paths = [
            "批次/乙单位/自评报告.docx",
            "批次/甲单位/自评表.xlsx",
            "批次/甲单位/~$自评表.xlsx",
            "批次/甲单位/说明.pdf",
            "批次/甲单位/附件/补充.XLS",
            "批次/总表.xlsx",
            "批次/乙单位/自评表.et",
            "批次/甲单位/报告.doc",
        ];
        let filings: Vec<Vec<&str>> = group(&paths).iter().map(|f| f.iter().map(|&i| paths[i]).collect()).collect();
        assert_eq!(
            filings,
            [
                vec!["批次/总表.xlsx"],
                vec!["批次/乙单位/自评报告.docx", "批次/乙单位/自评表.et"],
                vec!["批次/甲单位/报告.doc", "批次/甲单位/自评表.xlsx"],
                vec!["批次/甲单位/附件/补充.XLS"],
            ]
        );
    }

    #[test]
    fn lock_files_and_other_files_are_not_part_of_a_filing() {
        assert!(is_filing_file("a/b/表.xlsx"));
        assert!(is_filing_file("报告.MHT"));
        assert!(!is_filing_file("a/~$表.xlsx"));
        assert!(!is_filing_file(".~lock.表.xlsx#"));
        assert!(!is_filing_file("扫描件.pdf"));
        assert!(!is_filing_file("xlsx"));
    }

    #[test]
    fn an_unreadable_filing_says_why_in_its_line() {
        let row = summary_row("a/表.xlsx", Err("文件已加密，请先取消密码"));
        assert_eq!(row[0], "a/表.xlsx");
        assert_eq!(row[11], UNREADABLE);
        assert_eq!(row[13], "文件已加密，请先取消密码");
        assert!(row[1..11].iter().all(String::is_empty));
        let csv = summary_csv(&[row]);
        assert!(csv.starts_with("\u{feff}材料,单位,模板,"));
        assert!(csv.ends_with("无法读取,,文件已加密，请先取消密码\n"));
    }
}
