//! The limits every reader runs under, so no input can exhaust memory or time. Each is far above any real
//! filing (the seed is 13 KB, a 100-project workbook about 1 MB) and each is reported in plain words when hit.

/// One file of a filing.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Files in one filing.
pub const MAX_FILES: usize = 64;
/// Entries in one zip container (xlsx, docx, ods).
pub const MAX_ZIP_ENTRIES: usize = 20_000;
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
/// Sheets and Word tables in one filing.
pub const MAX_GRIDS: usize = 1_000;
/// The farthest cell a sheet may use: Excel's own grid.
pub const MAX_ROW: u32 = 1_048_575;
pub const MAX_COL: u32 = 16_383;
/// Element nesting in our XML readers.
pub const MAX_DEPTH: usize = 512;
/// Paragraphs in one Word document.
pub const MAX_PARAGRAPHS: usize = 500_000;

/// `64 MB`, `2000000 个单元格`: a limit in words.
pub fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes / (1024 * 1024))
}
