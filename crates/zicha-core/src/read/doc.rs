//! Word 97–2003 documents (.doc, and WPS's .doc and .wps, which are the same compound format), read by the
//! published [MS-DOC] structures into the model the docx reader gives: paragraphs in body order, and each table
//! on a true grid with its merged cells.
//!
//! The main text is found through the piece table (the `Clx` in the table stream): each piece is a run of
//! characters, UTF-16 or one byte each ("compressed", Windows-1252 by the specification; writers other than Word
//! put GBK or Big5 there in a Chinese document, read as such where every high byte pairs up as one: see
//! [`Code::of_piece`]). Paragraph marks end
//! paragraphs; which paragraphs are table cells, and where a row ends, is said by each paragraph's properties
//! (the `PAPX` in the formatted disk pages the `PlcBtePapx` lists): `sprmPFInTable`, `sprmPFTtp` for the mark
//! that ends a row, `sprmPItap` for nested tables. A row's cell edges and vertical merges come from its
//! `sprmTDefTable` (and `sprmTVertMerge`); the edges of every row, together, are the table's columns, so a cell
//! as wide as two columns spans two, as `gridSpan` does in a docx. Field codes are skipped and their shown
//! results kept. Encrypted documents are refused with a message of their own; Word 95 and older ones too. A
//! document last saved by "fast save" (`fComplex`, which WPS sets on every save) is read like any other: the
//! piece table puts its text in order.
//!
//! [MS-DOC]: https://learn.microsoft.com/en-us/openspecs/office_file_formats/ms-doc/

use std::sync::Arc;

use super::body::Paragraphs;
use super::compound::{OUTSIDE, stream, u16_at, u32_at};
use super::docx::{CellBuilder, TableBuilder, VMerge};
use super::limits::{Budget, MAX_COL, MAX_PARAGRAPHS};
use super::{InputFile, ReadError, ReadErrorKind};
use crate::grid::{Block, Document, GridKind, GridSource};

pub(super) fn read_doc(file: &InputFile, document: &mut Document, budget: &mut Budget) -> Result<(), ReadError> {
    let fail = |kind| ReadError { file: file.name.clone(), kind };
    let word = Word::open(&file.bytes).map_err(fail)?;
    let mut builder = BodyBuilder::new(&file.name, document, budget);
    word.walk(|paragraph| builder.take(paragraph)).map_err(fail)?;
    builder.finish().map_err(fail)
}

fn corrupt(why: &str) -> ReadErrorKind {
    ReadErrorKind::Corrupt(format!("Word 文档结构异常：{why}"))
}

/// The two streams a document's text needs, and where its structures are.
struct Word {
    word: Vec<u8>,
    pieces: Vec<Piece>,
    /// Paragraph property runs, by file position: (first fc, past-the-end fc, properties), in order.
    runs: Vec<(u32, u32, Props)>,
    /// Characters of the main text (the body; footnotes, headers and comments follow it).
    text_length: u32,
}

/// A run of characters of the text: from character position `cp` on, `length` characters stored at byte
/// `offset` of the `WordDocument` stream, in its code.
struct Piece {
    cp: u32,
    length: u32,
    offset: usize,
    code: Code,
}

/// How a piece's characters are stored.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Code {
    Utf16,
    /// One byte a character, as [MS-DOC] says.
    Windows1252,
    /// One or two bytes a character, in a Chinese code page (GBK or Big5): what WPS and older converters write.
    DoubleByte(&'static encoding_rs::Encoding),
}

impl Code {
    /// A compressed piece's code: Windows-1252, unless the document is Chinese (the language `lid` of its FIB) and
    /// the piece reads whole in that language's code page (GBK or Big5) with every character above ASCII led by
    /// a byte of 0xA1 or more, and at least one of them a Chinese character. Word itself never writes such a
    /// piece: its compressed pieces hold only Windows-1252, where the quotes, dashes and ellipses a Chinese text
    /// uses sit at 0x85 and 0x91–0x97, below that lead, so a Word piece with them stays Windows-1252. (What is
    /// lost: GBK's rarest characters, whose lead is below 0xA1.)
    fn of_piece(bytes: &[u8], lid: u16) -> Code {
        let code = match lid {
            0x0804 | 0x1004 => encoding_rs::GBK,
            0x0404 | 0x0C04 | 0x1404 => encoding_rs::BIG5,
            _ => return Code::Windows1252,
        };
        let Some(text) = code.decode_without_bom_handling_and_without_replacement(bytes) else {
            return Code::Windows1252;
        };
        let mut at = 0;
        while at < bytes.len() {
            match bytes[at] {
                0x00..=0x7F => at += 1,
                0xA1..=0xFE => at += 2,
                _ => return Code::Windows1252,
            }
        }
        let ideographs = text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
        if ideographs { Code::DoubleByte(code) } else { Code::Windows1252 }
    }
}

/// What a paragraph's properties say of its place in a table.
#[derive(Clone, Default)]
struct Props {
    in_table: bool,
    /// The mark that ends a table row (`sprmPFTtp`).
    row_end: bool,
    /// Table depth (`sprmPItap`): 1 for a table, 2 and more for tables inside its cells.
    depth: u32,
    inner_cell_end: bool,
    inner_row_end: bool,
    /// A row end's cells: their edges, in twips, and their merges.
    row: Option<Arc<RowDef>>,
}

#[derive(Default)]
struct RowDef {
    edges: Vec<i16>,
    /// Per cell: horizontally merged into the cell before it; vertical merge.
    merged_left: Vec<bool>,
    vertical: Vec<VMerge>,
}

/// One paragraph of the text, as the walk gives it: its shown text, whether it ended with a cell mark, and its
/// properties.
struct Para<'a> {
    text: String,
    cell_mark: bool,
    props: &'a Props,
}

const WORD_97_NFIB: u16 = 0x00C0;

impl Word {
    fn open(file: &[u8]) -> Result<Word, ReadErrorKind> {
        let read = |names: &[&str]| match stream(file, names) {
            Ok(Some(bytes)) => Ok(bytes),
            Ok(None) => Err(corrupt(&format!("找不到 {} 流", names[0]))),
            Err(why) if why == OUTSIDE => Err(ReadErrorKind::Corrupt("复合文档不完整".into())),
            Err(why) => Err(ReadErrorKind::Corrupt(format!("复合文档结构异常：{why}"))),
        };
        let word = read(&["WordDocument"])?;
        let short = || corrupt("文件信息块不完整");
        if u16_at(&word, 0) != Some(0xA5EC) {
            return Err(corrupt("文件信息块标识不符"));
        }
        let (version, flags) = (u16_at(&word, 2).ok_or_else(short)?, u16_at(&word, 0x0A).ok_or_else(short)?);
        if flags & 0x0100 != 0 {
            return Err(ReadErrorKind::Encrypted);
        }
        if version < WORD_97_NFIB {
            return Err(ReadErrorKind::LegacyWord);
        }
        let table = read(&[if flags & 0x0200 != 0 { "1Table" } else { "0Table" }])?;
        // The FIB: a fixed base, then counted arrays of 16-bit words, 32-bit words and (fc, lcb) pairs.
        let shorts = u16_at(&word, 32).ok_or_else(short)? as usize;
        let longs_at = 34 + 2 * shorts;
        let longs = u16_at(&word, longs_at).ok_or_else(short)? as usize;
        let text_length = u32_at(&word, longs_at + 2 + 12).ok_or_else(short)?;
        let pairs_at = longs_at + 2 + 4 * longs;
        let pairs = u16_at(&word, pairs_at).ok_or_else(short)? as usize;
        let pair = |k: usize| -> Result<&[u8], ReadErrorKind> {
            if k >= pairs {
                return Err(short());
            }
            let (fc, lcb) = (u32_at(&word, pairs_at + 2 + 8 * k), u32_at(&word, pairs_at + 2 + 8 * k + 4));
            let (fc, lcb) = (fc.ok_or_else(short)? as usize, lcb.ok_or_else(short)? as usize);
            if lcb == 0 {
                return Ok(&[][..]); // not there; where it points does not matter
            }
            table.get(fc..fc.saturating_add(lcb)).ok_or_else(|| corrupt("结构位置超出表流"))
        };
        // The language of the document (FibBase.lid): what a compressed piece may be in besides Windows-1252.
        let lid = u16_at(&word, 6).ok_or_else(short)?;
        let pieces = pieces(pair(33)?, &word, lid)?;
        // Property lists too long for their page live in the `Data` stream (sprmPHugePapx).
        let data = match stream(file, &["Data"]) {
            Ok(Some(data)) => data,
            _ => Vec::new(),
        };
        // Without readable paragraph properties the text still reads, as paragraphs.
        let runs = paragraph_runs(pair(13).unwrap_or(&[]), &word, &data);
        Ok(Word { word, pieces, runs, text_length })
    }

    /// Walks the main text paragraph by paragraph, in order.
    fn walk(&self, mut take: impl FnMut(Para<'_>) -> Result<(), ReadErrorKind>) -> Result<(), ReadErrorKind> {
        let default = Props::default();
        let mut units: Vec<u16> = Vec::new();
        // Open fields, innermost last: whether the field is still in its code (before its separator).
        let mut fields: Vec<bool> = Vec::new();
        for piece in &self.pieces {
            if piece.cp >= self.text_length {
                break;
            }
            let count = piece.length.min(self.text_length - piece.cp) as usize;
            let mut i = 0;
            while i < count {
                let (unit, fc) = match piece.code {
                    Code::Utf16 => {
                        let at = piece.offset + 2 * i;
                        (u16::from_le_bytes([self.word[at], self.word[at + 1]]), at)
                    }
                    Code::Windows1252 => (windows_1252(self.word[piece.offset + i]), piece.offset + i),
                    // A character position a byte, as in the one-byte pieces: a pair is two positions.
                    Code::DoubleByte(code) if self.word[piece.offset + i] > 0x7F && i + 1 < count => {
                        let at = piece.offset + i;
                        i += 1;
                        (double_byte(code, [self.word[at], self.word[at + 1]]), at)
                    }
                    Code::DoubleByte(_) => (u16::from(self.word[piece.offset + i]), piece.offset + i),
                };
                i += 1;
                match unit {
                    0x13 => fields.push(true),
                    0x14 => {
                        if let Some(code) = fields.last_mut() {
                            *code = false;
                        }
                    }
                    0x15 => {
                        fields.pop();
                    }
                    0x0D | 0x07 => {
                        let props = self.props_at(fc as u32).unwrap_or(&default);
                        let text = shown(&units);
                        units.clear();
                        take(Para { text, cell_mark: unit == 0x07, props })?;
                    }
                    _ if fields.iter().any(|&code| code) => {}
                    _ => units.push(unit),
                }
            }
        }
        if units.iter().any(|&u| u > 0x20) {
            take(Para { text: shown(&units), cell_mark: false, props: &default })?;
        }
        Ok(())
    }

    fn props_at(&self, fc: u32) -> Option<&Props> {
        let at = self.runs.partition_point(|(_, end, _)| *end <= fc);
        self.runs.get(at).filter(|(start, _, _)| *start <= fc).map(|(_, _, props)| props)
    }
}

/// The piece table: the `Pcdt` of the `Clx` (after any `Prc` blocks of property modifiers).
fn pieces(clx: &[u8], word: &[u8], lid: u16) -> Result<Vec<Piece>, ReadErrorKind> {
    let mut at = 0;
    let table = loop {
        match clx.get(at) {
            Some(1) => at += 3 + u16_at(clx, at + 1).ok_or_else(|| corrupt("文字块表不完整"))? as usize,
            Some(2) => {
                let length = u32_at(clx, at + 1).ok_or_else(|| corrupt("文字块表不完整"))? as usize;
                break clx.get(at + 5..at + 5 + length).ok_or_else(|| corrupt("文字块表不完整"))?;
            }
            _ => return Err(corrupt("没有文字块表")),
        }
    };
    let count = table.len().saturating_sub(4) / 12;
    let mut pieces = Vec::with_capacity(count);
    for i in 0..count {
        let (Some(cp), Some(next), Some(fc)) =
            (u32_at(table, 4 * i), u32_at(table, 4 * i + 4), u32_at(table, 4 * (count + 1) + 8 * i + 2))
        else {
            break;
        };
        let compressed = fc & 0x4000_0000 != 0;
        let offset = (fc & 0x3FFF_FFFF) as usize;
        let offset = if compressed { offset / 2 } else { offset };
        let length = next.checked_sub(cp).ok_or_else(|| corrupt("文字块次序错乱"))?;
        let bytes = length as usize * if compressed { 1 } else { 2 };
        let Some(stored) = offset.checked_add(bytes).and_then(|end| word.get(offset..end)) else {
            return Err(corrupt("文字块超出文档流"));
        };
        let code = if compressed { Code::of_piece(stored, lid) } else { Code::Utf16 };
        pieces.push(Piece { cp, length, offset, code });
    }
    pieces.sort_by_key(|p| p.cp);
    Ok(pieces)
}

/// Every paragraph property run of the formatted disk pages the bin table lists. A page that cannot be read
/// gives no runs: its paragraphs read as plain paragraphs.
fn paragraph_runs(bin_table: &[u8], word: &[u8], data: &[u8]) -> Vec<(u32, u32, Props)> {
    let count = bin_table.len().saturating_sub(4) / 8;
    let mut runs = Vec::new();
    for i in 0..count {
        let Some(page_number) = u32_at(bin_table, 4 * (count + 1) + 4 * i) else { break };
        let start = (page_number & 0x3F_FFFF) as usize * 512;
        let Some(page) = word.get(start..start + 512) else { continue };
        let marks = page[511] as usize;
        for j in 0..marks.min(101) {
            let (Some(first), Some(end)) = (u32_at(page, 4 * j), u32_at(page, 4 * j + 4)) else { break };
            let offset = page.get(4 * (marks + 1) + 13 * j).copied().unwrap_or(0) as usize * 2;
            let props = if offset == 0 { Props::default() } else { papx(page, offset, data) };
            runs.push((first, end, props));
        }
    }
    runs.sort_by_key(|r| r.0);
    runs
}

/// A `PapxInFkp`: its length, the style index, then the property modifiers (`grpprl`).
fn papx(page: &[u8], at: usize, data: &[u8]) -> Props {
    let Some(&size) = page.get(at) else { return Props::default() };
    let (start, length) = if size != 0 {
        (at + 1, 2 * size as usize - 1)
    } else {
        (at + 2, 2 * *page.get(at + 1).unwrap_or(&0) as usize)
    };
    let grpprl = page.get(start + 2..(start + length).min(page.len())).unwrap_or(&[]);
    let mut props = Props::default();
    let mut row = RowDef::default();
    modify(&mut props, &mut row, grpprl, data);
    if props.in_table && props.depth == 0 {
        props.depth = 1;
    }
    if !row.edges.is_empty() {
        props.row = Some(Arc::new(row));
    }
    props
}

/// Applies a list of property modifiers. `data` is the `Data` stream, where sprmPHugePapx points; the list found
/// there is applied as if it stood in its place (and may not point further).
fn modify(props: &mut Props, row: &mut RowDef, grpprl: &[u8], data: &[u8]) {
    let mut at = 0;
    while let Some(sprm) = u16_at(grpprl, at) {
        at += 2;
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            // Variable: a byte of length, but sprmTDefTable's is two bytes and counts one more.
            _ if sprm == SPRM_T_DEF_TABLE => {
                let Some(length) = u16_at(grpprl, at) else { break };
                at += 2;
                (length as usize).saturating_sub(1)
            }
            _ => {
                let Some(&length) = grpprl.get(at) else { break };
                if sprm == SPRM_P_CHG_TABS && length == 255 {
                    break; // a form of its own, and nothing a table needs comes after it in practice
                }
                at += 1;
                length as usize
            }
        };
        let Some(operand) = grpprl.get(at..at + size) else { break };
        at += size;
        let flag = operand.first().is_some_and(|&b| b != 0);
        match sprm {
            0x2416 => props.in_table = flag,
            0x2417 => props.row_end = flag,
            0x244B => props.inner_cell_end = flag,
            0x244C => props.inner_row_end = flag,
            0x6649 => props.depth = u32_at(operand, 0).unwrap_or(0).min(64),
            SPRM_T_DEF_TABLE => table_definition(operand, row),
            0x6646 => {
                if let Some(fc) = u32_at(operand, 0).map(|fc| fc as usize)
                    && let Some(length) = u16_at(data, fc)
                    && let Some(list) = data.get(fc + 2..fc + 2 + length as usize)
                {
                    modify(props, row, list, &[]);
                }
            }
            0xD62B => {
                // sprmTVertMerge: one cell's vertical merge, over what sprmTDefTable said.
                if let (Some(&cell), Some(&merge)) = (operand.first(), operand.get(1))
                    && let Some(slot) = row.vertical.get_mut(cell as usize)
                {
                    *slot = vertical_merge(merge);
                }
            }
            _ => {}
        }
    }
}

const SPRM_T_DEF_TABLE: u16 = 0xD608;
const SPRM_P_CHG_TABS: u16 = 0xC615;

/// `TDefTableOperand`: the cell count, its edges, then a `TC80` of 20 bytes for each cell (fewer may be given).
fn table_definition(operand: &[u8], row: &mut RowDef) {
    let Some(&cells) = operand.first() else { return };
    let cells = cells as usize;
    row.edges = (0..=cells).map_while(|i| u16_at(operand, 1 + 2 * i).map(|e| e as i16)).collect();
    let tcs_at = 1 + 2 * (cells + 1);
    row.merged_left = vec![false; cells];
    row.vertical = vec![VMerge::None; cells];
    for i in 0..cells {
        let Some(flags) = u16_at(operand, tcs_at + 20 * i) else { break };
        row.merged_left[i] = flags & 0x0003 >= 2;
        row.vertical[i] = vertical_merge(((flags >> 5) & 0x0003) as u8);
    }
}

fn vertical_merge(value: u8) -> VMerge {
    match value {
        1 => VMerge::Continue,
        3 => VMerge::Restart,
        _ => VMerge::None,
    }
}

/// One character of a double-byte code page, as its UTF-16 unit (GB2312's and Big5's characters are all in the
/// Basic Multilingual Plane); U+FFFD where the pair names none.
fn double_byte(code: &'static encoding_rs::Encoding, pair: [u8; 2]) -> u16 {
    let (text, _) = code.decode_without_bom_handling(&pair);
    text.encode_utf16().next().unwrap_or(0xFFFD)
}

/// Windows-1252 for the one-byte pieces, as [MS-DOC] maps them.
fn windows_1252(byte: u8) -> u16 {
    const HIGH: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match byte {
        0x80..=0x9F => HIGH[(byte - 0x80) as usize],
        _ => byte as u16,
    }
}

/// A paragraph's text as shown: tabs and line breaks kept, a non-breaking hyphen as a hyphen, every other
/// control character (pictures, footnote marks, soft hyphens) left out.
fn shown(units: &[u16]) -> String {
    let kept = units.iter().filter_map(|&u| match u {
        0x09 => Some(u),
        0x0B | 0x0C => Some(0x0A),
        0x1E => Some(u16::from(b'-')),
        0x00..=0x1F => None,
        _ => Some(u),
    });
    char::decode_utf16(kept).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// Puts the paragraphs into the document: outside tables as paragraphs, inside as cells of rows, each table
/// laid out on its columns once its last row is read.
struct BodyBuilder<'d> {
    file: Arc<str>,
    document: &'d mut Document,
    budget: &'d mut Budget,
    blocks: Vec<Block>,
    tables_seen: u32,
    paragraphs: Paragraphs,
    /// The table being read: its finished rows, the cells of the row being read, the cell being read.
    rows: Vec<(Vec<String>, Option<Arc<RowDef>>)>,
    cells: Vec<String>,
    cell: Option<String>,
}

impl<'d> BodyBuilder<'d> {
    fn new(file: &str, document: &'d mut Document, budget: &'d mut Budget) -> BodyBuilder<'d> {
        BodyBuilder {
            file: file.into(),
            document,
            budget,
            blocks: Vec::new(),
            tables_seen: 0,
            paragraphs: Paragraphs::new(file.into()),
            rows: Vec::new(),
            cells: Vec::new(),
            cell: None,
        }
    }

    fn take(&mut self, paragraph: Para<'_>) -> Result<(), ReadErrorKind> {
        let props = paragraph.props;
        if props.depth == 0 {
            self.finish_table()?;
            return self.push_paragraph(paragraph.text);
        }
        self.budget.text(paragraph.text.len())?;
        if props.depth > 1 {
            // A table inside a cell: its text goes into the outer cell, cells split by tabs, rows on lines.
            let cell = self.cell.get_or_insert_with(String::new);
            if props.inner_row_end {
                if cell.ends_with('\t') {
                    cell.pop();
                }
                cell.push('\n');
            } else {
                cell.push_str(&paragraph.text);
                cell.push(if props.inner_cell_end { '\t' } else { '\n' });
            }
            return Ok(());
        }
        if props.row_end {
            if let Some(cell) = self.cell.take() {
                self.cells.push(cell);
            }
            self.budget.cells(self.cells.len())?;
            self.rows.push((std::mem::take(&mut self.cells), props.row.clone()));
            return Ok(());
        }
        let cell = match self.cell.as_mut() {
            Some(cell) => {
                if !cell.is_empty() && !cell.ends_with('\n') {
                    cell.push('\n');
                }
                cell.push_str(&paragraph.text);
                cell
            }
            None => self.cell.insert(paragraph.text),
        };
        if paragraph.cell_mark {
            let text = std::mem::take(cell).trim_end_matches('\n').to_string();
            self.cell = None;
            self.cells.push(text);
        }
        Ok(())
    }

    fn push_paragraph(&mut self, text: String) -> Result<(), ReadErrorKind> {
        if self.paragraphs.count() >= MAX_PARAGRAPHS {
            return Err(ReadErrorKind::TooLarge(format!("段落超过 {MAX_PARAGRAPHS} 个")));
        }
        self.budget.text(text.len())?;
        self.paragraphs.push(self.document, &mut self.blocks, text);
        Ok(())
    }

    /// Lays the rows read out on the table's columns: every row's cell edges, near ones (within a few twips,
    /// what rounding leaves) taken as one.
    fn finish_table(&mut self) -> Result<(), ReadErrorKind> {
        if let Some(cell) = self.cell.take() {
            self.cells.push(cell);
        }
        if !self.cells.is_empty() {
            let cells = std::mem::take(&mut self.cells);
            self.rows.push((cells, None));
        }
        if self.rows.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.rows);
        let mut edges: Vec<i16> =
            rows.iter().filter_map(|(_, def)| def.as_ref()).flat_map(|d| d.edges.iter().copied()).collect();
        edges.sort_unstable();
        edges.dedup_by(|later, kept| (*later as i32 - *kept as i32) <= EDGE_TOLERANCE);
        let column_of = |edge: i16| edges.partition_point(|&e| (e as i32) < edge as i32 - EDGE_TOLERANCE) as u32;
        self.tables_seen += 1;
        let source = GridSource::new(self.file.clone(), GridKind::WordTable { index: self.tables_seen });
        let mut table = TableBuilder::new(source);
        for (r, (cells, def)) in rows.into_iter().enumerate() {
            table.row = Some(r as u32);
            table.col = 0;
            let mut placed: Vec<(u32, u32, VMerge, String)> = Vec::with_capacity(cells.len());
            for (i, text) in cells.into_iter().enumerate() {
                let edge = |k: usize| def.as_ref().and_then(|d| d.edges.get(k).copied());
                let (col, end) = match (edge(i), edge(i + 1)) {
                    (Some(left), Some(right)) if right > left => (column_of(left), column_of(right)),
                    _ => {
                        let col = placed.last().map_or(0, |(col, span, _, _)| col + span);
                        (col, col + 1)
                    }
                };
                let merged_left = def.as_ref().is_some_and(|d| d.merged_left.get(i) == Some(&true));
                if merged_left && let Some(previous) = placed.last_mut() {
                    previous.1 = end.max(previous.0 + 1) - previous.0;
                    if !text.is_empty() {
                        previous.3.push('\n');
                        previous.3.push_str(&text);
                    }
                    continue;
                }
                let vertical = def.as_ref().and_then(|d| d.vertical.get(i).copied()).unwrap_or(VMerge::None);
                placed.push((col, end.saturating_sub(col).max(1), vertical, text));
            }
            for (col, span, vertical, text) in placed {
                if col >= MAX_COL {
                    continue;
                }
                table.col = col;
                table.cell = Some(CellBuilder::new(span, vertical, &text));
                table.finish_cell(self.budget)?;
            }
        }
        self.blocks.push(Block::Table(self.document.grids.len()));
        self.document.grids.push(table.into_grid());
        Ok(())
    }

    fn finish(mut self) -> Result<(), ReadErrorKind> {
        self.finish_table()?;
        let body = std::mem::take(&mut self.blocks);
        self.document.bodies.push((self.file.to_string(), body));
        Ok(())
    }
}

/// Twips (1/1440 inch) within which two rows' cell edges are the same column edge.
const EDGE_TOLERANCE: i32 = 10;

#[cfg(test)]
mod tests {
    use super::*;

    /// A row end's properties: in a table, a row end, two cells with edges at 0, 1000 and 3000 twips, the first
    /// starting a vertical merge (its TC80's vertMerge = 3), and then sprmTVertMerge making the second continue one.
    fn row_end(vertical_first: u16) -> Vec<u8> {
        let mut grpprl = vec![0x16, 0x24, 1, 0x17, 0x24, 1];
        let mut table = vec![2u8];
        for edge in [0i16, 1000, 3000] {
            table.extend(edge.to_le_bytes());
        }
        for flags in [vertical_first << 5, 0] {
            table.extend(flags.to_le_bytes());
            table.extend([0; 18]);
        }
        grpprl.extend(SPRM_T_DEF_TABLE.to_le_bytes());
        grpprl.extend((table.len() as u16 + 1).to_le_bytes());
        grpprl.extend(table);
        grpprl.extend([0x2B, 0xD6, 2, 1, 1]);
        grpprl
    }

    #[test]
    fn row_ends_give_edges_and_merges() {
        let (mut props, mut row) = (Props::default(), RowDef::default());
        modify(&mut props, &mut row, &row_end(3), &[]);
        assert!(props.in_table && props.row_end);
        assert_eq!(row.edges, [0, 1000, 3000]);
        assert!(row.vertical[0] == VMerge::Restart && row.vertical[1] == VMerge::Continue);
    }

    #[test]
    fn a_list_in_the_data_stream_is_applied_in_place() {
        let list = row_end(1);
        let mut data = vec![0u8; 7];
        data.extend((list.len() as u16).to_le_bytes());
        data.extend(&list);
        let huge = [0x46, 0x66, 7, 0, 0, 0];
        let (mut props, mut row) = (Props::default(), RowDef::default());
        modify(&mut props, &mut row, &huge, &data);
        assert!(props.row_end && row.vertical[0] == VMerge::Continue);
        // A list cut short or pointing past the stream is no list.
        modify(&mut props, &mut row, &[0x46, 0x66, 0xFF, 0xFF, 0, 0], &data);
        modify(&mut props, &mut row, &[0x08, 0xD6, 0xFF], &[]);
    }

    fn body(paragraphs: &[(&str, bool, Props)]) -> Document {
        let mut document = Document::default();
        let mut budget = Budget::default();
        let mut builder = BodyBuilder::new("t.doc", &mut document, &mut budget);
        for (text, cell_mark, props) in paragraphs {
            builder.take(Para { text: text.to_string(), cell_mark: *cell_mark, props }).unwrap();
        }
        builder.finish().unwrap();
        document
    }

    /// Two rows: a label merged down beside a cell two columns wide, then the label's continuation beside two
    /// cells: a three-column grid, as the docx reader gives it.
    #[test]
    fn rows_land_on_the_columns_of_every_row_edges() {
        let cell = Props { in_table: true, depth: 1, ..Props::default() };
        let end = |edges: Vec<i16>, vertical: Vec<VMerge>| Props {
            row_end: true,
            row: Some(Arc::new(RowDef { merged_left: vec![false; vertical.len()], edges, vertical })),
            ..cell.clone()
        };
        let document = body(&[
            ("标题", false, Props::default()),
            ("项目名称", true, cell.clone()),
            ("资金", true, cell.clone()),
            ("", true, end(vec![0, 1000, 3003], vec![VMerge::Restart, VMerge::None])),
            ("", true, cell.clone()),
            ("年初", false, cell.clone()),
            ("预算数", true, cell.clone()),
            ("执行数", true, cell.clone()),
            ("", true, end(vec![0, 1000, 2000, 3000], vec![VMerge::Continue, VMerge::None, VMerge::None])),
            ("说明", false, Props::default()),
        ]);
        let grid = &document.grids[0];
        let text = |r, c| grid.cell(r, c).map_or("", |x| x.text.as_str());
        assert_eq!([text(0, 0), text(0, 1), text(1, 1), text(1, 2)], ["项目名称", "资金", "年初\n预算数", "执行数"]);
        let merges: Vec<_> = grid.merges.iter().map(|m| (m.first_row, m.first_col, m.last_row, m.last_col)).collect();
        assert_eq!(merges, [(0, 0, 1, 0), (0, 1, 0, 2)]);
        let paragraphs: Vec<&str> = document.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(paragraphs, ["标题", "说明"]);
    }

    #[test]
    fn shown_text_keeps_tabs_and_breaks_and_drops_marks() {
        let units: Vec<u16> = "a\u{1}b\u{b}c\td\u{1e}e\u{1f}".encode_utf16().collect();
        assert_eq!(shown(&units), "ab\nc\td-e");
        assert_eq!(windows_1252(0x93), 0x201C);
        assert_eq!(windows_1252(b'A'), 0x41);
    }

    fn paragraph_texts(document: &Word) -> Vec<String> {
        let mut texts = Vec::new();
        document
            .walk(|p| {
                texts.push(p.text);
                Ok(())
            })
            .unwrap();
        texts
    }

    /// Field codes are skipped and their results kept (nested too); a one-byte piece reads as Windows-1252; the
    /// text past the main text (footnotes, headers) is not read.
    #[test]
    fn fields_show_their_results_and_pieces_join() {
        let wide: Vec<u8> = "\u{13}PAGE\u{14}第3页\u{15}，\u{13} IF \u{13}X\u{14}1\u{15}\u{14}是\u{15}\r"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let mut word = wide.clone();
        word.extend(b"\x93ok\x94\rfootnote\r");
        let pieces = vec![
            Piece { cp: 0, length: (wide.len() / 2) as u32, offset: 0, code: Code::Utf16 },
            Piece { cp: (wide.len() / 2) as u32, length: 14, offset: wide.len(), code: Code::Windows1252 },
        ];
        let text_length = (wide.len() / 2) as u32 + 5;
        let document = Word { word, pieces, runs: Vec::new(), text_length };
        let texts = paragraph_texts(&document);
        assert_eq!(texts, ["第3页，是", "\u{201c}ok\u{201d}"]);
    }

    /// A compressed piece in GBK (as writers other than Word leave them) reads as GBK in a Chinese document,
    /// a character position a byte; Word's own Windows-1252 pieces, with a Chinese text's quotes and dashes, stay
    /// Windows-1252, and so does every piece of a document in another language.
    #[test]
    fn compressed_pieces_read_in_a_chinese_code_page_only_where_they_are_one() {
        let (gbk, _, _) = encoding_rs::GBK.encode("项目绩效自评（2023年）\r");
        let zh_cn = 0x0804;
        assert_eq!(Code::of_piece(&gbk, zh_cn), Code::DoubleByte(encoding_rs::GBK));
        assert_eq!(Code::of_piece(&gbk, 0x0409), Code::Windows1252);
        assert_eq!(Code::of_piece(b"\x93ok\x94 \x96 \x85\r", zh_cn), Code::Windows1252);
        assert_eq!(Code::of_piece(b"\x93\x94\r", zh_cn), Code::Windows1252);
        assert_eq!(Code::of_piece(b"plain\r", zh_cn), Code::Windows1252);
        let (big5, _, _) = encoding_rs::BIG5.encode("績效自評\r");
        assert_eq!(Code::of_piece(&big5, 0x0404), Code::DoubleByte(encoding_rs::BIG5));

        let length = gbk.len() as u32;
        let pieces = vec![Piece { cp: 0, length, offset: 0, code: Code::of_piece(&gbk, zh_cn) }];
        let document = Word { word: gbk.into_owned(), pieces, runs: Vec::new(), text_length: length };
        let texts = paragraph_texts(&document);
        assert_eq!(texts, ["项目绩效自评（2023年）"]);
    }
}
