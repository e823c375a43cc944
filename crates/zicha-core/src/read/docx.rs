//! Word documents: our own streaming reader over `word/document.xml`. Table cells go on a true grid
//! (`gridSpan`, `vMerge`, `gridBefore`), so a label merged over three rows is one cell with a merged range,
//! as in a workbook. Paragraphs outside tables are kept in order, interleaved with the tables.

use std::collections::HashMap;
use std::sync::Arc;

use compact_str::CompactString;
use quick_xml::events::Event;

use super::xml::{Events, attr, attr_u32, local, reference_text};
use super::zipped::read_entry;
use super::{InputFile, ReadError, ReadErrorKind};
use crate::grid::{Block, Cell, CellRange, Document, Grid, GridKind, GridSource};

use super::body::Paragraphs;
use super::cells::put;
use super::limits::{Budget, MAX_COL, MAX_PARAGRAPHS, MAX_PART_BYTES as PART_LIMIT};

/// Subtrees whose text is not the document's flow text: drawings and text boxes (their `mc:Fallback`
/// copies would double them), and text moved away under change tracking.
/// Deleted text of tracked changes (`w:del` holding runs) is not the document's either.
const SKIPPED: &[&str] = &["drawing", "pict", "object", "AlternateContent", "txbxContent", "moveFrom", "del"];

pub(super) fn read_docx(file: &InputFile, document: &mut Document, budget: &mut Budget) -> Result<(), ReadError> {
    let fail = |kind| ReadError { file: file.name.clone(), kind };
    let part = main_part(&file.bytes);
    let xml = read_entry(&file.bytes, &part, PART_LIMIT, budget).map_err(fail)?;
    let mut reader = DocxReader::new(&file.name, document, budget);
    reader.run(&xml).map_err(|kind| ReadError { file: file.name.clone(), kind })
}

/// The main document part named by the package relationships; `word/document.xml` by convention.
fn main_part(bytes: &[u8]) -> String {
    super::zipped::main_part(bytes).unwrap_or_else(|| "word/document.xml".to_string())
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum VMerge {
    None,
    Restart,
    Continue,
}

/// A Word table's cell as it is read (the .doc reader builds the same).
pub(super) struct CellBuilder {
    pub(super) span: u32,
    pub(super) vmerge: VMerge,
    /// Inline while short, as the cell it becomes.
    pub(super) text: CompactString,
    paragraphs: u32,
}

impl CellBuilder {
    pub(super) fn new(span: u32, vmerge: VMerge, text: &str) -> CellBuilder {
        CellBuilder { span, vmerge, text: text.into(), paragraphs: 0 }
    }
}

/// A Word table on its true grid: cells placed by their spans, vertical merges closed as they end.
pub(super) struct TableBuilder {
    grid: Grid,
    /// Current row; `None` before the first `w:tr`.
    pub(super) row: Option<u32>,
    pub(super) col: u32,
    pub(super) cell: Option<CellBuilder>,
    /// Column → index in `grid.merges` of the vertical merge still open there.
    open_vmerges: HashMap<u32, usize>,
}

impl TableBuilder {
    pub(super) fn new(source: GridSource) -> TableBuilder {
        TableBuilder { grid: Grid::new(source), row: None, col: 0, cell: None, open_vmerges: HashMap::new() }
    }

    pub(super) fn finish_cell(&mut self, budget: &mut Budget) -> Result<(), ReadErrorKind> {
        let Some(cell) = self.cell.take() else { return Ok(()) };
        let row = self.row.unwrap_or(0);
        let col = self.col;
        let span = cell.span.max(1);
        // Past Excel's last column a row has nothing a form would use; the cell is dropped, not stored.
        if col.saturating_add(span) > MAX_COL {
            return Ok(());
        }
        match cell.vmerge {
            VMerge::Continue => {
                if let Some(&index) = self.open_vmerges.get(&col) {
                    let merge = &mut self.grid.merges[index];
                    merge.last_row = row;
                    merge.last_col = merge.last_col.max(col + span - 1);
                }
            }
            VMerge::Restart | VMerge::None => {
                put(&mut self.grid, budget, row, col, Cell::text(cell.text))?;
                if span > 1 || cell.vmerge == VMerge::Restart {
                    self.grid.merges.push(CellRange {
                        first_row: row,
                        first_col: col,
                        last_row: row,
                        last_col: col + span - 1,
                    });
                }
                if cell.vmerge == VMerge::Restart {
                    self.open_vmerges.insert(col, self.grid.merges.len() - 1);
                } else {
                    self.open_vmerges.remove(&col);
                }
            }
        }
        self.col += span;
        Ok(())
    }

    pub(super) fn into_grid(mut self) -> Grid {
        self.grid.merges.retain(|m| m.first_row != m.last_row || m.first_col != m.last_col);
        self.grid
    }

    /// The text of a nested table, for the cell that holds it: rows on lines, cells split by tabs.
    fn flat_text(&self) -> String {
        let rows = self.grid.rows.iter().map(|r| r.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\t"));
        rows.collect::<Vec<_>>().join("\n")
    }
}

struct DocxReader<'d> {
    file: Arc<str>,
    document: &'d mut Document,
    blocks: Vec<Block>,
    tables: Vec<TableBuilder>,
    tables_seen: u32,
    paragraph: Option<String>,
    paragraphs: Paragraphs,
    budget: &'d mut Budget,
    in_run: bool,
    in_text: bool,
    skip_depth: u32,
}

impl<'d> DocxReader<'d> {
    fn new(file: &str, document: &'d mut Document, budget: &'d mut Budget) -> DocxReader<'d> {
        DocxReader {
            file: file.into(),
            document,
            blocks: Vec::new(),
            tables: Vec::new(),
            tables_seen: 0,
            paragraph: None,
            paragraphs: Paragraphs::new(file.into()),
            budget,
            in_run: false,
            in_text: false,
            skip_depth: 0,
        }
    }

    fn run(&mut self, xml: &[u8]) -> Result<(), ReadErrorKind> {
        let mut events = Events::new(xml);
        while let Some(event) = events.next("document.xml")? {
            if self.paragraphs.count() > MAX_PARAGRAPHS {
                return Err(ReadErrorKind::TooLarge(format!("段落超过 {MAX_PARAGRAPHS} 个")));
            }
            match event {
                Event::Start(ref e) => {
                    let name = local(e.name().into_inner());
                    if self.skip_depth > 0 || SKIPPED.contains(&name) {
                        self.skip_depth += 1;
                    } else {
                        self.start(name, e, false)?;
                    }
                }
                Event::Empty(ref e) if self.skip_depth == 0 => self.start(local(e.name().into_inner()), e, true)?,
                Event::End(ref e) => {
                    if self.skip_depth > 0 {
                        self.skip_depth -= 1;
                    } else {
                        self.end(local(e.name().into_inner()))?;
                    }
                }
                Event::Text(ref t) if self.in_text && self.skip_depth == 0 => self.push_text(&t.xml10_content()),
                Event::GeneralRef(ref r) if self.in_text && self.skip_depth == 0 => {
                    if let Some(text) = reference_text(r) {
                        self.push_text(&text);
                    }
                }
                _ => {}
            }
        }
        let body = std::mem::take(&mut self.blocks);
        self.document.bodies.push((self.file.to_string(), body));
        Ok(())
    }

    /// A start tag (or an empty one) of local name `name`, outside skipped subtrees.
    fn start(&mut self, name: &str, e: &quick_xml::events::BytesStart, empty: bool) -> Result<(), ReadErrorKind> {
        match name {
            "tbl" if !empty => {
                let index = if self.tables.is_empty() {
                    self.tables_seen += 1;
                    self.tables_seen
                } else {
                    0 // nested: flattened into the outer cell, never addressed on its own
                };
                let source = GridSource::new(self.file.clone(), GridKind::WordTable { index });
                self.tables.push(TableBuilder::new(source));
            }
            "tr" if !empty => {
                if let Some(table) = self.tables.last_mut() {
                    table.row = Some(table.row.map_or(0, |r| r + 1));
                    table.col = 0;
                }
            }
            "gridBefore" => {
                if let Some(table) = self.tables.last_mut()
                    && table.cell.is_none()
                {
                    table.col += attr_u32(e, "val").unwrap_or(0).min(1000);
                }
            }
            "tc" => {
                // Every cell counts against the limit, empty ones too: each costs time to read.
                self.budget.cell()?;
                if let Some(table) = self.tables.last_mut().filter(|_| !empty) {
                    table.cell = Some(CellBuilder::new(1, VMerge::None, ""));
                }
            }
            "gridSpan" => {
                if let Some(cell) = self.current_cell() {
                    cell.span = attr_u32(e, "val").unwrap_or(1).clamp(1, 1000);
                }
            }
            "vMerge" => {
                let restart = attr(e, "val").is_some_and(|v| v == "restart");
                if let Some(cell) = self.current_cell() {
                    cell.vmerge = if restart { VMerge::Restart } else { VMerge::Continue };
                }
            }
            "p" => {
                if let Some(cell) = self.current_cell() {
                    if cell.paragraphs > 0 {
                        cell.text.push('\n');
                    }
                    cell.paragraphs += 1;
                } else if self.tables.is_empty() {
                    self.paragraph = Some(String::new());
                    if empty {
                        self.end("p")?;
                    }
                }
            }
            "r" if !empty => self.in_run = true,
            "t" if !empty && self.in_run => self.in_text = true,
            "tab" if self.in_run => self.push_text("\t"),
            "br" | "cr" if self.in_run => self.push_text("\n"),
            "noBreakHyphen" if self.in_run => self.push_text("-"),
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) -> Result<(), ReadErrorKind> {
        match name {
            "t" => self.in_text = false,
            "r" => self.in_run = false,
            "tc" => {
                if let Some(table) = self.tables.last_mut() {
                    table.finish_cell(self.budget)?;
                }
            }
            "tbl" => {
                let Some(table) = self.tables.pop() else {
                    return Ok(());
                };
                if let Some(outer) = self.tables.last_mut() {
                    if let Some(cell) = outer.cell.as_mut() {
                        if !cell.text.is_empty() {
                            cell.text.push('\n');
                        }
                        cell.text.push_str(&table.flat_text());
                    }
                } else {
                    self.blocks.push(Block::Table(self.document.grids.len()));
                    self.document.grids.push(table.into_grid());
                }
            }
            "p" if self.tables.is_empty() => {
                if let Some(text) = self.paragraph.take() {
                    self.paragraphs.push(self.document, &mut self.blocks, text);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn current_cell(&mut self) -> Option<&mut CellBuilder> {
        self.tables.last_mut()?.cell.as_mut()
    }

    fn push_text(&mut self, text: &str) {
        if let Some(cell) = self.current_cell() {
            cell.text.push_str(text);
        } else if let Some(paragraph) = self.paragraph.as_mut() {
            paragraph.push_str(text);
        }
    }
}
