//! The review copy: an xlsx of the filing's values with each finding on its cells (a fill by severity and a
//! note with the messages), and a 问题清单 sheet listing every finding. It says plainly on its first sheet that
//! it is a review copy made by zicha, not the filing itself.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet, XlsxError};
use zicha_core::Checked;
use zicha_core::check::{Finding, Severity, rule};
use zicha_core::grid::{GridKind, Place};

const ERROR_FILL: u32 = 0xF8D7DA;
const WARNING_FILL: u32 = 0xFFF3CD;
const INFO_FILL: u32 = 0xDCEBFA;

fn fill(severity: Severity) -> u32 {
    match severity {
        Severity::Error => ERROR_FILL,
        Severity::Warning => WARNING_FILL,
        Severity::Info => INFO_FILL,
    }
}

/// The review copy's bytes.
pub fn review_copy(checked: &Checked) -> Result<Vec<u8>, String> {
    build(checked).map_err(|e| format!("审阅副本生成失败：{e}"))
}

fn build(checked: &Checked) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    list_sheet(workbook.add_worksheet(), checked)?;
    let mut used_names: Vec<String> = vec!["问题清单".into()];
    for (index, grid) in checked.document.grids.iter().enumerate() {
        let title = match &grid.source.kind {
            GridKind::Sheet { name } => name.clone(),
            GridKind::WordTable { index } => format!("表{index}"),
        };
        let name = sheet_name(&title, index, &mut used_names);
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name)?;
        grid_sheet(sheet, checked, index)?;
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

fn list_sheet(sheet: &mut Worksheet, checked: &Checked) -> Result<(), XlsxError> {
    sheet.set_name("问题清单")?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    sheet.write_string_with_format(
        0,
        0,
        "自查（zicha）审阅副本 —— 仅供核对，不是原始申报材料",
        &bold.clone().set_font_size(14),
    )?;
    let files = checked.report.files.join(" + ");
    sheet.write_string(1, 0, format!("材料：{files}　方案：{}", checked.report.profile.name))?;
    let c = checked.report.counts;
    sheet.write_string(
        2,
        0,
        format!("强制 {} 项，提示 {} 项，信息 {} 项。问题所在单元格已着色并加批注。", c.error, c.warning, c.info),
    )?;
    let header = ["序号", "级别", "代码", "规则", "位置", "问题", "发现", "应为", "修改建议"];
    for (col, title) in header.iter().enumerate() {
        sheet.write_string_with_format(4, col as u16, *title, &bold.clone().set_border(FormatBorder::Thin))?;
    }
    for (i, finding) in checked.report.findings.iter().enumerate() {
        let row = 5 + i as u32;
        let severity = Format::new().set_background_color(Color::RGB(fill(finding.severity)));
        let places: Vec<String> = finding.locations.iter().map(|l| l.at.to_string()).collect();
        sheet.write_number(row, 0, (i + 1) as f64)?;
        sheet.write_string_with_format(row, 1, finding.severity.zh(), &severity)?;
        sheet.write_string(row, 2, finding.code)?;
        sheet.write_string(row, 3, rule(finding.code).map_or("", |r| r.name))?;
        sheet.write_string_with_format(row, 4, places.join("\n"), &wrap)?;
        sheet.write_string_with_format(row, 5, &finding.message.zh, &wrap)?;
        sheet.write_string(row, 6, finding.found.as_deref().unwrap_or(""))?;
        sheet.write_string(row, 7, finding.expected.as_deref().unwrap_or(""))?;
        sheet.write_string_with_format(row, 8, &finding.help.zh, &wrap)?;
    }
    for (col, width) in [6.0, 6.0, 7.0, 22.0, 30.0, 60.0, 14.0, 14.0, 40.0].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    Ok(())
}

fn grid_sheet(sheet: &mut Worksheet, checked: &Checked, index: usize) -> Result<(), XlsxError> {
    let grid = &checked.document.grids[index];
    // The findings on each cell of this grid, worst first.
    let mut on_cells: BTreeMap<(u32, u32), Vec<&Finding>> = BTreeMap::new();
    for finding in &checked.report.findings {
        for location in &finding.locations {
            if location.at.file != grid.source.file {
                continue;
            }
            let here = match (&location.at.place, &grid.source.kind) {
                (Place::SheetCell { sheet, row, col }, GridKind::Sheet { name }) if sheet == name => Some((*row, *col)),
                (Place::TableCell { table, row, col }, GridKind::WordTable { index }) if table == index => {
                    Some((*row, *col))
                }
                _ => None,
            };
            if let Some(cell) = here {
                on_cells.entry(cell).or_default().push(finding);
            }
        }
    }
    let border = Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    let format_at = |cell: (u32, u32)| match on_cells.get(&cell).and_then(|f| f.iter().map(|f| f.severity).min()) {
        Some(worst) => border.clone().set_background_color(Color::RGB(fill(worst))),
        None => border.clone(),
    };
    let mut merged_origins = Vec::new();
    for m in &grid.merges {
        let text = grid.cell(m.first_row, m.first_col).map_or("", |c| c.text.as_str());
        let (r1, c1) =
            (m.last_row.min(grid.height().saturating_sub(1)), m.last_col.min(grid.width().saturating_sub(1)));
        if (r1, c1) == (m.first_row, m.first_col) || r1 < m.first_row || c1 < m.first_col {
            continue;
        }
        sheet.merge_range(
            m.first_row,
            m.first_col as u16,
            r1,
            c1 as u16,
            text,
            &format_at((m.first_row, m.first_col)),
        )?;
        merged_origins.push((m.first_row, m.first_col));
    }
    for (r, row) in grid.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let at = (r as u32, c as u32);
            if merged_origins.contains(&at)
                || grid.merge_at(at.0, at.1).is_some()
                || cell.is_blank() && !on_cells.contains_key(&at)
            {
                continue;
            }
            let format = format_at(at);
            match cell.number.and_then(|n| n.to_string().parse::<f64>().ok()).filter(|_| !cell.text.contains('%')) {
                Some(n) => sheet.write_number_with_format(at.0, at.1 as u16, n, &format)?,
                None => sheet.write_string_with_format(at.0, at.1 as u16, &cell.text, &format)?,
            };
        }
    }
    for (&(row, col), findings) in &on_cells {
        let text: Vec<String> =
            findings.iter().map(|f| format!("[{} {}] {}", f.severity.zh(), f.code, f.message.zh)).collect();
        let note = Note::new(text.join("\n")).set_author("自查").set_width(360).set_height(160);
        sheet.insert_note(row, col as u16, &note)?;
    }
    for col in 0..grid.width().min(50) {
        sheet.set_column_width(col as u16, 14)?;
    }
    Ok(())
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
}
