//! The review copy: an xlsx of the filing's tables with each finding on its cells (a fill by severity and a
//! note with the messages), and a 问题清单 sheet listing every finding. It says plainly on its first sheet that
//! it is a review copy made by zicha, not the filing itself.
//!
//! It is built from a [`Review`], which both the core's results (feature `core`) and the web app's display
//! model turn into, so the web app can build it in a small worker of its own that does not carry the core.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet, XlsxError};

#[cfg(feature = "core")]
mod from_core;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    fn zh(self) -> &'static str {
        match self {
            Severity::Error => "强制",
            Severity::Warning => "提示",
            Severity::Info => "信息",
        }
    }

    fn fill(self) -> u32 {
        match self {
            Severity::Error => 0xF8D7DA,
            Severity::Warning => 0xFFF3CD,
            Severity::Info => 0xDCEBFA,
        }
    }
}

/// Everything the review copy shows.
#[derive(Clone, Debug, Default)]
pub struct Review {
    pub files: String,
    pub profile: String,
    pub counts: [usize; 3],
    pub sheets: Vec<ReviewSheet>,
    pub findings: Vec<ReviewFinding>,
}

#[derive(Clone, Debug, Default)]
pub struct ReviewSheet {
    pub title: String,
    pub rows: Vec<Vec<String>>,
    /// First row, first column, last row, last column.
    pub merges: Vec<[u32; 4]>,
}

#[derive(Clone, Debug)]
pub struct ReviewFinding {
    pub severity: Severity,
    pub code: String,
    pub rule: String,
    pub message: String,
    /// Every place's address as written.
    pub places: Vec<String>,
    /// The cells among them: (sheet index, row, column).
    pub cells: Vec<(usize, u32, u32)>,
    pub found: String,
    pub expected: String,
    pub help: String,
}

/// The review copy's bytes.
pub fn review_copy(review: &Review) -> Result<Vec<u8>, String> {
    build(review).map_err(|e| format!("审阅副本生成失败：{e}"))
}

fn build(review: &Review) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    list_sheet(workbook.add_worksheet(), review)?;
    let mut used_names: Vec<String> = vec!["问题清单".into()];
    for (index, sheet) in review.sheets.iter().enumerate() {
        let name = sheet_name(&sheet.title, index, &mut used_names);
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(&name)?;
        grid_sheet(worksheet, review, index)?;
    }
    workbook.save_to_buffer()
}

/// Excel's rules: at most 31 characters, none of `[]:*?/\`, unique (case-insensitively).
fn sheet_name(title: &str, index: usize, used: &mut Vec<String>) -> String {
    let clean: String = title.chars().filter(|c| !"[]:*?/\\'".contains(*c)).take(28).collect();
    let mut name = if clean.trim().is_empty() { format!("表{}", index + 1) } else { clean };
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        name = format!("{}({n})", name.chars().take(26).collect::<String>());
        n += 1;
    }
    used.push(name.clone());
    name
}

fn list_sheet(sheet: &mut Worksheet, review: &Review) -> Result<(), XlsxError> {
    sheet.set_name("问题清单")?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    sheet.write_string_with_format(
        0,
        0,
        "自查（zicha）审阅副本 —— 仅供核对，不是原始申报材料",
        &bold.clone().set_font_size(14),
    )?;
    sheet.write_string(1, 0, format!("材料：{}　方案：{}", review.files, review.profile))?;
    let [error, warning, info] = review.counts;
    sheet.write_string(
        2,
        0,
        format!("强制 {error} 项，提示 {warning} 项，信息 {info} 项。问题所在单元格已着色并加批注。"),
    )?;
    let header = ["序号", "级别", "代码", "规则", "位置", "问题", "发现", "应为", "修改建议"];
    for (col, title) in header.iter().enumerate() {
        sheet.write_string_with_format(4, col as u16, *title, &bold.clone().set_border(FormatBorder::Thin))?;
    }
    for (i, finding) in review.findings.iter().enumerate() {
        let row = 5 + i as u32;
        let severity = Format::new().set_background_color(Color::RGB(finding.severity.fill()));
        sheet.write_number(row, 0, (i + 1) as f64)?;
        sheet.write_string_with_format(row, 1, finding.severity.zh(), &severity)?;
        sheet.write_string(row, 2, &finding.code)?;
        sheet.write_string(row, 3, &finding.rule)?;
        sheet.write_string_with_format(row, 4, finding.places.join("\n"), &wrap)?;
        sheet.write_string_with_format(row, 5, &finding.message, &wrap)?;
        sheet.write_string(row, 6, &finding.found)?;
        sheet.write_string(row, 7, &finding.expected)?;
        sheet.write_string_with_format(row, 8, &finding.help, &wrap)?;
    }
    for (col, width) in [6.0, 6.0, 7.0, 22.0, 30.0, 60.0, 14.0, 14.0, 40.0].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    Ok(())
}

/// A cell's text as a number when it is one, so the copy's totals can be recomputed in a spreadsheet.
fn as_number(text: &str) -> Option<f64> {
    let t = text.trim();
    (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')).then(|| t.parse().ok()).flatten()
}

fn grid_sheet(worksheet: &mut Worksheet, review: &Review, index: usize) -> Result<(), XlsxError> {
    let sheet = &review.sheets[index];
    let mut on_cells: BTreeMap<(u32, u32), Vec<&ReviewFinding>> = BTreeMap::new();
    for finding in &review.findings {
        for &(s, row, col) in &finding.cells {
            if s == index {
                on_cells.entry((row, col)).or_default().push(finding);
            }
        }
    }
    let height = sheet.rows.len() as u32;
    let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0) as u32;
    let text_at =
        |r: u32, c: u32| sheet.rows.get(r as usize).and_then(|row| row.get(c as usize)).map_or("", String::as_str);
    let border = Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    let format_at = |cell: (u32, u32)| match on_cells.get(&cell).and_then(|f| f.iter().map(|f| f.severity).min()) {
        Some(worst) => border.clone().set_background_color(Color::RGB(worst.fill())),
        None => border.clone(),
    };
    let mut covered = std::collections::HashSet::new();
    for &[r0, c0, r1, c1] in &sheet.merges {
        let (r1, c1) = (r1.min(height.saturating_sub(1)), c1.min(width.saturating_sub(1)));
        if r1 < r0 || c1 < c0 || (r1, c1) == (r0, c0) {
            continue;
        }
        worksheet.merge_range(r0, c0 as u16, r1, c1 as u16, text_at(r0, c0), &format_at((r0, c0)))?;
        for r in r0..=r1 {
            for c in c0..=c1 {
                covered.insert((r, c));
            }
        }
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let at = (r as u32, c as u32);
            if covered.contains(&at) || text.trim().is_empty() && !on_cells.contains_key(&at) {
                continue;
            }
            let format = format_at(at);
            match as_number(text) {
                Some(n) => worksheet.write_number_with_format(at.0, at.1 as u16, n, &format)?,
                None => worksheet.write_string_with_format(at.0, at.1 as u16, text, &format)?,
            };
        }
    }
    for (&(row, col), findings) in &on_cells {
        let text: Vec<String> =
            findings.iter().map(|f| format!("[{} {}] {}", f.severity.zh(), f.code, f.message)).collect();
        let note = Note::new(text.join("\n")).set_author("自查").set_width(360).set_height(160);
        worksheet.insert_note(row, col as u16, &note)?;
    }
    for col in 0..width.min(50) {
        worksheet.set_column_width(col as u16, 14)?;
    }
    Ok(())
}

/// A batch summary as a workbook: one sheet named `sheet`, the header in bold, the `numbers` columns written as
/// numbers where they parse (so a bureau can sort and sum them), every other cell as text. The CLI's
/// `--summary-xlsx` and the web app's batch export both write it from the core's summary lines.
pub fn summary_workbook(
    sheet: &str,
    header: &[&str],
    rows: &[Vec<String>],
    numbers: std::ops::RangeInclusive<usize>,
) -> Result<Vec<u8>, String> {
    let fail = |e: XlsxError| e.to_string();
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet).map_err(fail)?;
    let bold = Format::new().set_bold();
    for (col, title) in header.iter().enumerate() {
        worksheet.write_string_with_format(0, col as u16, *title, &bold).map_err(fail)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, at) = (r as u32 + 1, c as u16);
            match value.parse::<f64>() {
                Ok(n) if numbers.contains(&c) => worksheet.write_number(r, at, n),
                _ => worksheet.write_string(r, at, value),
            }
            .map_err(fail)?;
        }
    }
    worksheet.set_column_width(0, 48).map_err(fail)?;
    worksheet.set_column_width(1, 30).map_err(fail)?;
    worksheet.set_freeze_panes(1, 0).map_err(fail)?;
    workbook.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_follow_excel_rules() {
        let mut used = vec!["问题清单".to_string()];
        assert_eq!(sheet_name("附件2", 0, &mut used), "附件2");
        assert_eq!(sheet_name("附件2", 1, &mut used), "附件2(2)");
        assert_eq!(sheet_name("a/b[c]", 2, &mut used), "abc");
        assert_eq!(sheet_name("", 3, &mut used), "表4");
    }

    #[test]
    fn numbers_stay_numbers() {
        assert_eq!(as_number(" 195.66 "), Some(195.66));
        assert_eq!(as_number("100%"), None);
        assert_eq!(as_number("附件2"), None);
    }

    /// Read back by the core's own xlsx reader: the score a number, the text and the number-like name text.
    #[cfg(feature = "core")]
    #[test]
    fn a_summary_workbook_holds_its_numbers_as_numbers() {
        let rows = vec![vec!["2023".to_string(), "97.5".to_string(), "通过".to_string()]];
        let bytes = summary_workbook("检查汇总", &["材料", "重算总分", "状态"], &rows, 1..=1).unwrap();
        let document = zicha_core::read::read(&[zicha_core::InputFile::new("汇总.xlsx", bytes)]).unwrap();
        let grid = &document.grids[0];
        assert!(matches!(grid.source.kind(), zicha_core::grid::GridKind::Sheet { name } if &**name == "检查汇总"));
        let cell = |r, c| grid.cell(r, c).unwrap();
        assert_eq!((cell(0, 1).text.as_str(), cell(0, 1).number), ("重算总分", None));
        assert_eq!(cell(1, 1).number, Some("97.5".parse().unwrap()));
        assert_eq!((cell(1, 0).text.as_str(), cell(1, 0).number), ("2023", None));
        assert_eq!(cell(1, 2).text, "通过");
    }
}
