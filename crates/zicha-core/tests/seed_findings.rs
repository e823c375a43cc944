//! What the checker says of the seed filing, in every format it was built in: the real mistakes found, and no
//! error where the seed is right.

use std::path::Path;

use zicha_core::InputFile;
use zicha_core::check::{Finding, Severity};
use zicha_core::profile::Profile;
use zicha_core::report::CheckReport;

fn check(files: &[&str]) -> CheckReport {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let inputs: Vec<InputFile> =
        files.iter().map(|f| InputFile::new(*f, std::fs::read(dir.join(f)).unwrap())).collect();
    zicha_core::check(&inputs, &Profile::hunan()).unwrap()
}

fn with_reports() -> Vec<CheckReport> {
    vec![
        check(&["seed-word.docx"]),
        check(&["seed-libreoffice.docx"]),
        check(&["seed-libreoffice-html.doc"]),
        check(&["seed-libreoffice.doc"]),
        check(&["seed-split-tables.xlsx", "seed-split-reports.docx"]),
    ]
}

fn tables_only() -> Vec<CheckReport> {
    [
        "seed-one-sheet-per-form.xlsx",
        "seed-all-forms-one-sheet.xlsx",
        "seed-libreoffice.xls",
        "seed-libreoffice.ods",
        "seed-libreoffice-html.xls",
        "variant-central-labels.xlsx",
        "variant-central-labels.xlsm",
        "variant-word-labels.docx",
    ]
    .iter()
    .map(|f| check(&[f]))
    .collect()
}

fn has(report: &CheckReport, code: &str, severity: Severity, pred: impl Fn(&Finding) -> bool) -> bool {
    report.findings.iter().any(|f| f.code == code && f.severity == severity && pred(f))
}

#[test]
fn the_reports_contradict_the_tables() {
    for report in with_reports() {
        let files = report.files.join(" + ");
        let errors: Vec<&Finding> = report.findings.iter().filter(|f| f.severity == Severity::Error).collect();
        assert_eq!(errors.len(), 2, "{files}: {errors:#?}");
        // 196.66 in the report, 195.66 in the tables.
        assert!(
            has(&report, "X005", Severity::Error, |f| f.found.as_deref() == Some("196.66")
                && f.expected.as_deref() == Some("195.66")),
            "{files}"
        );
        // The report calls the projects' 47万元 基本支出.
        assert!(
            has(&report, "X005", Severity::Error, |f| f.found.as_deref() == Some("47")
                && f.expected.as_deref() == Some("148.66")),
            "{files}"
        );
        // 人员经费 92.33 + 公用经费 56.34 = 148.67, not 148.66.
        assert!(has(&report, "X005", Severity::Warning, |f| f.found.as_deref() == Some("148.67")), "{files}");
        // The contact's mobile number in a filing the report calls 已公开.
        assert!(has(&report, "T002", Severity::Warning, |f| f.found.as_deref() == Some("18673070915")), "{files}");
        // 18 years in 附件2, 19 in 附件5.
        assert!(has(&report, "X007", Severity::Warning, |f| f.message.zh.contains("持续18年")), "{files}");
        // The 附件2 total of 98 and the report's listed problems.
        assert!(has(&report, "P012", Severity::Info, |_| true), "{files}");
    }
}

#[test]
fn the_tables_hold_their_own_mistakes_in_every_format() {
    for report in with_reports().into_iter().chain(tables_only()) {
        let files = report.files.join(" + ");
        // The same special project under two names in 附件1 and 附件3.
        assert!(
            has(&report, "X003", Severity::Warning, |f| f
                .found
                .as_deref()
                .is_some_and(|n| n.contains("雷锋家乡学雷锋"))
                && f.expected.as_deref().is_some_and(|n| n.starts_with("汨罗好人"))),
            "{files}"
        );
        // The 9万元 cost target answered with 100%.
        assert!(
            has(&report, "Q002", Severity::Warning, |f| f.message.zh.contains("控制在9万元内")
                && f.found.as_deref() == Some("100%")),
            "{files}"
        );
        // Vague targets.
        let vague = report.findings.iter().filter(|f| f.code == "Q001").count();
        assert!(vague >= 8, "{files}: {vague} vague targets");
        assert!(has(&report, "Q001", Severity::Warning, |f| f.found.as_deref() == Some("有所提升")), "{files}");
        // 汩罗 for 汨罗.
        assert!(has(&report, "T001", Severity::Warning, |f| f.found.as_deref() == Some("汩罗")), "{files}");
        // 附件3 for 志愿汨罗管理平台: the achievement copies the goal.
        assert!(has(&report, "S006", Severity::Warning, |_| true), "{files}");
    }
}

#[test]
fn no_error_where_the_seed_is_right() {
    for report in with_reports().into_iter().chain(tables_only()) {
        let files = report.files.join(" + ");
        let errors: Vec<&Finding> =
            report.findings.iter().filter(|f| f.severity == Severity::Error && f.code != "X005").collect();
        assert!(errors.is_empty(), "{files}: {errors:#?}");
        for code in ["A001", "A002", "A003", "A004", "A005", "A009", "E001", "E003", "P001", "P005", "X001", "X002"] {
            assert!(!report.findings.iter().any(|f| f.code == code), "{files}: {code} fired");
        }
        // Every recomputed total agrees with the declared 98.
        assert_eq!(report.scores.forms.len(), 4, "{files}");
        for form in &report.scores.forms {
            assert_eq!(form.declared_total.map(|d| d.to_string()).as_deref(), Some("98"), "{files}: {}", form.form);
            assert_eq!(form.recomputed_total, form.declared_total, "{files}: {}", form.form);
        }
    }
}

/// The seed saved by LibreOffice in the other formats filers have (web pages with office names, the tables as
/// .xls and the Word document as .doc; Word 97–2003 binary; Excel 2003 XML saved as .xls) gives the findings of its twin, word for word.
#[test]
fn other_formats_give_their_twins_findings() {
    let said = |report: CheckReport| {
        let mut said: Vec<String> = report.findings.iter().map(|f| format!("{} {}", f.code, f.message.zh)).collect();
        said.sort();
        said
    };
    for (page, twin) in [
        ("seed-libreoffice-html.xls", "seed-one-sheet-per-form.xlsx"),
        ("seed-libreoffice-html.doc", "seed-word.docx"),
        ("seed-libreoffice.doc", "seed-word.docx"),
        ("seed-libreoffice-2003xml.xls", "seed-one-sheet-per-form.xlsx"),
    ] {
        let (page, twin) = (said(check(&[page])), said(check(&[twin])));
        assert!(twin.len() > 20);
        assert_eq!(page, twin);
    }
}

/// The seed's whole report as the command line prints it (score card, every finding with its place, values and
/// fix), under the profile detected from it: what a filer reads, pinned. A change to any message, address or
/// score shows here as a diff to review (`cargo insta review`, or `INSTA_UPDATE=always` and `git diff`).
#[test]
fn the_seed_report_as_its_reader_sees_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let input = InputFile::new("seed-word.docx", std::fs::read(dir.join("seed-word.docx")).unwrap());
    let report = zicha_core::check_detected(&[input]).unwrap();
    insta::assert_snapshot!("seed_word_report", report.to_text());
}
