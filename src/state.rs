//! The page's logic as plain functions over the display model: filtering and grouping findings, which cells
//! and characters to mark, laying out merged cells, exports. Components only call these and render.

use std::collections::{BTreeMap, HashMap};

use crate::display::{Checked, Finding, Severity, Sheet};
use zicha_core::report::csv_field;

use crate::i18n::Lang;

/// What the findings list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filters {
    pub error: bool,
    pub warning: bool,
    pub info: bool,
    /// Only findings of this form (`附件2`, …).
    pub form: Option<String>,
    /// Words the message, rule name or code must contain.
    pub text: String,
    /// Only findings on this cell (sheet, row, column), after a click on a marked cell.
    pub cell: Option<(usize, u32, u32)>,
}

impl Default for Filters {
    fn default() -> Filters {
        Filters { error: true, warning: true, info: true, form: None, text: String::new(), cell: None }
    }
}

impl Filters {
    pub fn shows(&self, severity: Severity) -> bool {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

/// Indices of the findings the filters let through, in report order.
pub fn visible(findings: &[Finding], filters: &Filters) -> Vec<usize> {
    let needle = filters.text.trim().to_lowercase();
    findings
        .iter()
        .enumerate()
        .filter(|(_, f)| filters.shows(f.severity))
        .filter(|(_, f)| filters.form.as_ref().is_none_or(|form| &f.form == form))
        .filter(|(_, f)| {
            needle.is_empty()
                || [&f.code, &f.message.zh, &f.message.en, &f.rule.zh, &f.rule.en]
                    .iter()
                    .any(|t| t.to_lowercase().contains(&needle))
        })
        .filter(|(_, f)| {
            filters.cell.is_none_or(|(s, r, c)| f.places.iter().any(|p| p.sheet == Some(s) && p.row == r && p.col == c))
        })
        .map(|(i, _)| i)
        .collect()
}

/// Findings grouped for the list: by severity, then form, then rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub severity: Severity,
    pub form: String,
    pub code: String,
    pub items: Vec<usize>,
}

pub fn groups(findings: &[Finding], indices: &[usize]) -> Vec<Group> {
    let mut map: BTreeMap<(Severity, String, String), Vec<usize>> = BTreeMap::new();
    for &i in indices {
        let f = &findings[i];
        map.entry((f.severity, form_order(&f.form), f.code.clone())).or_default().push(i);
    }
    map.into_iter()
        .map(|((severity, form, code), items)| Group { severity, form: form[2..].to_string(), code, items })
        .collect()
}

/// A sort key that puts 附件1 … 附件5 in order, then anything else (the two-character prefix is dropped again).
fn form_order(form: &str) -> String {
    let rank = form.strip_prefix("附件").and_then(|r| r.chars().next()).filter(char::is_ascii_digit).unwrap_or('9'); // data: the forms' own numbers
    format!("{rank}:{form}")
}

/// The forms that have findings, in order, for the form filter.
pub fn forms(findings: &[Finding]) -> Vec<String> {
    let mut forms: Vec<String> = findings.iter().map(|f| form_order(&f.form)).collect();
    forms.sort();
    forms.dedup();
    forms.into_iter().map(|f| f[2..].to_string()).collect()
}

/// The worst severity on each marked cell.
pub fn cell_marks(checked: &Checked) -> HashMap<(usize, u32, u32), Severity> {
    let mut marks: HashMap<(usize, u32, u32), Severity> = HashMap::new();
    for f in &checked.findings {
        for p in &f.places {
            if let Some(sheet) = p.sheet {
                let mark = marks.entry((sheet, p.row, p.col)).or_insert(f.severity);
                *mark = (*mark).min(f.severity);
            }
        }
    }
    marks
}

/// One cell of a table as rendered: merged cells once, with their spans; covered cells not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellView {
    pub row: u32,
    pub col: u32,
    pub text: String,
    pub rowspan: u32,
    pub colspan: u32,
}

/// The rows of a sheet as HTML table rows.
pub fn layout(sheet: &Sheet) -> Vec<Vec<CellView>> {
    let height = sheet.rows.len() as u32;
    let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0) as u32;
    let mut covered = vec![vec![false; width as usize]; height as usize];
    let mut spans: HashMap<(u32, u32), (u32, u32)> = HashMap::new();
    for &[r0, c0, r1, c1] in &sheet.merges {
        let (r1, c1) = (r1.min(height.saturating_sub(1)), c1.min(width.saturating_sub(1)));
        if r0 >= height || c0 >= width || r1 < r0 || c1 < c0 {
            continue;
        }
        spans.insert((r0, c0), (r1 - r0 + 1, c1 - c0 + 1));
        for r in r0..=r1 {
            for c in c0..=c1 {
                if (r, c) != (r0, c0) {
                    covered[r as usize][c as usize] = true;
                }
            }
        }
    }
    (0..height)
        .map(|r| {
            (0..width)
                .filter(|&c| !covered[r as usize][c as usize])
                .map(|c| {
                    let (rowspan, colspan) = spans.get(&(r, c)).copied().unwrap_or((1, 1));
                    let text = sheet.rows[r as usize].get(c as usize).cloned().unwrap_or_default();
                    CellView { row: r, col: c, text, rowspan, colspan }
                })
                .collect()
        })
        .collect()
}

/// A paragraph cut into pieces, each marked with the worst severity of the findings that quote it.
pub fn paragraph_pieces(checked: &Checked, paragraph: usize) -> Vec<(String, Option<(Severity, usize)>)> {
    let text: Vec<char> = checked.paragraphs[paragraph].text.chars().collect();
    let mut marks: Vec<Option<(Severity, usize)>> = vec![None; text.len()];
    for (index, f) in checked.findings.iter().enumerate() {
        for p in f.places.iter().filter(|p| p.paragraph == Some(paragraph)) {
            let (start, end) = p.span.unwrap_or((0, 0));
            for mark in marks.iter_mut().take(end.min(text.len())).skip(start) {
                if mark.is_none_or(|(s, _)| f.severity < s) {
                    *mark = Some((f.severity, index));
                }
            }
        }
    }
    let mut pieces: Vec<(String, Option<(Severity, usize)>)> = Vec::new();
    for (c, mark) in text.into_iter().zip(marks) {
        match pieces.last_mut() {
            Some((piece, last)) if *last == mark => piece.push(c),
            _ => pieces.push((c.to_string(), mark)),
        }
    }
    pieces
}

/// Paragraphs a finding points at without a span (the whole paragraph is marked).
pub fn marked_paragraphs(checked: &Checked) -> HashMap<usize, Severity> {
    let mut marks = HashMap::new();
    for f in &checked.findings {
        for p in f.places.iter().filter(|p| p.span.is_none()) {
            if let Some(i) = p.paragraph {
                let mark: &mut Severity = marks.entry(i).or_insert(f.severity);
                *mark = (*mark).min(f.severity);
            }
        }
    }
    marks
}

/// The findings as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese).
pub fn findings_csv(checked: &Checked, lang: Lang) -> String {
    let header = crate::i18n::texts(lang).findings_csv_header;
    let mut out = format!("\u{feff}{header}\n");
    for f in &checked.findings {
        let pick = |b: &crate::display::Bilingual| {
            if lang == Lang::En && !b.en.is_empty() { b.en.clone() } else { b.zh.clone() }
        };
        let places: Vec<&str> = f.places.iter().map(|p| p.label.as_str()).collect();
        let row = [
            crate::i18n::severity(lang, f.severity).to_string(),
            f.code.clone(),
            pick(&f.rule),
            f.form.clone(),
            pick(&f.message),
            places.join("; "),
            f.found.clone().unwrap_or_default(),
            f.expected.clone().unwrap_or_default(),
            pick(&f.help),
        ];
        out.push_str(&row.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// The findings and score card as JSON (without the grids: those are the filer's own data).
pub fn findings_json(checked: &Checked) -> String {
    let value = serde_json::json!({
        "files": checked.files,
        "unit": checked.unit,
        "profile": checked.profile.zh,
        "counts": checked.counts,
        "scores": checked.scores,
        "findings": checked.findings,
    });
    serde_json::to_string_pretty(&value).expect("display types serialise")
}

/// A file name for exports: the unit's name, or the first file's stem.
pub fn export_stem(checked: &Checked) -> String {
    let stem = checked
        .unit
        .clone()
        .or_else(|| checked.files.first().map(|f| f.rsplit_once('.').map_or(f.clone(), |(s, _)| s.to_string())));
    stem.unwrap_or_else(|| "zicha".into()).chars().filter(|c| !"\\/:*?\"<>|".contains(*c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::{Bilingual, Counts, Paragraph, Place};

    fn finding(code: &str, severity: Severity, form: &str, place: Place) -> Finding {
        Finding {
            code: code.into(),
            severity,
            rule: Bilingual { zh: format!("规则{code}"), en: format!("rule {code}") },
            message: Bilingual { zh: format!("问题{code}"), en: format!("message {code}") },
            places: vec![place],
            found: Some("=1+1".into()),
            expected: None,
            help: Bilingual::default(),
            form: form.into(),
        }
    }

    fn cell(sheet: usize, row: u32, col: u32) -> Place {
        Place { label: format!("[a.xlsx]S!{row}{col}"), sheet: Some(sheet), row, col, paragraph: None, span: None }
    }

    fn checked() -> Checked {
        Checked {
            files: vec!["a.xlsx".into()],
            unit: Some("某某局".into()),
            profile: Bilingual::default(),
            profile_reason: None,
            counts: Counts::default(),
            scores: Vec::new(),
            findings: vec![
                finding("A005", Severity::Error, "附件2", cell(0, 3, 2)),
                finding("Q001", Severity::Warning, "附件3「甲」", cell(1, 1, 1)),
                finding("P009", Severity::Warning, "附件2", cell(0, 3, 2)),
                Finding {
                    places: vec![Place {
                        label: "[r.docx]段1".into(),
                        sheet: None,
                        row: 0,
                        col: 0,
                        paragraph: Some(0),
                        span: Some((2, 4)),
                    }],
                    ..finding("X005", Severity::Error, "附件4", cell(0, 0, 0))
                },
            ],
            sheets: vec![Sheet {
                title: "附件2".into(),
                forms: vec!["附件2".into()],
                file: "a.xlsx".into(),
                rows: vec![vec!["a".into(), "b".into(), "c".into()], vec!["d".into(), "".into(), "f".into()]],
                merges: vec![[0, 0, 1, 0], [0, 1, 0, 2]],
            }],
            paragraphs: vec![Paragraph {
                label: "[r.docx]段1".into(),
                file: "r.docx".into(),
                text: "支出196.66万元".into(),
            }],
            reports: Vec::new(),
        }
    }

    #[test]
    fn filters_and_groups() {
        let c = checked();
        assert_eq!(visible(&c.findings, &Filters::default()), [0, 1, 2, 3]);
        let errors_only = Filters { warning: false, info: false, ..Filters::default() };
        assert_eq!(visible(&c.findings, &errors_only), [0, 3]);
        let text = Filters { text: "q001".into(), ..Filters::default() };
        assert_eq!(visible(&c.findings, &text), [1]);
        let on_cell = Filters { cell: Some((0, 3, 2)), ..Filters::default() };
        assert_eq!(visible(&c.findings, &on_cell), [0, 2]);
        let groups = groups(&c.findings, &[0, 1, 2, 3]);
        let keys: Vec<(Severity, &str, &str)> =
            groups.iter().map(|g| (g.severity, g.form.as_str(), g.code.as_str())).collect();
        assert_eq!(
            keys,
            [
                (Severity::Error, "附件2", "A005"),
                (Severity::Error, "附件4", "X005"),
                (Severity::Warning, "附件2", "P009"),
                (Severity::Warning, "附件3「甲」", "Q001")
            ]
        );
        assert_eq!(forms(&c.findings), ["附件2", "附件3「甲」", "附件4"]);
    }

    #[test]
    fn merged_cells_render_once_with_spans() {
        let rows = layout(&checked().sheets[0]);
        assert_eq!(rows[0].len(), 2);
        assert_eq!((rows[0][0].rowspan, rows[0][0].colspan), (2, 1));
        assert_eq!((rows[0][1].rowspan, rows[0][1].colspan), (1, 2));
        assert_eq!(rows[1].iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["", "f"]);
    }

    #[test]
    fn marks_on_cells_and_characters() {
        let c = checked();
        assert_eq!(cell_marks(&c).get(&(0, 3, 2)), Some(&Severity::Error));
        let pieces = paragraph_pieces(&c, 0);
        assert_eq!(pieces[0], ("支出".to_string(), None));
        assert_eq!(pieces[1], ("19".to_string(), Some((Severity::Error, 3))));
    }

    #[test]
    fn exports() {
        let csv = findings_csv(&checked(), Lang::Zh);
        assert!(csv.starts_with("\u{feff}级别,代码"));
        assert!(csv.contains("强制,A005,规则A005,附件2,问题A005"));
        assert!(csv.contains(",'=1+1,"), "formula-like text is quoted: {csv}");
        let json: serde_json::Value = serde_json::from_str(&findings_json(&checked())).unwrap();
        assert_eq!(json["findings"].as_array().unwrap().len(), 4);
        assert_eq!(export_stem(&checked()), "某某局");
    }
}
