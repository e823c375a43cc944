//! Web tables saved as .xls or .doc: what budget systems export and what "另存为网页" writes. The page is
//! decoded by its declared charset (GBK pages too), tokenised by html5ever's tokenizer, and read as a Word
//! document is: paragraphs outside tables in order, each table on a true grid (`colspan`, `rowspan`), so the
//! recogniser sees the same model. Only with the `xls` feature, which brings encoding_rs already.

use std::cell::RefCell;
use std::sync::Arc;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};

use super::body::Paragraphs;
use super::cells::put;
use super::limits::{Budget, MAX_COL, MAX_DEPTH, MAX_PARAGRAPHS, MAX_ROW};
use super::{InputFile, ReadError, ReadErrorKind};
use crate::grid::{Block, Cell, CellRange, Document, Grid, GridKind, GridSource};

pub(super) fn read_html(file: &InputFile, document: &mut Document, budget: &mut Budget) -> Result<(), ReadError> {
    read_pages(file, &[decoded(&file.bytes)], document, budget)
}

/// Reads the pages of one file (a web page, or the HTML parts of an MHTML archive) as one document: its
/// paragraphs and tables numbered in order across the pages.
pub(super) fn read_pages(
    file: &InputFile,
    pages: &[String],
    document: &mut Document,
    budget: &mut Budget,
) -> Result<(), ReadError> {
    let fail = |kind| ReadError { file: file.name.clone(), kind };
    let mut reader = HtmlReader {
        state: RefCell::new(State {
            file: file.name.as_str().into(),
            document,
            budget,
            blocks: Vec::new(),
            tables: Vec::new(),
            tables_seen: 0,
            paragraph: String::new(),
            paragraphs: Paragraphs::new(file.name.as_str().into()),
            skip: 0,
            error: None,
        }),
    };
    for text in pages {
        let input = BufferQueue::default();
        input.push_back(StrTendril::from_slice(text));
        let tokenizer = Tokenizer::new(reader, Default::default());
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        reader = tokenizer.sink;
        let mut state = reader.state.borrow_mut();
        state.skip = 0;
        if let Some(error) = state.error.take() {
            return Err(fail(error));
        }
    }
    let state = reader.state.into_inner();
    let body = state.blocks;
    state.document.bodies.push((file.name.clone(), body));
    Ok(())
}

/// The page as text: its byte order mark, else the charset its `<meta>` declares (`gb2312`, `GBK`), else UTF-8
/// if it is, else GB18030 (a Chinese system's page that declares nothing).
pub(super) fn decoded(bytes: &[u8]) -> String {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode(bytes).0.into_owned();
    }
    let encoding = match declared_encoding(&bytes[..bytes.len().min(4096)], "charset=") {
        Some(encoding) => encoding,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::GB18030,
    };
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The encoding a file's head names after `key` (`charset=` in a page, `encoding=` in an XML declaration),
/// quoted or not.
pub(super) fn declared_encoding(head: &[u8], key: &str) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let (_, rest) = head.split_once(key)?;
    let label: String = rest
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    encoding_rs::Encoding::for_label(label.as_bytes())
}

/// The tokenizer's sink: it takes `&self`, so the reading state sits in a cell.
struct HtmlReader<'d> {
    state: RefCell<State<'d>>,
}

struct State<'d> {
    file: Arc<str>,
    document: &'d mut Document,
    budget: &'d mut Budget,
    blocks: Vec<Block>,
    tables: Vec<Table>,
    tables_seen: u32,
    paragraph: String,
    paragraphs: Paragraphs,
    /// Inside `<head>`, `<script>`, `<style>`, `<title>`: not the page's text.
    skip: u32,
    /// The first limit reached: reading stops there.
    error: Option<ReadErrorKind>,
}

struct Table {
    grid: Grid,
    /// Current row; `None` before the first `<tr>`.
    row: Option<u32>,
    col: u32,
    cell: Option<OpenCell>,
    /// Per column, the last row a `rowspan` above covers (cells of later rows start past it).
    covered_until: Vec<Option<u32>>,
}

struct OpenCell {
    text: String,
    rows: u32,
    cols: u32,
}

impl TokenSink for HtmlReader<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        if state.error.is_some() {
            return TokenSinkResult::Continue;
        }
        let outcome = match token {
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                let attr = |key: &str| {
                    tag.attrs.iter().find(|a| &*a.name.local == key).and_then(|a| a.value.trim().parse::<u32>().ok())
                };
                match tag.kind {
                    TagKind::StartTag => {
                        let raw = match name {
                            "script" => Some(RawKind::ScriptData),
                            "style" | "title" | "textarea" => Some(RawKind::Rcdata),
                            _ => None,
                        };
                        let result = state.start(name, attr("colspan"), attr("rowspan"), tag.self_closing);
                        if let Some(kind) = raw {
                            state.skip += 1;
                            state.error = result.err();
                            return TokenSinkResult::RawData(kind);
                        }
                        result
                    }
                    TagKind::EndTag => state.end(name),
                }
            }
            Token::CharacterTokens(text) => {
                state.push_text(&text);
                Ok(())
            }
            Token::EOFToken => state.end_of_page(),
            _ => Ok(()),
        };
        if let Err(error) = outcome {
            state.error = Some(error);
        }
        TokenSinkResult::Continue
    }
}

impl State<'_> {
    fn start(
        &mut self,
        name: &str,
        colspan: Option<u32>,
        rowspan: Option<u32>,
        closed: bool,
    ) -> Result<(), ReadErrorKind> {
        match name {
            "head" if !closed => self.skip += 1,
            "table" => {
                self.finish_paragraph()?;
                if self.tables.len() >= MAX_DEPTH {
                    return Err(ReadErrorKind::TooLarge(format!("表格嵌套超过 {MAX_DEPTH} 层")));
                }
                let index = if self.tables.is_empty() {
                    self.tables_seen += 1;
                    self.tables_seen
                } else {
                    0 // nested: flattened into the outer cell, never addressed on its own
                };
                let source = GridSource::new(self.file.clone(), GridKind::WordTable { index });
                let table = Table { grid: Grid::new(source), row: None, col: 0, cell: None, covered_until: Vec::new() };
                self.tables.push(table);
            }
            "tr" => {
                self.finish_cell()?;
                if let Some(table) = self.tables.last_mut() {
                    table.row = Some(table.row.map_or(0, |r| r.saturating_add(1)).min(MAX_ROW));
                    table.col = 0;
                }
            }
            "td" | "th" => {
                self.finish_cell()?;
                self.budget.cell()?;
                if let Some(table) = self.tables.last_mut() {
                    let row = *table.row.get_or_insert(0);
                    while table.covered_until.get(table.col as usize).copied().flatten().is_some_and(|r| r >= row) {
                        table.col += 1;
                    }
                    let cols = colspan.unwrap_or(1).clamp(1, MAX_COL + 1 - table.col.min(MAX_COL));
                    let rows = rowspan.unwrap_or(1).clamp(1, MAX_ROW + 1 - row);
                    table.cell = Some(OpenCell { text: String::new(), rows, cols });
                }
            }
            "br" => self.push_break(),
            "p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.block_boundary()?,
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) -> Result<(), ReadErrorKind> {
        match name {
            "head" | "script" | "style" | "title" | "textarea" => self.skip = self.skip.saturating_sub(1),
            "td" | "th" | "tr" => self.finish_cell()?,
            "table" => {
                self.finish_cell()?;
                let Some(table) = self.tables.pop() else { return Ok(()) };
                if let Some(outer) = self.tables.last_mut() {
                    if let Some(cell) = outer.cell.as_mut() {
                        let rows =
                            table.grid.rows.iter().map(|r| r.iter().map(|c| c.text.as_str()).collect::<Vec<_>>());
                        let flat = rows.map(|r| r.join("\t")).collect::<Vec<_>>().join("\n");
                        if !cell.text.is_empty() {
                            cell.text.push('\n');
                        }
                        cell.text.push_str(&flat);
                    }
                } else {
                    self.blocks.push(Block::Table(self.document.grids.len()));
                    let mut grid = table.grid;
                    grid.merges.retain(|m| m.first_row != m.last_row || m.first_col != m.last_col);
                    self.document.grids.push(grid);
                }
            }
            "p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.block_boundary()?,
            _ => {}
        }
        Ok(())
    }

    /// Text as a browser lays it out: runs of white space are one space.
    fn push_text(&mut self, text: &str) {
        if self.skip > 0 {
            return;
        }
        let target = match self.tables.last_mut() {
            Some(table) => match table.cell.as_mut() {
                Some(cell) => &mut cell.text,
                None => return, // text between cells is not in any cell
            },
            None => &mut self.paragraph,
        };
        for c in text.chars() {
            if c.is_whitespace() && c != '\u{3000}' {
                if !target.is_empty() && !target.ends_with([' ', '\n']) {
                    target.push(' ');
                }
            } else {
                target.push(c);
            }
        }
    }

    fn push_break(&mut self) {
        if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            trim_end_spaces(&mut cell.text);
            cell.text.push('\n');
        } else if self.tables.is_empty() {
            trim_end_spaces(&mut self.paragraph);
            self.paragraph.push('\n');
        }
    }

    /// A paragraph ends: inside a cell a line break, outside one a paragraph of the document.
    fn block_boundary(&mut self) -> Result<(), ReadErrorKind> {
        match self.tables.last_mut() {
            Some(table) => {
                if let Some(cell) = table.cell.as_mut() {
                    trim_end_spaces(&mut cell.text);
                    if !cell.text.is_empty() && !cell.text.ends_with('\n') {
                        cell.text.push('\n');
                    }
                }
                Ok(())
            }
            None => self.finish_paragraph(),
        }
    }

    fn finish_paragraph(&mut self) -> Result<(), ReadErrorKind> {
        let text = self.paragraph.trim();
        if text.is_empty() {
            self.paragraph.clear();
            return Ok(());
        }
        if self.paragraphs.count() >= MAX_PARAGRAPHS {
            return Err(ReadErrorKind::TooLarge(format!("段落超过 {MAX_PARAGRAPHS} 个")));
        }
        let text = text.to_string();
        self.paragraph.clear();
        self.budget.text(text.len())?;
        self.paragraphs.push(self.document, &mut self.blocks, text);
        Ok(())
    }

    fn finish_cell(&mut self) -> Result<(), ReadErrorKind> {
        let Some(table) = self.tables.last_mut() else { return Ok(()) };
        let Some(cell) = table.cell.take() else { return Ok(()) };
        let (row, col) = (table.row.unwrap_or(0), table.col);
        let text = cell.text.trim_matches([' ', '\n']).to_string();
        if !text.is_empty() {
            put(&mut table.grid, self.budget, row, col, Cell::text(text))?;
        }
        if cell.rows > 1 || cell.cols > 1 {
            let last_row = row.saturating_add(cell.rows - 1).min(MAX_ROW);
            let last_col = col.saturating_add(cell.cols - 1).min(MAX_COL);
            table.grid.merges.push(CellRange { first_row: row, first_col: col, last_row, last_col });
        }
        if cell.rows > 1 {
            let needed = (col + cell.cols) as usize;
            if table.covered_until.len() < needed {
                self.budget.cells(needed - table.covered_until.len())?;
                table.covered_until.resize(needed, None);
            }
            for c in col..col + cell.cols {
                table.covered_until[c as usize] = Some(row + cell.rows - 1);
            }
        }
        table.col = col.saturating_add(cell.cols).min(MAX_COL);
        Ok(())
    }

    /// Tables left open at the end are closed, as a browser does.
    fn end_of_page(&mut self) -> Result<(), ReadErrorKind> {
        while !self.tables.is_empty() {
            self.end("table")?;
        }
        self.finish_paragraph()
    }
}

fn trim_end_spaces(text: &mut String) {
    let kept = text.trim_end_matches(' ').len();
    text.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(html: &[u8]) -> Document {
        let mut document = Document::default();
        read_html(&InputFile::new("t.xls", html.to_vec()), &mut document, &mut Budget::default()).unwrap();
        document
    }

    #[test]
    fn tables_land_on_a_true_grid() {
        let page = "<html><body><p>标题 一</p><table><tr><td rowspan=2>项目名称</td><td colspan=2>资金</td></tr>\
                    <tr><td>年初<br>预算数</td><td>执行数</td></tr><tr><td>合计</td><td>10</td><td>9</td></tr></table>\
                    <p>说明</p></body></html>";
        let document = read(page.as_bytes());
        let grid = &document.grids[0];
        let text = |r, c| grid.cell(r, c).map_or("", |x| x.text.as_str());
        assert_eq!(
            [text(0, 0), text(0, 1), text(1, 1), text(1, 2), text(2, 2)],
            ["项目名称", "资金", "年初\n预算数", "执行数", "9"]
        );
        assert_eq!(grid.merges.len(), 2);
        let paragraphs: Vec<&str> = document.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(paragraphs, ["标题 一", "说明"]);
        assert_eq!(document.bodies[0].1, [Block::Paragraph(0), Block::Table(0), Block::Paragraph(1)]);
    }

    #[test]
    fn gbk_pages_scripts_and_unclosed_tables() {
        let (gbk, _, _) = encoding_rs::GBK
            .encode("<meta charset=gb2312><script>var a='<td>';</script><table><tr><td>预算部门名称<td>某某局");
        let document = read(&gbk);
        let grid = &document.grids[0];
        assert_eq!(grid.cell(0, 0).unwrap().text, "预算部门名称");
        assert_eq!(grid.cell(0, 1).unwrap().text, "某某局");
        assert!(grid.cell(0, 2).is_none());
    }
}
