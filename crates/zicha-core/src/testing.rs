//! Test support: grids written as text, so recognition tests read like the forms they describe.
//!
//! One line per row, cells split by `|`. A cell `^` continues the merge of the cell above (a label merged
//! down), `<` continues the merge of the cell to its left. Blank cells are blank.

use crate::grid::{Block, Cell, CellRange, Document, Grid, GridKind, GridSource, Paragraph};

pub(crate) fn grid(file: &str, kind: GridKind, text: &str) -> Grid {
    let mut grid = Grid::new(GridSource::new(file, kind));
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    for (r, line) in lines.iter().enumerate() {
        for (c, raw) in line.split('|').map(str::trim).enumerate() {
            let (r, c) = (r as u32, c as u32);
            match raw {
                "^" => extend(&mut grid, r, c, true),
                "<" => extend(&mut grid, r, c, false),
                text => grid.set(r, c, Cell::text(text.replace("\\n", "\n"))),
            }
        }
    }
    grid
}

/// Grows the merge that covers the cell above (or left) so it covers (row, col) too.
fn extend(grid: &mut Grid, row: u32, col: u32, down: bool) {
    let (from_row, from_col) = if down { (row - 1, col) } else { (row, col - 1) };
    match grid.merges.iter_mut().find(|m| m.contains(from_row, from_col)) {
        Some(m) => {
            m.last_row = m.last_row.max(row);
            m.last_col = m.last_col.max(col);
        }
        None => grid.merges.push(CellRange { first_row: from_row, first_col: from_col, last_row: row, last_col: col }),
    }
    grid.set(row, col, Cell::default());
}

pub(crate) fn sheet(file: &str, name: &str, text: &str) -> Grid {
    grid(file, GridKind::Sheet { name: name.into() }, text)
}

/// A workbook document of the given sheets.
pub(crate) fn workbook(sheets: Vec<Grid>) -> Document {
    let files = sheets.first().map(|s| vec![s.source.file().to_string()]).unwrap_or_default();
    Document { files, grids: sheets, ..Document::default() }
}

/// A Word document: `Ok(paragraph)` and `Err(table text)` items in body order.
pub(crate) fn word(file: &str, items: &[Result<&str, &str>]) -> Document {
    let mut document = Document { files: vec![file.to_string()], ..Document::default() };
    let mut body = Vec::new();
    for item in items {
        match item {
            Ok(text) => {
                let index = document.paragraphs.len() as u32 + 1;
                body.push(Block::Paragraph(document.paragraphs.len()));
                document
                    .paragraphs
                    .push(Paragraph { at: crate::grid::Address::paragraph(file, index), text: text.to_string() });
            }
            Err(table) => {
                let index = document.grids.iter().filter(|g| g.source.file() == file).count() as u32 + 1;
                body.push(Block::Table(document.grids.len()));
                document.grids.push(grid(file, GridKind::WordTable { index }, table));
            }
        }
    }
    document.bodies.push((file.to_string(), body));
    document
}
