// Recognition, checking and scoring on arbitrary grids: the bytes as text, a row per line, cells split by `|`,
// `^` merging a cell into the one above.
#![no_main]
mod common;

use zicha_core::grid::{Cell, CellRange, Document, Grid, GridKind, GridSource};
use zicha_core::profile::Profile;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut grid = Grid::new(GridSource::new("f.xlsx", GridKind::Sheet { name: "S".into() }));
    for (r, line) in text.lines().take(500).enumerate() {
        for (c, cell) in line.split('|').take(60).enumerate() {
            let (r, c) = (r as u32, c as u32);
            if cell.trim() == "^" && r > 0 {
                grid.merges.push(CellRange { first_row: r - 1, first_col: c, last_row: r, last_col: c });
            } else {
                grid.set(r, c, Cell::text(cell));
            }
        }
    }
    let document = Document { files: vec!["f.xlsx".into()], grids: vec![grid], ..Document::default() };
    let filing = zicha_core::recognise(&document);
    let _ = zicha_core::check_filing(&filing, &Profile::hunan());
});
