//! What calamine does not give for ODS: merged ranges and the displayed text of number cells, from one
//! streaming pass over `content.xml`.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::limits::MAX_PART_BYTES;
use super::xml::{attr, attr_u32, reference_text};
use super::zipped::read_entry;
use crate::grid::CellRange;

#[derive(Default)]
pub struct SheetExtras {
    pub merges: Vec<CellRange>,
    /// Displayed text of every non-empty cell, by (row, column).
    pub texts: HashMap<(u32, u32), String>,
}

pub fn read_extras(bytes: &[u8]) -> Result<HashMap<String, SheetExtras>, String> {
    let xml = read_entry(bytes, "content.xml", MAX_PART_BYTES)?;
    let mut reader = Reader::from_reader(&xml[..]);
    let mut sheets: HashMap<String, SheetExtras> = HashMap::new();
    let mut sheet: Option<(String, SheetExtras)> = None;
    let (mut row, mut col) = (0u32, 0u32);
    let mut row_repeat = 1u32;
    // The cell being read: where it is, how often it repeats, and its text so far.
    let mut cell: Option<(u32, String)> = None;
    let mut paragraphs_in_cell = 0;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| format!("content.xml: {e}"))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "table" => {
                        let name = attr(e, "name").unwrap_or_default();
                        sheet = Some((name, SheetExtras::default()));
                        row = 0;
                    }
                    "table-row" => {
                        col = 0;
                        row_repeat = attr_u32(e, "number-rows-repeated").unwrap_or(1);
                        if empty {
                            row = row.saturating_add(row_repeat);
                        }
                    }
                    "table-cell" | "covered-table-cell" => {
                        let repeat = attr_u32(e, "number-columns-repeated").unwrap_or(1);
                        let cols = attr_u32(e, "number-columns-spanned").unwrap_or(1);
                        let rows = attr_u32(e, "number-rows-spanned").unwrap_or(1);
                        if (cols > 1 || rows > 1)
                            && row <= super::limits::MAX_ROW
                            && col <= super::limits::MAX_COL
                            && let Some((_, extras)) = sheet.as_mut()
                        {
                            extras.merges.push(CellRange {
                                first_row: row,
                                first_col: col,
                                last_row: row.saturating_add(rows - 1).min(super::limits::MAX_ROW),
                                last_col: col.saturating_add(cols - 1).min(super::limits::MAX_COL),
                            });
                        }
                        if empty {
                            col = col.saturating_add(repeat);
                        } else {
                            cell = Some((repeat, String::new()));
                            paragraphs_in_cell = 0;
                        }
                    }
                    "p" if cell.is_some() => {
                        if let Some((_, text)) = cell.as_mut()
                            && paragraphs_in_cell > 0
                        {
                            text.push('\n');
                        }
                        paragraphs_in_cell += 1;
                    }
                    "s" => push(&mut cell, &" ".repeat(attr_u32(e, "c").unwrap_or(1).min(100) as usize)),
                    "tab" => push(&mut cell, "\t"),
                    "line-break" => push(&mut cell, "\n"),
                    _ => {}
                }
            }
            Event::Text(t) => push(&mut cell, &t.xml10_content()),
            Event::GeneralRef(r) => {
                if let Some(text) = reference_text(&r) {
                    push(&mut cell, &text);
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                "table-cell" | "covered-table-cell" => {
                    if let Some((repeat, text)) = cell.take() {
                        if !text.is_empty()
                            && row <= super::limits::MAX_ROW
                            && let Some((_, extras)) = sheet.as_mut()
                        {
                            // A repeated cell with text is rare (a row of equal labels); cap it like calamine.
                            for c in col..col.saturating_add(repeat.min(1024)) {
                                extras.texts.insert((row, c), text.clone());
                            }
                        }
                        col = col.saturating_add(repeat);
                    }
                }
                "table-row" => row = row.saturating_add(row_repeat),
                "table" => {
                    if let Some((name, extras)) = sheet.take() {
                        sheets.insert(name, extras);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(sheets)
}

fn push(cell: &mut Option<(u32, String)>, text: &str) {
    if let Some((_, t)) = cell.as_mut() {
        t.push_str(text);
    }
}
