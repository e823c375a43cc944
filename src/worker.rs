//! The check worker's logic, as plain Rust: a request and its files in, a response out. The worker binary
//! (`src/bin/worker.rs`) only moves messages; this is tested natively.

use zicha_core::grid::{Address, GridKind, Place as CorePlace};
use zicha_core::model::{Filing, FormKind, Report};
use zicha_core::profile::Profile;
use zicha_core::template::Template;
use zicha_core::{Checked as CoreChecked, InputFile, check};

use crate::display::{self, Bilingual, Checked, Place, ProfileChoice, RuleDoc};
use crate::protocol::{ProfileSource, Request, Response};

pub fn ready() -> Response {
    let rules = check::rules::ALL
        .iter()
        .map(|r| RuleDoc {
            code: r.code.to_string(),
            name: Bilingual { zh: r.name.to_string(), en: r.name_en.to_string() },
            severity: severity(r.severity),
            category: Bilingual { zh: r.category().zh().to_string(), en: r.category().en().to_string() },
            doc: r.documentation(),
        })
        .collect();
    let profiles = Profile::builtin().into_iter().map(|p| ProfileChoice { id: p.id, name: p.name }).collect();
    Response::Ready { rules, profiles }
}

fn severity(s: check::Severity) -> display::Severity {
    match s {
        check::Severity::Error => display::Severity::Error,
        check::Severity::Warning => display::Severity::Warning,
        check::Severity::Info => display::Severity::Info,
    }
}

/// The profile and template families a request names.
fn options(profile: ProfileSource, templates: &[String]) -> Result<zicha_core::Options, String> {
    let profile = match profile {
        ProfileSource::Auto => None,
        ProfileSource::Builtin(name) => {
            Some(Profile::builtin_by_id(&name).ok_or_else(|| format!("没有内置方案 {name}"))?)
        }
        ProfileSource::Json(json) => Some(Profile::from_json(&json).map_err(|e| e.to_string())?),
    };
    let templates: Result<Vec<Template>, String> =
        templates.iter().map(|json| Template::from_json(json).map_err(|e| e.to_string())).collect();
    Ok(zicha_core::Options { templates: templates?, profile })
}

/// Handles one request. `files` holds the bytes of the request's files in order; `progress` reports stages.
pub fn handle(request: Request, files: Vec<Vec<u8>>, progress: &mut dyn FnMut(u32, &str)) -> Response {
    let (id, names, profile, templates, material, packed) = match request {
        Request::Check { id, files, profile, templates } => {
            (id, files, profile, templates, None::<String>, Vec::<Option<zicha_core::read::Packed>>::new())
        }
        // A batch is checked by the worker with every reader (`pool.rs`); the first one answers checks only.
        #[cfg(feature = "xls")]
        Request::Summarise { id, material, files, profile, templates, packed } => {
            (id, files, profile, templates, Some(material), packed)
        }
        #[cfg(not(feature = "xls"))]
        Request::Summarise { id, .. } => {
            return Response::Failed {
                id, message: "批量检查由含全部读取程序的检查程序进行".into()
            };
        }
    };
    let options = match options(profile, &templates) {
        Ok(options) => options,
        Err(message) => return Response::Failed { id, message },
    };
    if names.len() != files.len() {
        return Response::Failed { id, message: "文件数量与内容不符，请重新选择文件".into() };
    }
    if material.is_none() {
        // (A batch's filings say nothing until done: their lines are the progress, and a message each is work.)
        progress(id, "读取并识别文件");
    }
    // (Only a batch's worker is sent packed files: the first worker is built without the code that takes them out.)
    #[cfg(feature = "xls")]
    let files = unpacked(&names, files, &packed);
    #[cfg(not(feature = "xls"))]
    let _ = packed;
    let inputs: Vec<InputFile> = names.into_iter().zip(files).map(|(n, b)| InputFile::new(n, b)).collect();
    let checked = zicha_core::run_with(&inputs, &options);
    if let Some(material) = material {
        return Response::Summary { id, line: batch_line(&material, checked.as_ref().map(|c| &c.report)) };
    }
    match checked {
        Ok(checked) => {
            progress(id, "整理结果");
            Response::Checked { id, checked: Box::new(display(&checked)) }
        }
        Err(error) => Response::Failed { id, message: error.to_string() },
    }
}

/// A batch filing's line: its summary cells (the CLI's, from the same function), its rules' counts and its
/// findings' CSV rows; a filing that could not be read says why, in the CLI's words.
pub fn batch_line(
    material: &str,
    report: Result<&zicha_core::report::CheckReport, &zicha_core::ReadError>,
) -> display::BatchLine {
    match report {
        Ok(report) => display::BatchLine {
            cells: zicha_core::batch::summary_row(material, Ok(report)).into(),
            rules: zicha_core::batch::top_rules(report).into_iter().map(|(code, n)| (code.to_string(), n)).collect(),
            findings_csv: zicha_core::report::findings_csv_rows(report),
        },
        Err(error) => unreadable_line(material, &error.to_string()),
    }
}

/// The line of a filing that could not be checked (also made by the page, when a worker crashed on it).
pub fn unreadable_line(material: &str, why: &str) -> display::BatchLine {
    display::BatchLine {
        cells: zicha_core::batch::unreadable_row(material, why).into(),
        rules: Vec::new(),
        findings_csv: String::new(),
    }
}

/// The files of a request, each file of a zip of submissions taken out of its packed bytes. One that cannot be
/// is empty, and the reader says so for its filing (as the CLI would for the same file, broken on the disk).
#[cfg(feature = "xls")]
fn unpacked(names: &[String], files: Vec<Vec<u8>>, packed: &[Option<zicha_core::read::Packed>]) -> Vec<Vec<u8>> {
    files
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| match (packed.get(i).copied().flatten(), names.get(i)) {
            (Some(packed), Some(name)) => zicha_core::read::unpack_member(name, &bytes, &packed).unwrap_or_default(),
            _ => bytes,
        })
        .collect()
}

/// Checks a small built-in filing once, right after the worker starts, while the user is still choosing files:
/// browsers compile wasm lazily and optimise the code that has run, so without this the user's first check
/// would run unoptimised code (measured: `git log -p BENCHMARKS.md`). A request that arrives meanwhile waits a few milliseconds. The
/// result goes to the page, which renders it out of sight once for the same reason.
pub fn warm_up() -> Option<Box<Checked>> {
    const SAMPLE: &[u8] = include_bytes!("../fixtures/seed-all-forms-one-sheet.xlsx");
    let request = Request::Check {
        id: 0,
        files: vec!["warm-up.xlsx".into()],
        profile: ProfileSource::Auto,
        templates: Vec::new(),
    };
    match handle(request, vec![SAMPLE.to_vec()], &mut |_, _| {}) {
        Response::Checked { checked, .. } => Some(checked),
        _ => None,
    }
}

/// The display model of a checked filing.
pub fn display(checked: &CoreChecked) -> Checked {
    let document = &checked.document;
    let report = &checked.report;
    let place = |at: &Address, span: Option<(usize, usize)>| resolve(checked, at, span);
    let findings = report
        .findings
        .iter()
        .map(|f| {
            let rule = check::rule(f.code);
            display::Finding {
                code: f.code.to_string(),
                severity: severity(f.severity),
                rule: Bilingual {
                    zh: rule.map_or("", |r| r.name).to_string(),
                    en: rule.map_or("", |r| r.name_en).to_string(),
                },
                message: Bilingual { zh: f.message.zh.to_string(), en: f.message.en.to_string() },
                places: f.locations.iter().map(|l| place(&l.at, l.span)).collect(),
                found: f.found.clone(),
                expected: f.expected.clone(),
                help: Bilingual { zh: f.help.zh.to_string(), en: f.help.en.to_string() },
                form: f.locations.first().map_or_else(|| "整份材料".to_string(), |l| form_of(&checked.filing, &l.at)),
            }
        })
        .collect();
    let show = |d: Option<rust_decimal::Decimal>| d.map(|d| d.normalize().to_string());
    let evaluations: Vec<_> = checked.filing.department.iter().chain(&checked.filing.projects).collect();
    let scores = report
        .scores
        .forms
        .iter()
        .zip(&evaluations)
        .map(|(form, evaluation)| display::FormScore {
            form: form.form.clone(),
            declared: show(form.declared_total),
            recomputed: show(form.recomputed_total),
            grade: form.grade.map(|g| format!("{g:?}")),
            execution_rate: zicha_core::score::execution_rate(evaluation)
                .map(|r| format!("{}%", r.round_dp(2).normalize())),
            differences: form
                .execution
                .iter()
                .chain(&form.rows)
                .filter(|r| r.differs())
                .map(|r| display::ScoreRow {
                    label: r.at.to_string(),
                    place: Some(place(&r.at, None)),
                    declared: show(r.declared),
                    recomputed: show(r.recomputed),
                })
                .collect(),
        })
        .collect();
    let sheets = document
        .grids
        .iter()
        .map(|g| display::Sheet {
            title: match g.source.kind() {
                GridKind::Sheet { name } => name.to_string(),
                GridKind::WordTable { index } => format!("表{index}"),
            },
            forms: forms_on(&checked.filing, g),
            file: g.source.file().to_string(),
            rows: g.rows.iter().map(|r| r.iter().map(|c| c.text.to_string()).collect()).collect(),
            merges: g.merges.iter().map(|m| [m.first_row, m.first_col, m.last_row, m.last_col]).collect(),
        })
        .collect();
    let paragraphs = document
        .paragraphs
        .iter()
        .map(|p| display::Paragraph { label: p.at.to_string(), file: p.at.file().to_string(), text: p.text.clone() })
        .collect();
    let reports = report_views(checked);
    Checked {
        files: report.files.clone(),
        unit: report.unit.clone(),
        profile: Bilingual { zh: report.profile.name.clone(), en: report.profile.id.clone() },
        profile_reason: report.profile.reason.clone(),
        counts: display::Counts {
            error: report.counts.error,
            warning: report.counts.warning,
            info: report.counts.info,
        },
        scores,
        findings,
        sheets,
        paragraphs,
        reports,
    }
}

/// The forms whose area begins on a grid, in order.
fn forms_on(filing: &Filing, grid: &zicha_core::grid::Grid) -> Vec<String> {
    let on_grid = |at: &Address| grid.source.holds(at);
    let mut forms: Vec<(u32, String)> = Vec::new();
    if let Some(basic) = filing.basic_data.as_ref().filter(|b| on_grid(&b.at)) {
        forms.push((basic.at.row_col().map_or(0, |(r, _)| r), filing.form_label(FormKind::BasicData).into()));
    }
    for form in filing.department.iter().chain(&filing.projects).filter(|f| on_grid(&f.at)) {
        forms.push((form.at.row_col().map_or(0, |(r, _)| r), check::FormName::new(filing, form).to_string()));
    }
    forms.sort();
    forms.into_iter().map(|(_, name)| name).collect()
}

/// Each report's paragraph range, for the viewer's tabs.
fn report_views(checked: &CoreChecked) -> Vec<display::ReportView> {
    let paragraphs = &checked.document.paragraphs;
    let index_of = |at: &Address| paragraphs.iter().position(|p| &p.at == at);
    let mut starts: Vec<(usize, String, String)> = checked
        .filing
        .department_report
        .iter()
        .chain(&checked.filing.project_reports)
        .filter_map(|r| {
            let title = r.title.as_ref().map_or_else(|| checked.filing.form_title(r.kind), |t| t.value.to_string());
            index_of(&r.at).map(|i| (i, title, report_name(&checked.filing, r, true)))
        })
        .collect();
    starts.sort();
    let ends: Vec<usize> =
        starts.iter().skip(1).map(|(i, ..)| i - 1).chain(std::iter::once(paragraphs.len().saturating_sub(1))).collect();
    starts
        .into_iter()
        .zip(ends)
        .map(|((first, title, tab), last)| display::ReportView { title, tab, first, last })
        .collect()
}

/// A report as findings are grouped and tabs are titled: `附件4`, `附件5「XX」` where the family numbers its forms,
/// else `部门整体自评报告`, `项目自评报告「XX」`, with XX the project its title names (`2023年度XX项目支出绩效自评报告`).
/// For a tab (`short`), Hunan's `附件4 自评报告` and `附件5 XX`.
fn report_name(filing: &Filing, report: &Report, short: bool) -> String {
    let label = filing.form_label(report.kind);
    let numbered = label.starts_with("附件");
    if report.kind == FormKind::DepartmentReport {
        return if short && numbered { format!("{label} 自评报告") } else { label.to_string() };
    }
    let name = report.title.as_ref().map(|t| subject(&t.value)).unwrap_or_default();
    match (name.is_empty(), short && numbered) {
        (true, _) => label.to_string(),
        (false, true) => format!("{label} {name}"),
        (false, false) => format!("{label}「{name}」"),
    }
}

/// What a project report's title is about: the title without its years, from `绩效` (or `项目支出`) on.
fn subject(title: &str) -> String {
    let chars: Vec<char> = title.chars().filter(|c| !c.is_whitespace()).collect();
    let mut kept = String::new();
    let mut i = 0;
    while i < chars.len() {
        let year = i + 4 < chars.len() && chars[i..i + 4].iter().all(char::is_ascii_digit) && chars[i + 4] == '年';
        if year {
            i += 5 + usize::from(chars.get(i + 5) == Some(&'度'));
            continue;
        }
        kept.push(chars[i]);
        i += 1;
    }
    let end = ["项目支出", "绩效"].iter().filter_map(|w| kept.find(w)).min().unwrap_or(kept.len());
    kept[..end].trim_start_matches("关于").to_string()
}

/// Where an address is on the page.
fn resolve(checked: &CoreChecked, at: &Address, span: Option<(usize, usize)>) -> Place {
    let document = &checked.document;
    let label = at.to_string();
    match at.place() {
        CorePlace::Paragraph { .. } => Place {
            label,
            sheet: None,
            row: 0,
            col: 0,
            paragraph: document.paragraphs.iter().position(|p| &p.at == at),
            span,
        },
        CorePlace::SheetCell { row, col, .. } | CorePlace::TableCell { row, col, .. } => {
            let sheet = document.grids.iter().position(|g| g.source.holds(at));
            Place { label, sheet, row, col, paragraph: None, span }
        }
    }
}

/// The form an address lies in: the form whose area starts last at or before it, in the same grid or document.
fn form_of(filing: &Filing, at: &Address) -> String {
    let row_of = |a: &Address| match a.place() {
        CorePlace::SheetCell { row, .. } | CorePlace::TableCell { row, .. } => row,
        CorePlace::Paragraph { index } => index,
    };
    let same_grid = |start: &Address| start.same_part(at) && row_of(start) <= row_of(at);
    let mut candidates: Vec<(u32, String)> = Vec::new();
    if let Some(basic) = filing.basic_data.as_ref().filter(|b| same_grid(&b.at)) {
        candidates.push((row_of(&basic.at), filing.form_label(FormKind::BasicData).into()));
    }
    for form in filing.department.iter().chain(&filing.projects) {
        if same_grid(&form.at) {
            candidates.push((row_of(&form.at), check::FormName::new(filing, form).to_string()));
        }
    }
    for report in filing.department_report.iter().chain(&filing.project_reports) {
        if same_grid(&report.at) {
            candidates.push((row_of(&report.at), report_name(filing, report, false)));
        }
    }
    // A table that only continues a form (a Word table split over a page) has no start of its own: 其他.
    candidates.into_iter().max_by_key(|(row, _)| *row).map_or_else(|| "其他".to_string(), |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Vec<u8> {
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/seed-word.docx")).unwrap()
    }

    #[test]
    fn the_warm_up_checks_the_built_in_sample() {
        let checked = warm_up().expect("the built-in sample checks");
        assert!(!checked.sheets.is_empty() && !checked.findings.is_empty());
    }

    #[test]
    fn a_check_request_gives_the_display_model() {
        let mut stages = Vec::new();
        let request = Request::Check {
            id: 7,
            files: vec!["seed-word.docx".into()],
            profile: ProfileSource::Builtin("hunan".into()),
            templates: Vec::new(),
        };
        let response = handle(request, vec![seed()], &mut |id, stage| stages.push((id, stage.to_string())));
        assert_eq!(stages[0], (7, "读取并识别文件".to_string()));
        let Response::Checked { id, checked } = response else { panic!("{response:?}") };
        assert_eq!(id, 7);
        assert_eq!(checked.counts.error, 2);
        assert_eq!(checked.sheets.len(), 5);
        let x005 = checked.findings.iter().find(|f| f.code == "X005" && f.found.as_deref() == Some("196.66")).unwrap();
        assert_eq!(x005.form, "附件4");
        let paragraph = x005.places[0].paragraph.unwrap();
        assert!(checked.paragraphs[paragraph].text.contains("196.66"));
        let cell = &x005.places[1];
        let sheet = &checked.sheets[cell.sheet.unwrap()];
        assert!(sheet.rows[cell.row as usize][cell.col as usize].contains("195.66"));
        let t001 = checked.findings.iter().find(|f| f.code == "T001").unwrap();
        assert_eq!(t001.form, "附件2");
        assert_eq!(checked.reports.len(), 4);
        assert!(checked.reports[0].title.contains("整体支出绩效自评报告"));
        assert_eq!(checked.reports[0].tab, "附件4 自评报告");
        assert!(checked.reports[1].tab.starts_with("附件5 "), "{}", checked.reports[1].tab);
        // The review copy of what the page shows.
        let bytes = crate::export::review_copy(&checked).unwrap();
        assert!(bytes.starts_with(b"PK"));
    }

    #[test]
    fn unreadable_files_and_bad_profiles_fail_with_a_message() {
        let request = Request::Check {
            id: 1,
            files: vec!["a.xlsx".into()],
            profile: ProfileSource::Builtin("hunan".into()),
            templates: Vec::new(),
        };
        let response = handle(request, vec![b"%PDF-1.4".to_vec()], &mut |_, _| {});
        assert!(
            matches!(response, Response::Failed { ref message, .. } if message.contains("不是表格或 Word 文件")),
            "{response:?}"
        );
        let request = Request::Check {
            id: 2,
            files: vec!["a.docx".into()],
            profile: ProfileSource::Json("{".into()),
            templates: Vec::new(),
        };
        let response = handle(request, vec![seed()], &mut |_, _| {});
        assert!(matches!(response, Response::Failed { ref message, .. } if message.contains("配置文件有误")));
    }

    /// A batch filing's line is the CLI's summary line for it (the same core function), with its findings' rows.
    #[cfg(feature = "xls")]
    #[test]
    fn a_summarise_request_gives_the_summary_line() {
        let request = Request::Summarise {
            id: 4,
            material: "批次/甲单位/seed-word.docx".into(),
            files: vec!["seed-word.docx".into()],
            profile: ProfileSource::Auto,
            templates: Vec::new(),
            packed: Vec::new(),
        };
        let Response::Summary { id, line } = handle(request, vec![seed()], &mut |_, _| {}) else { panic!() };
        assert_eq!(id, 4);
        let cells: Vec<&str> = line.cells.iter().map(String::as_str).collect();
        assert_eq!(cells[..2], ["批次/甲单位/seed-word.docx", "中共汨罗市委文明实践服务中心"]);
        assert_eq!(cells[4..12], ["98", "98", "优", "100", "2", "29", "7", "有强制问题"]);
        assert_eq!(line.rules.iter().map(|(_, n)| n).sum::<usize>(), 38);
        assert_eq!(line.findings_csv.lines().count(), 38);
        let request = Request::Summarise {
            id: 5,
            material: "a.xlsx".into(),
            files: vec!["a.xlsx".into()],
            profile: ProfileSource::Auto,
            templates: Vec::new(),
            packed: Vec::new(),
        };
        let Response::Summary { line, .. } = handle(request, vec![b"%PDF-1.4".to_vec()], &mut |_, _| {}) else {
            panic!()
        };
        assert_eq!(line.cells[11], "无法读取");
        assert!(line.cells[13].starts_with("a.xlsx: 不是表格或 Word 文件"), "{}", line.cells[13]);
    }

    /// A file of a zip of submissions comes as its packed bytes and is taken out by the worker: the same line as
    /// the file itself; packed bytes that do not inflate to what the zip declares make the file unreadable.
    #[cfg(feature = "xls")]
    #[test]
    fn a_packed_file_is_taken_out_and_checked() {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        writer.start_file("批次/甲/seed-word.docx", zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(&seed()).unwrap();
        let zip = writer.finish().unwrap().into_inner();
        let members = zicha_core::read::zip_members("批次.zip", &zip, None).unwrap();
        let packed = members[0].packed.clone().unwrap();
        let data = zip[packed.start as usize..packed.end as usize].to_vec();
        let summarise = |files: Vec<Vec<u8>>, packed| {
            let request = Request::Summarise {
                id: 6,
                material: "批次/甲/seed-word.docx".into(),
                files: vec!["seed-word.docx".into()],
                profile: ProfileSource::Auto,
                templates: Vec::new(),
                packed,
            };
            let Response::Summary { line, .. } = handle(request, files, &mut |_, _| {}) else { panic!() };
            line
        };
        assert_eq!(summarise(vec![data.clone()], vec![Some(packed)]), summarise(vec![seed()], Vec::new()));
        let broken = summarise(vec![data[..data.len() / 2].to_vec()], vec![Some(packed)]);
        assert_eq!(broken.cells[11], "无法读取");
    }

    #[test]
    fn ready_lists_rules_and_profiles() {
        let Response::Ready { rules, profiles } = ready() else { panic!() };
        assert!(rules.len() >= 55);
        assert!(rules.iter().all(|r| r.doc.contains("## 依据")));
        assert_eq!(profiles[0].id, "hunan");
    }

    /// Forms of a family that does not number them (a national form, a Tianjin report) are named by what they
    /// are, not by Hunan's 附件 numbers.
    #[test]
    fn forms_of_other_families_keep_no_hunan_numbers() {
        let check = |case: &str, file: &str| {
            let path = format!("{}/fixtures/real/{case}/{file}", env!("CARGO_MANIFEST_DIR"));
            let request =
                Request::Check { id: 1, files: vec![file.into()], profile: ProfileSource::Auto, templates: Vec::new() };
            let Response::Checked { checked, .. } = handle(request, vec![std::fs::read(path).unwrap()], &mut |_, _| {})
            else {
                panic!("{case} checks")
            };
            checked
        };
        let report = check(
            "tianjin-dongli-2020-guanghuilu",
            "天津市东丽湖新建光辉路(智景东道-星宇道)工程项目2020年度绩效自评报告.docx",
        );
        assert_eq!(report.reports[0].tab, "项目自评报告「天津市东丽湖新建光辉路(智景东道-星宇道)工程项目」");
        assert!(report.findings.iter().all(|f| !f.form.contains("附件")), "{:?}", report.findings);
        let table = check("shanghai-putuo-2022-tiyu", "上海市普陀区体育事业管理中心2022年度项目自评价.xlsx");
        assert!(table.sheets[0].forms[0].starts_with("项目自评表「"), "{:?}", table.sheets[0].forms);
        assert!(table.findings.iter().all(|f| !f.form.contains("附件")));
    }
}
