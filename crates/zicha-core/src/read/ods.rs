//! Our own ODS reader: one streaming pass over `content.xml` gives each sheet's values (the number behind a
//! cell and the text it shows), formulas and merged ranges.

use std::borrow::Cow;

use compact_str::ToCompactString;
use quick_xml::events::{BytesStart, Event};

use super::cells::{NumberShape, note_formula, number_cell, put};
use super::limits::{Budget, MAX_COL, MAX_GRIDS, MAX_MERGES, MAX_PART_BYTES, MAX_ROW};
use super::xml::{Events, attr, attr_u32, local, normalized, raw_attrs, reference_text};
use super::zipped::read_entry;
use super::{InputFile, ReadError, ReadErrorKind};
use crate::grid::{Cell, CellRange, Document, Grid, GridKind, GridSource};

/// A repeated row or cell that holds something is written out at most this often (a row of equal labels is
/// real; a million repeated copies is an attack).
const MAX_REPEAT: u32 = 1024;

pub(super) fn read_ods(file: &InputFile, document: &mut Document, budget: &mut Budget) -> Result<(), ReadError> {
    let fail = |kind| ReadError { file: file.name.clone(), kind };
    let xml = read_entry(&file.bytes, "content.xml", MAX_PART_BYTES, budget).map_err(fail)?;
    OdsReader { file, document, budget, sheet: None }.run(&xml).map_err(fail)
}

struct OdsReader<'f, 'd> {
    file: &'f InputFile,
    document: &'d mut Document,
    budget: &'d mut Budget,
    sheet: Option<SheetState>,
}

/// The sheet being read and where in it the reader is.
struct SheetState {
    grid: Grid,
    row: u32,
    col: u32,
    row_repeat: u32,
    /// Whether the current row has written a cell (only such rows are worth repeating).
    row_has_cells: bool,
    cell: Option<CellXml>,
    /// Inside `<office:annotation>`: a comment, not the cell's text.
    annotation_depth: u32,
}

struct CellXml {
    repeat: u32,
    kind: String,
    value: Option<String>,
    formula: Option<String>,
    text: String,
    paragraphs: u32,
}

impl OdsReader<'_, '_> {
    fn run(&mut self, xml: &[u8]) -> Result<(), ReadErrorKind> {
        let mut events = Events::new(xml);
        while let Some(event) = events.next("content.xml")? {
            match &event {
                Event::Start(e) => self.start(e, false)?,
                Event::Empty(e) => self.start(e, true)?,
                Event::End(e) => self.end(local(e.name().into_inner()))?,
                Event::Text(t) => self.push_text(&t.xml10_content()),
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
        if name == "table" {
            if self.document.grids.len() >= MAX_GRIDS {
                return Err(ReadErrorKind::TooLarge(format!("工作表超过 {MAX_GRIDS} 个")));
            }
            let name = attr(e, "name").unwrap_or_default();
            let source = GridSource::new(self.file.name.as_str(), GridKind::Sheet { name: name.into() });
            self.sheet = Some(SheetState {
                grid: Grid::new(source),
                row: 0,
                col: 0,
                row_repeat: 1,
                row_has_cells: false,
                cell: None,
                annotation_depth: 0,
            });
            if empty {
                self.end("table")?;
            }
            return Ok(());
        }
        let Some(sheet) = self.sheet.as_mut() else { return Ok(()) };
        if sheet.annotation_depth > 0 {
            sheet.annotation_depth += u32::from(!empty);
            return Ok(());
        }
        match name {
            "table-row" => {
                sheet.col = 0;
                sheet.row_has_cells = false;
                sheet.row_repeat = attr_u32(e, "number-rows-repeated").unwrap_or(1).max(1);
                if empty {
                    sheet.row = sheet.row.saturating_add(sheet.row_repeat);
                }
            }
            "table-cell" | "covered-table-cell" => {
                // One pass over the attributes: a sheet has many cells and each cell several of them.
                let (mut repeat, mut cols, mut rows) = (1u32, 1u32, 1u32);
                let mut cell = CellXml {
                    repeat: 1,
                    kind: String::new(),
                    value: None,
                    formula: None,
                    text: String::new(),
                    paragraphs: 0,
                };
                // Raw attributes: quick-xml's iterator allocates per element to find duplicate names.
                for (key, raw) in raw_attrs(e) {
                    let number = || raw.trim().parse::<u32>().ok().filter(|n| *n >= 1);
                    match local(key) {
                        "number-columns-repeated" => repeat = number().unwrap_or(1),
                        "number-columns-spanned" => cols = number().unwrap_or(1),
                        "number-rows-spanned" => rows = number().unwrap_or(1),
                        // office:value-type comes first; LibreOffice repeats it as calcext:value-type.
                        "value-type" if cell.kind.is_empty() => cell.kind = raw.to_string(),
                        "value" | "date-value" | "time-value" | "boolean-value" => {
                            cell.value = cell.value.or_else(|| normalized(e, key, raw).map(Cow::into_owned))
                        }
                        "formula" => cell.formula = normalized(e, key, raw).map(Cow::into_owned),
                        _ => {}
                    }
                }
                cell.repeat = repeat;
                if (cols > 1 || rows > 1) && sheet.row <= MAX_ROW && sheet.col <= MAX_COL {
                    if sheet.grid.merges.len() >= MAX_MERGES {
                        return Err(ReadErrorKind::TooLarge(format!("合并单元格超过 {MAX_MERGES} 处")));
                    }
                    sheet.grid.merges.push(CellRange {
                        first_row: sheet.row,
                        first_col: sheet.col,
                        last_row: sheet.row.saturating_add(rows - 1).min(MAX_ROW),
                        last_col: sheet.col.saturating_add(cols - 1).min(MAX_COL),
                    });
                }
                if empty {
                    self.finish_cell(cell)?;
                } else {
                    sheet.cell = Some(cell);
                }
            }
            "annotation" if !empty => sheet.annotation_depth = 1,
            "p" | "h" => {
                if let Some(cell) = sheet.cell.as_mut() {
                    if cell.paragraphs > 0 {
                        cell.text.push('\n');
                    }
                    cell.paragraphs += 1;
                }
            }
            "s" => {
                let spaces = " ".repeat(attr_u32(e, "c").unwrap_or(1).min(100) as usize);
                self.push_text(&spaces);
            }
            "tab" => self.push_text("\t"),
            "line-break" => self.push_text("\n"),
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) -> Result<(), ReadErrorKind> {
        let Some(sheet) = self.sheet.as_mut() else { return Ok(()) };
        if sheet.annotation_depth > 0 {
            sheet.annotation_depth -= 1;
            return Ok(());
        }
        match name {
            "table-cell" | "covered-table-cell" => {
                if let Some(cell) = sheet.cell.take() {
                    self.finish_cell(cell)?;
                }
            }
            "table-row" => {
                let repeat = sheet.row_repeat;
                if sheet.row_has_cells && repeat > 1 {
                    self.repeat_row(repeat.min(MAX_REPEAT))?;
                }
                let sheet = self.sheet.as_mut().expect("in a sheet");
                sheet.row = sheet.row.saturating_add(repeat);
            }
            "table" => {
                let sheet = self.sheet.take().expect("in a sheet");
                self.document.grids.push(sheet.grid);
            }
            _ => {}
        }
        Ok(())
    }

    fn push_text(&mut self, text: &str) {
        if let Some(sheet) = self.sheet.as_mut()
            && sheet.annotation_depth == 0
            && let Some(cell) = sheet.cell.as_mut()
        {
            cell.text.push_str(text);
        }
    }

    /// Puts a finished cell (and its repeats) on the grid.
    fn finish_cell(&mut self, xml: CellXml) -> Result<(), ReadErrorKind> {
        let sheet = self.sheet.as_mut().expect("cells are read inside a sheet");
        let (row, col) = (sheet.row, sheet.col);
        sheet.col = sheet.col.saturating_add(xml.repeat);
        let value = match xml.kind.as_str() {
            "float" | "percentage" | "currency" => xml.value.as_deref().and_then(|v| v.trim().parse::<f64>().ok()).map(
                // The number as the file stores it; the text as the sheet shows it (format applied).
                |n| Cell { text: xml.text.as_str().into(), ..number_cell(n, NumberShape::default()) },
            ),
            // A date as `2021-01-01` (its time of day dropped, as for xlsx), a time as `10:10:10`.
            "date" => xml.value.as_deref().map(|v| Cell::text(v.split('T').next().unwrap_or(v))),
            "time" => {
                xml.value.as_deref().map(|v| Cell::text(iso_duration_text(v).unwrap_or_else(|| xml.text.clone())))
            }
            "boolean" => xml.value.as_deref().map(|v| Cell::text(if v == "true" { "TRUE" } else { "FALSE" })),
            _ => Some(Cell::text(xml.text.as_str())),
        };
        let value = value.map(|mut cell| {
            if cell.text.is_empty()
                && let Some(n) = cell.number
            {
                cell.text = n.normalize().to_compact_string();
            }
            cell
        });
        let holds_something = value.as_ref().is_some_and(|c| !c.is_blank()) || xml.formula.is_some();
        if !holds_something {
            return Ok(());
        }
        if row > MAX_ROW || col > MAX_COL {
            return Err(ReadErrorKind::TooLarge(format!("单元格位置超出表格范围（第 {} 行）", row + 1)));
        }
        sheet.row_has_cells = true;
        for c in col..col.saturating_add(xml.repeat.min(MAX_REPEAT)).min(MAX_COL + 1) {
            self.budget.cell()?;
            let sheet = self.sheet.as_mut().expect("in a sheet");
            if let Some(cell) = value.as_ref().filter(|c| !c.is_blank()) {
                put(&mut sheet.grid, self.budget, row, c, cell.clone())?;
            }
            if let Some(formula) = &xml.formula {
                note_formula(&mut sheet.grid, self.document, self.budget, (row, c), formula)?;
            }
        }
        Ok(())
    }

    /// A row with `number-rows-repeated` that holds cells stands for that many equal rows.
    fn repeat_row(&mut self, repeat: u32) -> Result<(), ReadErrorKind> {
        let sheet = self.sheet.as_mut().expect("in a sheet");
        let Some(cells) = sheet.grid.rows.get(sheet.row as usize).cloned() else { return Ok(()) };
        // The row's cells kept apart are the last ones kept (rows are read in order).
        let far: Vec<(u32, Cell)> =
            sheet.grid.far.iter().rev().take_while(|f| f.row == sheet.row).map(|f| (f.col, f.cell.clone())).collect();
        let filled = cells.iter().filter(|c| !c.is_blank()).count() + far.len();
        for r in 1..repeat {
            let row = sheet.row.saturating_add(r);
            if row > MAX_ROW {
                break;
            }
            self.budget.cells(filled)?;
            for (c, cell) in cells.iter().enumerate().filter(|(_, c)| !c.is_blank()) {
                put(&mut sheet.grid, self.budget, row, c as u32, cell.clone())?;
            }
            for (c, cell) in far.iter().rev() {
                put(&mut sheet.grid, self.budget, row, *c, cell.clone())?;
            }
        }
        Ok(())
    }
}

/// `PT10H10M10S` (or `PT10H10M10.123S`) → `10:10:10`.
fn iso_duration_text(value: &str) -> Option<String> {
    let rest = value.strip_prefix("PT")?;
    let (hours, rest) = rest.split_once('H')?;
    let (minutes, rest) = rest.split_once('M')?;
    let seconds = rest.strip_suffix('S')?.split('.').next()?;
    let number = |s: &str| s.parse::<u32>().ok();
    Some(format!("{:02}:{:02}:{:02}", number(hours)?, number(minutes)?, number(seconds)?))
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;

    fn read(content: &str) -> Document {
        let mut document = Document::default();
        let file = InputFile::new("a.ods", Vec::new());
        let mut budget = Budget::default();
        OdsReader { file: &file, document: &mut document, budget: &mut budget, sheet: None }
            .run(content.as_bytes())
            .unwrap();
        document
    }

    /// Dates without their time of day, times as `10:10:10` (not the stored `PT10H10M10S`).
    #[test]
    fn dates_and_times_as_shown() {
        let content = r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>
            <table:table table:name="S"><table:table-row>
              <table:table-cell office:value-type="date" office:date-value="2021-01-01T10:10:10"><text:p>01/01/2021 10:10 AM</text:p></table:table-cell>
              <table:table-cell office:value-type="time" office:time-value="PT10H10M10.5S"><text:p>10:10:10</text:p></table:table-cell>
            </table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
        let grid = &read(content).grids[0];
        assert_eq!(grid.cell(0, 0).unwrap().text, "2021-01-01");
        assert_eq!(grid.cell(0, 1).unwrap().text, "10:10:10");
        assert_eq!(iso_duration_text("PT1H2M3S").as_deref(), Some("01:02:03"));
        assert_eq!(iso_duration_text("P1D"), None);
    }

    #[test]
    fn cells_by_their_attributes() {
        let content = r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x" xmlns:calcext="c"><office:body><office:spreadsheet>
            <table:table table:name="附件2"><table:table-row>
              <table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="1" office:value-type="string" calcext:value-type="string"><text:p>项目名称</text:p></table:table-cell>
              <table:covered-table-cell/>
              <table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="8.5" calcext:value-type="float"><text:p>8.50</text:p></table:table-cell>
              <table:table-cell table:formula="of:=IF([.C1]&lt;9;&quot;低&quot;;&quot;高&quot;)" office:value-type="string"/>
            </table:table-row></table:table>
        </office:spreadsheet></office:body></office:document-content>"#;
        let document = read(content);
        let grid = &document.grids[0];
        let text = |c| grid.cell(0, c).map_or("", |c| c.text.as_str());
        assert_eq!([text(0), text(2), text(3)], ["项目名称", "8.50", "8.50"]);
        assert_eq!(grid.cell(0, 3).and_then(|c| c.number), Some(Decimal::new(85, 1)));
        let merge = grid.merges[0];
        assert_eq!((merge.first_col, merge.last_col), (0, 1));
        // References in a formula are resolved; the cell holds no value, so the reader notes it.
        assert_eq!(grid.formula(0, 4), Some(r#"of:=IF([.C1]<9;"低";"高")"#));
        assert_eq!(document.notes.len(), 1);
    }
}
