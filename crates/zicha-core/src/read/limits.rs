//! The limits every reader runs under, so no input can exhaust memory or time. Each is far above any real
//! filing (the seed is 13 KB, a 100-project workbook about 1 MB) and each is reported in plain words when hit.

use super::ReadErrorKind;
use crate::grid::Grid;

/// One file of a filing.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Files in one filing.
pub const MAX_FILES: usize = 64;
/// All the files of a zip of submissions together, inflated: a bureau's batch, taken out one file at a time
/// (`zipped::submissions`), so this bounds the time, not the memory at once.
pub const MAX_BATCH_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// Entries in one zip container (xlsx, docx, ods, a zip of submissions).
pub const MAX_ZIP_ENTRIES: usize = 20_000;
/// A zip's central directory, read before any entry: 20,000 entries with long names take a few MB.
pub const MAX_DIRECTORY_BYTES: u64 = 64 * 1024 * 1024;
/// One XML part inflated (`xl/worksheets/sheet1.xml`, `word/document.xml`, `content.xml`).
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
/// All XML parts of one container inflated.
pub const MAX_INFLATED_BYTES: u64 = 1024 * 1024 * 1024;
/// Inflated ÷ compressed size of a large part: beyond this it is a zip bomb, not a spreadsheet.
pub const MAX_RATIO: u64 = 400;
/// Parts larger than this are held to `MAX_RATIO` (small parts compress extremely well, legitimately).
pub const RATIO_FLOOR: u64 = 16 * 1024 * 1024;
/// Non-blank cells in one filing.
pub const MAX_CELLS: usize = 1_000_000;
/// Cells laid out in one filing's grids, blanks between cells included (a row is as long as its last cell):
/// 48 bytes each, so about 200 MB. A cell far right of the rest of its row is kept apart instead
/// ([`crate::grid::Grid::far`]), so a stray value in column XFD costs one cell, not a row of blanks.
pub const MAX_LAID_OUT_CELLS: usize = 4_000_000;
/// Bytes of cell text and formulas in one filing, as held after reading (one long shared string in many cells
/// counts in each).
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;
/// Cells covered by merges, counted within each grid's extent (the recogniser maps each covered cell).
pub const MAX_MERGED_CELLS: usize = 4_000_000;
/// Merged ranges in one filing.
pub const MAX_MERGES: usize = 200_000;
/// Sheets and Word tables in one filing.
pub const MAX_GRIDS: usize = 1_000;
/// The farthest cell a sheet may use: Excel's own grid.
pub const MAX_ROW: u32 = 1_048_575;
/// Likewise the farthest column, 0-based: Excel's XFD.
pub const MAX_COL: u32 = 16_383;
/// Element nesting in our XML readers.
pub const MAX_DEPTH: usize = 512;
/// Paragraphs in one Word document.
pub const MAX_PARAGRAPHS: usize = 500_000;

/// What the readers of one filing have taken so far, asked before each allocation that input can make large,
/// so that the limits above hold by construction rather than after the fact.
#[derive(Debug, Default)]
pub(crate) struct Budget {
    cells: usize,
    laid_out: usize,
    text: usize,
    inflated: u64,
}

impl Budget {
    /// One more cell read (an empty one too: a sheet of empty cells costs time to read).
    pub(crate) fn cell(&mut self) -> Result<(), ReadErrorKind> {
        self.cells(1)
    }

    /// `n` more cells read (a repeated row's).
    pub(crate) fn cells(&mut self, n: usize) -> Result<(), ReadErrorKind> {
        self.cells = self.cells.saturating_add(n);
        if self.cells > MAX_CELLS {
            return Err(ReadErrorKind::TooLarge(format!("单元格超过 {MAX_CELLS} 个")));
        }
        Ok(())
    }

    /// A cell about to be put in `grid` at (row, col), with `text` bytes of text.
    pub(crate) fn place(&mut self, grid: &Grid, row: u32, col: u32, text: usize) -> Result<(), ReadErrorKind> {
        self.laid_out = self.laid_out.saturating_add(grid.growth(row, col));
        if self.laid_out > MAX_LAID_OUT_CELLS {
            return Err(ReadErrorKind::TooLarge(format!(
                "表格铺开后超过 {} 万个单元格（有内容的单元格相距过远）",
                MAX_LAID_OUT_CELLS / 10_000
            )));
        }
        self.text(text)
    }

    /// A cell about to be kept apart from the laid-out grid, with `text` bytes of text.
    pub(crate) fn keep_apart(&mut self, text: usize) -> Result<(), ReadErrorKind> {
        self.laid_out = self.laid_out.saturating_add(2);
        if self.laid_out > MAX_LAID_OUT_CELLS {
            return Err(ReadErrorKind::TooLarge(format!("表格铺开后超过 {} 万个单元格", MAX_LAID_OUT_CELLS / 10_000)));
        }
        self.text(text)
    }

    /// Text about to be held: a cell's, a formula's, a paragraph's.
    pub(crate) fn text(&mut self, bytes: usize) -> Result<(), ReadErrorKind> {
        self.text = self.text.saturating_add(bytes);
        if self.text > MAX_TEXT_BYTES {
            return Err(ReadErrorKind::TooLarge(format!("文字内容超过 {}", megabytes(MAX_TEXT_BYTES as u64))));
        }
        Ok(())
    }

    /// Whether `bytes` more text would still be within the limit, asked before the work of making it (a
    /// shared formula moved for one more cell).
    pub(crate) fn room_for_text(&self, bytes: usize) -> Result<(), ReadErrorKind> {
        Budget { text: self.text, ..Budget::default() }.text(bytes)
    }

    /// A part about to be inflated, `bytes` long (its declared size, checked as it inflates).
    pub(crate) fn inflate(&mut self, part: &str, bytes: u64) -> Result<(), ReadErrorKind> {
        self.inflated = self.inflated.saturating_add(bytes);
        if self.inflated > MAX_INFLATED_BYTES {
            return Err(ReadErrorKind::TooLarge(format!(
                "解压后共大于 {}（读到 {part} 时）",
                megabytes(MAX_INFLATED_BYTES)
            )));
        }
        Ok(())
    }
}

/// The merges of a filing's grids: how many, and how many cells they cover within each grid's extent.
pub(crate) fn check_merges(grids: &[Grid]) -> Result<(), ReadErrorKind> {
    let count: usize = grids.iter().map(|g| g.merges.len()).sum();
    if count > MAX_MERGES {
        return Err(ReadErrorKind::TooLarge(format!("合并单元格超过 {MAX_MERGES} 处")));
    }
    let mut covered = 0usize;
    for grid in grids {
        let (height, width) = (grid.height(), grid.width());
        for m in &grid.merges {
            let rows = m.last_row.min(height.saturating_sub(1)).saturating_sub(m.first_row) as usize + 1;
            let cols = m.last_col.min(width.saturating_sub(1)).saturating_sub(m.first_col) as usize + 1;
            covered = covered.saturating_add(rows.saturating_mul(cols));
        }
    }
    if covered > MAX_MERGED_CELLS {
        return Err(ReadErrorKind::TooLarge(format!("合并单元格共覆盖超过 {} 万个单元格", MAX_MERGED_CELLS / 10_000)));
    }
    Ok(())
}

/// `64 MB`, `2000000 个单元格`: a limit in words.
pub fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes / (1024 * 1024))
}
