//! Excel 2003 XML Spreadsheet (SpreadsheetML), which Excel writes as "XML 表格 2003" and budget systems export
//! with an .xls name: one streaming pass over the workbook gives each `Worksheet`'s cells, where they are
//! (`ss:Index` gaps of rows and cells, and the places a merge from a row above covers), their merges
//! (`ss:MergeAcross`, `ss:MergeDown`), formulas, and numbers under the formats their styles name. Only with the
//! `xls` feature (it brings encoding_rs, for a workbook declared in GBK).

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use super::cells::{NumberShape, note_formula, put, stored_number_cell};
use super::html::declared_encoding;
use super::limits::{Budget, MAX_COL, MAX_GRIDS, MAX_MERGES, MAX_ROW};
use super::xml::{Events, attr, local, reference_text};
use super::{InputFile, ReadError, ReadErrorKind};
use crate::grid::{Cell, CellRange, Document, Grid, GridKind, GridSource};

pub(super) fn read_spreadsheetml(
    file: &InputFile,
    document: &mut Document,
    budget: &mut Budget,
) -> Result<(), ReadError> {
    let fail = |kind| ReadError { file: file.name.clone(), kind };
    let text = decoded(&file.bytes);
    let mut reader = Reader { file, document, budget, styles: HashMap::new(), style: None, sheet: None };
    reader.run(text.as_bytes()).map_err(fail)
}

/// The workbook as UTF-8: by its byte order mark, else the encoding its XML declaration names, else UTF-8.
fn decoded(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_with_bom_removal(bytes).0;
    }
    let declared = declared_encoding(&bytes[..bytes.len().min(200)], "encoding=");
    declared.unwrap_or(encoding_rs::UTF_8).decode_without_bom_handling(bytes).0
}

/// Named number formats of SpreadsheetML, as the codes they stand for.
fn format_code(name: &str) -> &str {
    match name {
        "General" | "General Number" | "@" => "General",
        "Fixed" | "Standard" => "0.00",
        "Percent" => "0.00%",
        "Scientific" => "0.00E+00",
        code => code,
    }
}

struct Reader<'f, 'd> {
    file: &'f InputFile,
    document: &'d mut Document,
    budget: &'d mut Budget,
    /// Style ID → the shape its number format gives a number.
    styles: HashMap<String, NumberShape>,
    /// The `ss:Style` being read, in `Styles`.
    style: Option<String>,
    sheet: Option<Sheet>,
}

struct Sheet {
    grid: Grid,
    /// The next row and column, zero-based; `None` before the first `Row`.
    row: Option<u32>,
    col: u32,
    /// Per column, the last row a `MergeDown` above covers: a cell with no `ss:Index` starts past it, as
    /// LibreOffice writes the cells after a covered place.
    covered_until: Vec<Option<u32>>,
    cell: Option<CellXml>,
}

struct CellXml {
    row: u32,
    col: u32,
    kind: String,
    style: Option<String>,
    formula: Option<String>,
    text: String,
    /// Inside `Data` (or `ss:Data`).
    in_data: bool,
    /// Inside `Comment`: its `Data` is the comment's text, not the cell's.
    in_comment: bool,
}

impl Reader<'_, '_> {
    fn run(&mut self, xml: &[u8]) -> Result<(), ReadErrorKind> {
        let mut events = Events::new(xml);
        while let Some(event) = events.next("Workbook")? {
            match &event {
                Event::Start(e) => self.start(e, false)?,
                Event::Empty(e) => self.start(e, true)?,
                Event::End(e) => self.end(local(e.name().into_inner()))?,
                Event::Text(t) => self.push_text(&t.xml10_content()),
                Event::CData(t) => self.push_text(t.as_ref()),
                Event::GeneralRef(r) => {
                    if let Some(text) = reference_text(r) {
                        self.push_text(&text);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn start(&mut self, e: &BytesStart, empty: bool) -> Result<(), ReadErrorKind> {
        let name = local(e.name().into_inner());
        let number = |key: &str| attr(e, key).and_then(|v| v.trim().parse::<u32>().ok());
        match name {
            "Style" => self.style = attr(e, "ID").map(|id| id.into_owned()),
            "NumberFormat" => {
                if let (Some(style), Some(format)) = (self.style.clone(), attr(e, "Format")) {
                    self.styles.insert(style, NumberShape::of(format_code(&format)));
                }
            }
            "Worksheet" => {
                if self.document.grids.len() >= MAX_GRIDS {
                    return Err(ReadErrorKind::TooLarge(format!("工作表超过 {MAX_GRIDS} 个")));
                }
                let name = attr(e, "Name").unwrap_or_default();
                let source = GridSource::new(self.file.name.as_str(), GridKind::Sheet { name: name.into() });
                let grid = Grid::new(source);
                self.sheet = Some(Sheet { grid, row: None, col: 0, covered_until: Vec::new(), cell: None });
                if empty {
                    self.end("Worksheet")?;
                }
            }
            "Row" => {
                let Some(sheet) = self.sheet.as_mut() else { return Ok(()) };
                let next = sheet.row.map_or(0, |r| r.saturating_add(1));
                let row = number("Index").filter(|&i| i >= 1).map_or(next, |i| i - 1).max(next).min(MAX_ROW);
                sheet.row = Some(row);
                sheet.col = 0;
                // `ss:Span` repeats an empty row: the next row comes after the repeats.
                if let Some(span) = number("Span") {
                    sheet.row = Some(row.saturating_add(span).min(MAX_ROW));
                }
            }
            "Cell" => {
                let Some(sheet) = self.sheet.as_mut() else { return Ok(()) };
                self.budget.cell()?;
                let row = *sheet.row.get_or_insert(0);
                let col = match number("Index").filter(|&i| i >= 1) {
                    Some(index) => (index - 1).max(sheet.col),
                    None => {
                        let mut col = sheet.col;
                        while sheet.covered_until.get(col as usize).copied().flatten().is_some_and(|last| last >= row) {
                            col += 1;
                        }
                        col
                    }
                };
                if col > MAX_COL {
                    return Err(ReadErrorKind::TooLarge(format!("单元格位置超出表格范围（第 {} 行）", row + 1)));
                }
                let (across, down) = (number("MergeAcross").unwrap_or(0), number("MergeDown").unwrap_or(0));
                let (last_col, last_row) =
                    (col.saturating_add(across).min(MAX_COL), row.saturating_add(down).min(MAX_ROW));
                if across > 0 || down > 0 {
                    if sheet.grid.merges.len() >= MAX_MERGES {
                        return Err(ReadErrorKind::TooLarge(format!("合并单元格超过 {MAX_MERGES} 处")));
                    }
                    sheet.grid.merges.push(CellRange { first_row: row, first_col: col, last_row, last_col });
                }
                if down > 0 {
                    let needed = last_col as usize + 1;
                    if sheet.covered_until.len() < needed {
                        self.budget.cells(needed - sheet.covered_until.len())?;
                        sheet.covered_until.resize(needed, None);
                    }
                    for slot in &mut sheet.covered_until[col as usize..needed] {
                        *slot = Some(last_row);
                    }
                }
                sheet.col = last_col.saturating_add(1);
                let cell = CellXml {
                    row,
                    col,
                    kind: String::new(),
                    style: attr(e, "StyleID").map(|s| s.into_owned()),
                    formula: attr(e, "Formula").map(|f| f.into_owned()),
                    text: String::new(),
                    in_data: false,
                    in_comment: false,
                };
                sheet.cell = Some(cell);
                if empty {
                    self.end("Cell")?;
                }
            }
            "Data" => {
                if let Some(cell) = self.sheet.as_mut().and_then(|s| s.cell.as_mut()).filter(|c| !c.in_comment) {
                    cell.kind = attr(e, "Type").map(|t| t.into_owned()).unwrap_or_default();
                    cell.in_data = !empty;
                }
            }
            "Comment" if !empty => {
                if let Some(cell) = self.sheet.as_mut().and_then(|s| s.cell.as_mut()) {
                    cell.in_comment = true;
                }
            }
            "Br" => self.push_text("\n"),
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) -> Result<(), ReadErrorKind> {
        match name {
            "Style" => self.style = None,
            "Data" | "Comment" => {
                if let Some(cell) = self.sheet.as_mut().and_then(|s| s.cell.as_mut()) {
                    cell.in_data = false;
                    cell.in_comment &= name != "Comment";
                }
            }
            "Cell" => {
                let Some(sheet) = self.sheet.as_mut() else { return Ok(()) };
                let Some(xml) = sheet.cell.take() else { return Ok(()) };
                let shape = xml.style.as_ref().and_then(|s| self.styles.get(s)).copied().unwrap_or_default();
                let value = match xml.kind.as_str() {
                    "Number" => stored_number_cell(xml.text.trim(), shape).or_else(|| Some(Cell::text(xml.text))),
                    "DateTime" => Some(Cell::text(date_time_text(&xml.text))),
                    "Boolean" => Some(Cell::text(if xml.text.trim() == "1" { "TRUE" } else { "FALSE" })),
                    _ => Some(Cell::text(xml.text)),
                };
                if let Some(cell) = value.filter(|c| !c.is_blank()) {
                    put(&mut sheet.grid, self.budget, xml.row, xml.col, cell)?;
                }
                if let Some(formula) = xml.formula {
                    note_formula(&mut sheet.grid, self.document, self.budget, (xml.row, xml.col), &formula)?;
                }
            }
            "Worksheet" => {
                if let Some(sheet) = self.sheet.take() {
                    self.document.grids.push(sheet.grid);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn push_text(&mut self, text: &str) {
        if let Some(cell) = self.sheet.as_mut().and_then(|s| s.cell.as_mut()).filter(|c| c.in_data) {
            // A workbook's text may say "&#10;" for a line break inside a cell; Windows line ends are one break.
            cell.text.push_str(&text.replace("\r\n", "\n"));
        }
    }
}

/// `2023-05-01T00:00:00.000` → `2023-05-01`; with a time of day, `2023-05-01 08:30:00`.
fn date_time_text(value: &str) -> String {
    let value = value.trim();
    let Some((date, time)) = value.split_once('T') else { return value.to_string() };
    let time = time.split('.').next().unwrap_or(time);
    match time {
        "" | "00:00:00" | "00:00" => date.to_string(),
        time => format!("{date} {time}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(xml: &str) -> Document {
        let mut document = Document::default();
        let file = InputFile::new("t.xls", xml.as_bytes().to_vec());
        read_spreadsheetml(&file, &mut document, &mut Budget::default()).unwrap();
        document
    }

    const HEAD: &str = r#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
        xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Styles><Style ss:ID="p"><NumberFormat ss:Format="0.00%"/></Style>
        <Style ss:ID="f"><NumberFormat ss:Format="Fixed"/></Style></Styles>"#;

    /// Gaps by `ss:Index`, merges across and down, a place a merge from above covers skipped, numbers under their
    /// styles' formats, dates without a time of day, formulas kept.
    #[test]
    fn cells_land_where_excel_puts_them() {
        let xml = format!(
            r#"{HEAD}<Worksheet ss:Name="附件2"><Table>
            <Row><Cell ss:MergeDown="1"><Data ss:Type="String">项目名称</Data></Cell><Cell ss:MergeAcross="1"><Data ss:Type="String">资金</Data></Cell></Row>
            <Row><Cell><Data ss:Type="String">年初&#10;预算数</Data></Cell><Cell ss:StyleID="f"><Data ss:Type="Number">9</Data></Cell></Row>
            <Row ss:Index="5"><Cell ss:Index="3" ss:StyleID="p" ss:Formula="=R[-3]C/10"><Data ss:Type="Number">0.91666</Data></Cell>
              <Cell><Data ss:Type="DateTime">2024-03-05T00:00:00.000</Data><Comment><Data>批注</Data></Comment></Cell></Row>
            </Table></Worksheet></Workbook>"#
        );
        let document = read(&xml);
        let grid = &document.grids[0];
        let text = |r, c| grid.cell(r, c).map_or("", |x| x.text.as_str());
        assert_eq!(
            [text(0, 0), text(0, 1), text(1, 1), text(1, 2), text(4, 2), text(4, 3)],
            ["项目名称", "资金", "年初\n预算数", "9.00", "91.67%", "2024-03-05"]
        );
        let merges: Vec<_> = grid.merges.iter().map(|m| (m.first_row, m.first_col, m.last_row, m.last_col)).collect();
        assert_eq!(merges, [(0, 0, 1, 0), (0, 1, 0, 2)]);
        assert_eq!(grid.formula(4, 2), Some("=R[-3]C/10"));
        assert_eq!(*grid.source.kind(), GridKind::Sheet { name: "附件2".into() });
    }

    #[test]
    fn a_workbook_declared_in_gbk() {
        let xml = format!(
            r#"<?xml version="1.0" encoding="gb2312"?>{}<Worksheet ss:Name="表"><Table><Row><Cell><Data ss:Type="String">预算部门名称</Data></Cell></Row></Table></Worksheet></Workbook>"#,
            &HEAD[21..]
        );
        let (bytes, _, _) = encoding_rs::GBK.encode(&xml);
        let mut document = Document::default();
        read_spreadsheetml(&InputFile::new("t.xls", bytes.into_owned()), &mut document, &mut Budget::default())
            .unwrap();
        assert_eq!(document.grids[0].cell(0, 0).unwrap().text, "预算部门名称");
    }
}
