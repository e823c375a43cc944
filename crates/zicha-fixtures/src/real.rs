//! Real filings transcribed as text (`fixtures/real/<id>/filing.txt`, format in `fixtures/real/README.md`)
//! rendered into the office file the filer would have had: a workbook (one sheet per table) or a Word document
//! (tables and paragraphs in body order), with the transcription's merged cells.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

/// What a transcription holds.
pub struct Transcription {
    /// `xlsx`, `xls` (rendered as xlsx, then rewritten by LibreOffice) or `docx`.
    pub format: String,
    pub file: String,
    pub blocks: Vec<Block>,
}

pub enum Block {
    Table(Table),
    Text(Vec<String>),
}

/// A table on its grid: each cell's text (`None` where a merge covers it) and the merged ranges.
pub struct Table {
    pub name: String,
    pub cells: Vec<Vec<Option<String>>>,
    /// (first row, first column, last row, last column).
    pub merges: Vec<(u32, u32, u32, u32)>,
}

impl Table {
    fn width(&self) -> u32 {
        self.cells.iter().map(Vec::len).max().unwrap_or(0) as u32
    }

    fn merge_at(&self, row: u32, col: u32) -> Option<(u32, u32, u32, u32)> {
        self.merges.iter().copied().find(|&(r0, c0, r1, c1)| (r0..=r1).contains(&row) && (c0..=c1).contains(&col))
    }
}

pub fn parse(text: &str) -> Result<Transcription, String> {
    let mut format = None;
    let mut file = None;
    let mut blocks: Vec<Block> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let at = |what: &str| format!("line {}: {what}", number + 1);
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("===") {
            let rest = rest.trim();
            if let Some(name) = rest.strip_prefix("table") {
                let name = name.trim();
                let name = if name.is_empty() { format!("表{}", blocks.len() + 1) } else { name.to_string() };
                blocks.push(Block::Table(Table { name, cells: Vec::new(), merges: Vec::new() }));
            } else if rest == "text" {
                blocks.push(Block::Text(Vec::new()));
            } else {
                return Err(at("a block is `=== table NAME` or `=== text`"));
            }
            continue;
        }
        match blocks.last_mut() {
            None => {
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                let value = |s: &str| s.split('#').next().unwrap_or_default().trim().to_string();
                if let Some(v) = trimmed.strip_prefix("format:") {
                    format = Some(value(v));
                } else if let Some(v) = trimmed.strip_prefix("file:") {
                    file = Some(value(v));
                } else {
                    return Err(at("before the first block only `format:` and `file:`"));
                }
            }
            Some(Block::Text(paragraphs)) => {
                if !trimmed.is_empty() {
                    paragraphs.push(trimmed.to_string());
                }
            }
            Some(Block::Table(table)) => {
                if trimmed.is_empty() {
                    continue;
                }
                add_row(table, trimmed).map_err(|e| at(&e))?;
            }
        }
    }
    let format = format.ok_or("no `format:` line")?;
    if !["xlsx", "xls", "docx"].contains(&format.as_str()) {
        return Err(format!("format {format}: xlsx, xls or docx"));
    }
    let file = file.ok_or("no `file:` line")?;
    if format != "docx" && blocks.iter().any(|b| matches!(b, Block::Text(_))) {
        return Err("`=== text` blocks are for docx only".into());
    }
    Ok(Transcription { format, file, blocks })
}

fn add_row(table: &mut Table, line: &str) -> Result<(), String> {
    let row = table.cells.len() as u32;
    let mut cells = Vec::new();
    for (col, raw) in line.split('|').map(str::trim).enumerate() {
        let col = col as u32;
        match raw {
            "^" | "<" => {
                let (from_row, from_col) = if raw == "^" {
                    (row.checked_sub(1).ok_or("`^` on the first row")?, col)
                } else {
                    (row, col.checked_sub(1).ok_or("`<` in the first column")?)
                };
                match table
                    .merges
                    .iter_mut()
                    .find(|m| (m.0..=m.2).contains(&from_row) && (m.1..=m.3).contains(&from_col))
                {
                    Some(m) => {
                        m.2 = m.2.max(row);
                        m.3 = m.3.max(col);
                    }
                    None => table.merges.push((from_row, from_col, row, col)),
                }
                cells.push(None);
            }
            text => cells.push(Some(text.replace("\\n", "\n"))),
        }
    }
    table.cells.push(cells);
    Ok(())
}

/// A cell written as a plain number (`89.974`, `-3`, `10`) becomes a number cell showing as many decimals.
fn plain_number(text: &str) -> Option<(f64, String)> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let valid = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1
        && !digits.starts_with('.')
        && !digits.ends_with('.')
        && !(digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0."));
    if !valid {
        return None;
    }
    let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len());
    let code = if decimals == 0 { "General".to_string() } else { format!("0.{}", "0".repeat(decimals)) };
    Some((text.parse().ok()?, code))
}

pub fn write_xlsx(transcription: &Transcription) -> Vec<u8> {
    let mut workbook = Workbook::new();
    // A fixed date, so that rendering the same transcription again writes the same bytes.
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1).expect("a date");
    workbook.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&date));
    let border = Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    for block in &transcription.blocks {
        let Block::Table(table) = block else { continue };
        let sheet = workbook.add_worksheet();
        sheet.set_name(&table.name).expect("sheet name");
        for col in 0..table.width().max(1) as u16 {
            sheet.set_column_width(col, 14).expect("width");
        }
        for &(r0, c0, r1, c1) in &table.merges {
            sheet.merge_range(r0, c0 as u16, r1, c1 as u16, "", &border).expect("merge");
        }
        for (r, row) in table.cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let Some(text) = cell else { continue };
                if text.is_empty() && table.merge_at(r as u32, c as u32).is_some() {
                    continue;
                }
                let (r, c) = (r as u32, c as u16);
                match plain_number(text) {
                    Some((n, code)) => sheet.write_number_with_format(r, c, n, &border.clone().set_num_format(code)),
                    None => sheet.write_string_with_format(r, c, text, &border),
                }
                .expect("cell");
            }
        }
    }
    workbook.save_to_buffer().expect("xlsx in memory")
}

pub fn write_docx(transcription: &Transcription) -> Vec<u8> {
    let mut body = String::new();
    for block in &transcription.blocks {
        match block {
            Block::Text(paragraphs) => paragraphs.iter().for_each(|p| body.push_str(&paragraph(p))),
            Block::Table(table) => body.push_str(&table_xml(table)),
        }
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134"/></w:sectPr></w:body></w:document>"#
    );
    crate::docx::package(document)
}

fn paragraph(text: &str) -> String {
    crate::docx::paragraph(text)
}

/// A Word table on its true grid: a merge is one cell with `gridSpan` over its columns, `vMerge` restart on its
/// first row and continue below.
fn table_xml(table: &Table) -> String {
    let width = table.width();
    let mut xml = String::from(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr><w:tblGrid>"#,
    );
    for _ in 0..width {
        xml.push_str(r#"<w:gridCol w:w="1200"/>"#);
    }
    xml.push_str("</w:tblGrid>");
    for (r, row) in table.cells.iter().enumerate() {
        let r = r as u32;
        xml.push_str("<w:tr>");
        let mut col = 0;
        while col < width {
            let (span, merge, text) = match table.merge_at(r, col) {
                Some((r0, c0, r1, c1)) if c0 == col => {
                    let merge = match (r == r0, r0 == r1) {
                        (_, true) => "",
                        (true, false) => r#"<w:vMerge w:val="restart"/>"#,
                        (false, false) => "<w:vMerge/>",
                    };
                    let text =
                        if r == r0 { table.cells[r0 as usize].get(c0 as usize).cloned().flatten() } else { None };
                    (c1 - c0 + 1, merge, text)
                }
                // Inside a merge that starts further left: covered by its first cell.
                Some(_) => {
                    col += 1;
                    continue;
                }
                None => (1, "", row.get(col as usize).cloned().flatten()),
            };
            let mut props = format!(r#"<w:tcW w:w="{}" w:type="dxa"/>"#, 1200 * span);
            if span > 1 {
                props.push_str(&format!(r#"<w:gridSpan w:val="{span}"/>"#));
            }
            props.push_str(merge);
            let content = match text {
                Some(t) if !t.is_empty() => t.split('\n').map(paragraph).collect::<String>(),
                _ => "<w:p/>".to_string(),
            };
            xml.push_str(&format!("<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"));
            col += span;
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_and_numbers() {
        let t =
            parse("format: xlsx\nfile: a.xlsx\n=== table 附件\n标题 | < | <\n项目 | 89.974 | 100%\n^ | 0.5 | 007\n")
                .unwrap();
        let Block::Table(table) = &t.blocks[0] else { panic!() };
        assert_eq!(table.merges, vec![(0, 0, 0, 2), (1, 0, 2, 0)]);
        assert_eq!(plain_number("89.974").map(|p| p.1), Some("0.000".into()));
        assert_eq!(plain_number("100%"), None);
        assert_eq!(plain_number("007"), None);
        assert!(parse("format: pdf\nfile: a\n").is_err());
    }
}
