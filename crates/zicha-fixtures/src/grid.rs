//! Tables placed on a grid: resolves spans and vertical merges to cells and ranges, and records where every
//! expected value landed. Both writers (xlsx and docx) take this.

use crate::layout::{Kind, Slot, Table};

pub struct Placed {
    pub row: u32,
    pub col: u32,
    pub text: String,
    pub kind: Kind,
    pub path: Option<String>,
}

pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

/// A table's cells at their (row, column) relative to the table's top-left, with the merges.
pub struct Resolved {
    pub cells: Vec<Placed>,
    pub merges: Vec<Merge>,
    pub word_rows: Vec<Vec<WordCell>>,
}

/// A Word cell of a row: (column, span, vertical merge, index into `cells` unless it continues a merge).
pub type WordCell = (u32, u32, WordMerge, Option<usize>);

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum WordMerge {
    None,
    Restart,
    Continue,
}

pub fn resolve(table: &Table) -> Resolved {
    let mut cells = Vec::new();
    let mut merges: Vec<Merge> = Vec::new();
    let mut word_rows = Vec::new();
    // Column → index of the merge open there (vertical continuation target).
    let mut open: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    // Column → (index into cells, index into word_rows row) of the last origin cell, to mark restarts.
    let mut last_origin: std::collections::HashMap<u32, (usize, usize)> = std::collections::HashMap::new();
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32;
        let mut col = 0;
        let mut word_row = Vec::new();
        for slot in row {
            match slot {
                Slot::Cell { text, span, kind, path } => {
                    let span = (*span).max(1);
                    cells.push(Placed { row: r, col, text: text.clone(), kind: *kind, path: path.clone() });
                    word_row.push((col, span, WordMerge::None, Some(cells.len() - 1)));
                    open.remove(&col);
                    if span > 1 {
                        merges.push(Merge { first_row: r, first_col: col, last_row: r, last_col: col + span - 1 });
                        open.insert(col, merges.len() - 1);
                    }
                    last_origin.insert(col, (r as usize, word_row.len() - 1));
                    col += span;
                }
                Slot::Continue { span } => {
                    let span = (*span).max(1);
                    match open.get(&col) {
                        Some(&m) => merges[m].last_row = r,
                        None => {
                            merges.push(Merge {
                                first_row: r - 1,
                                first_col: col,
                                last_row: r,
                                last_col: col + span - 1,
                            });
                            open.insert(col, merges.len() - 1);
                        }
                    }
                    if let Some(&(origin_row, origin_index)) = last_origin.get(&col) {
                        let target: &mut Vec<WordCell> =
                            if origin_row == r as usize { &mut word_row } else { &mut word_rows[origin_row] };
                        if let Some(cell) = target.get_mut(origin_index)
                            && cell.2 == WordMerge::None
                        {
                            cell.2 = WordMerge::Restart;
                        }
                    }
                    word_row.push((col, span, WordMerge::Continue, None));
                    col += span;
                }
            }
        }
        assert_eq!(col, table.width, "{} row {r} covers {col} of {} columns", table.form, table.width);
        word_rows.push(word_row);
    }
    Resolved { cells, merges, word_rows }
}

/// What a cell's expectation is: the number in `(30分)` labels and in `其中：基本支出：148.66`, a rate without `%`.
pub fn expected_value(text: &str, kind: Kind) -> String {
    let t = text.trim();
    match kind {
        Kind::Text => t.to_string(),
        Kind::Rate => t.trim_end_matches('%').to_string(),
        Kind::Number => {
            if let Some(start) = t.rfind(['(', '（']) {
                let inner = &t[start..];
                let digits: String = inner.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
                return digits;
            }
            match t.rfind('：') {
                Some(i) => t[i + '：'.len_utf8()..].trim().to_string(),
                None => t.to_string(),
            }
        }
    }
}
