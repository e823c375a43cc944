//! The one grid model all readers produce: cells with their text, number and formula, merged ranges, and
//! an address for every cell.

use std::fmt;
use std::sync::Arc;

use compact_str::CompactString;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

/// Where a value came from: a file, and a cell of a sheet, a cell of a Word table, or a paragraph.
///
/// Sixteen bytes: an address is cloned for every value recognised and every finding, so the file and the sheet
/// are shared by all the addresses in them (one count to clone, no names copied) and only the row and column
/// are the address's own.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Address {
    origin: Arc<Origin>,
    /// The row of a cell (0-based), or the number of a paragraph (from 1).
    row: u32,
    /// The column of a cell (0-based); 0 for a paragraph.
    col: u32,
}

/// The file and the part of it an address is in. Ordered as addresses are: by file, then sheets' cells before
/// Word tables' before paragraphs.
#[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Origin {
    file: Arc<str>,
    within: Within,
}

#[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Within {
    Sheet(Arc<str>),
    Table(u32),
    Paragraphs,
}

/// What an address points at, borrowed from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place<'a> {
    /// A cell of a worksheet (0-based row and column).
    SheetCell {
        /// The worksheet's name.
        sheet: &'a str,
        /// The row, 0-based.
        row: u32,
        /// The column, 0-based.
        col: u32,
    },
    /// A cell of a Word table on its true grid (table counted from 1, row and column 0-based).
    TableCell {
        /// The table's number in its document, from 1.
        table: u32,
        /// The row, 0-based.
        row: u32,
        /// The column, 0-based.
        col: u32,
    },
    /// A paragraph of a Word document outside tables, counted from 1.
    Paragraph {
        /// The paragraph's number, from 1.
        index: u32,
    },
}

impl Address {
    /// The address of cell (row, col) of a grid, sharing the grid's file and sheet.
    pub fn cell(grid: &GridSource, row: u32, col: u32) -> Address {
        Address { origin: grid.origin.clone(), row, col }
    }

    /// The address of paragraph `index` (from 1) of a file; [`Address::other_paragraph`] makes the next ones.
    pub fn paragraph(file: impl Into<Arc<str>>, index: u32) -> Address {
        Address { origin: Arc::new(Origin { file: file.into(), within: Within::Paragraphs }), row: index, col: 0 }
    }

    /// Paragraph `index` of the document this paragraph's address is in, sharing its file (a reader makes one
    /// for every paragraph).
    pub fn other_paragraph(&self, index: u32) -> Address {
        match self.origin.within {
            Within::Paragraphs => Address { origin: self.origin.clone(), row: index, col: 0 },
            _ => Address::paragraph(self.origin.file.clone(), index),
        }
    }

    /// The name of the file it is in.
    pub fn file(&self) -> &str {
        &self.origin.file
    }

    /// What it points at: a worksheet's cell, a Word table's cell, or a paragraph.
    pub fn place(&self) -> Place<'_> {
        let (row, col) = (self.row, self.col);
        match &self.origin.within {
            Within::Sheet(sheet) => Place::SheetCell { sheet, row, col },
            Within::Table(table) => Place::TableCell { table: *table, row, col },
            Within::Paragraphs => Place::Paragraph { index: row },
        }
    }

    /// Whether two addresses are in the same sheet, the same Word table, or the same document's paragraphs.
    pub fn same_part(&self, other: &Address) -> bool {
        Arc::ptr_eq(&self.origin, &other.origin) || self.origin == other.origin
    }

    /// Row and column when the address is a cell.
    pub fn row_col(&self) -> Option<(u32, u32)> {
        match self.origin.within {
            Within::Sheet(_) | Within::Table(_) => Some((self.row, self.col)),
            Within::Paragraphs => None,
        }
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Address({self})")
    }
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// Excel's own notation for a cell of another workbook: `[文件.xlsx]附件2!C7`; Word tables as `[报告.docx]表3!B5`,
/// paragraphs as `[报告.docx]段12`.
impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}]", self.file())?;
        match self.place() {
            Place::SheetCell { sheet, row, col } => write!(f, "{sheet}!{}{}", column_letters(col), row + 1),
            Place::TableCell { table, row, col } => write!(f, "表{table}!{}{}", column_letters(col), row + 1),
            Place::Paragraph { index } => write!(f, "段{index}"),
        }
    }
}

impl Serialize for Address {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A rectangle of cells, inclusive on both ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CellRange {
    /// The top row, 0-based.
    pub first_row: u32,
    /// The left column, 0-based.
    pub first_col: u32,
    /// The bottom row, inclusive.
    pub last_row: u32,
    /// The right column, inclusive.
    pub last_col: u32,
}

impl CellRange {
    /// Whether cell (row, col) is inside the range.
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.first_row..=self.last_row).contains(&row) && (self.first_col..=self.last_col).contains(&col)
    }
}

/// Where a grid is: its file, and which worksheet or Word table of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GridSource {
    file: Arc<str>,
    kind: GridKind,
    /// The same, as every address in the grid shares it: set with them, never apart (the fields are private).
    #[serde(skip)]
    origin: Arc<Origin>,
}

impl GridSource {
    /// The source of a grid, with the origin every address in the grid will share.
    pub fn new(file: impl Into<Arc<str>>, kind: GridKind) -> GridSource {
        let file = file.into();
        let within = match &kind {
            GridKind::Sheet { name } => Within::Sheet(name.clone()),
            GridKind::WordTable { index } => Within::Table(*index),
        };
        GridSource { origin: Arc::new(Origin { file: file.clone(), within }), file, kind }
    }

    /// The name of the file.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Which worksheet or Word table.
    pub fn kind(&self) -> &GridKind {
        &self.kind
    }

    /// Whether the address is of a cell of this grid.
    pub fn holds(&self, at: &Address) -> bool {
        Arc::ptr_eq(&self.origin, &at.origin) || self.origin == at.origin
    }
}

/// A worksheet or a Word table (a web page's tables are read as Word tables).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum GridKind {
    /// A worksheet of a workbook.
    Sheet {
        /// The sheet's name, as the workbook gives it (`附件2`).
        name: Arc<str>,
    },
    /// A table of a Word document or web page.
    WordTable {
        /// The table's number in its document, from 1.
        index: u32,
    },
}

/// One cell as the filer sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The displayed text (numbers as the file formats them where the reader knows the format).
    pub text: CompactString,
    /// The cell's numeric value, when the file stores a number (formula results included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<Decimal>,
}

impl Cell {
    /// A cell of text that stores no number.
    pub fn text(text: impl Into<CompactString>) -> Cell {
        Cell { text: text.into(), ..Cell::default() }
    }

    /// No number, and no text but spaces.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty() && self.number.is_none()
    }
}

/// A sheet, or a Word table, on a true rectangular grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Grid {
    /// Which file, and which worksheet or table.
    pub source: GridSource,
    /// Dense rows; a row may be shorter than the widest one (missing cells are blank).
    pub rows: Vec<Vec<Cell>>,
    /// The merged ranges; each shows the value of its top-left cell.
    pub merges: Vec<CellRange>,
    /// The formulas, beside the cells rather than in each: few cells hold one, and every cell is walked
    /// many times, so a cell stays small (48 bytes on 64-bit targets, 72 with a formula field).
    pub formulas: Vec<CellFormula>,
    /// Cells far right of the rest of their row (more than `FAR_GAP` (256) columns past its last cell), kept apart,
    /// unlaid: laying them out would cost a row of blanks each (a stray value in column XFD on thousands of
    /// rows is gigabytes). Recognition and the app's grid do not see them; a read note says how many (S013).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub far: Vec<FarCell>,
}

/// Columns of blanks past a row's last cell beyond which a cell is kept in [`Grid::far`] (no table of a filing
/// is near as wide).
pub(crate) const FAR_GAP: usize = 256;

/// A cell kept apart from the laid-out grid ([`Grid::far`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FarCell {
    /// The row, 0-based.
    pub row: u32,
    /// The column, 0-based: far right of the row's other cells.
    pub col: u32,
    /// Its text and number, as any cell's.
    pub cell: Cell,
}

/// A cell's formula as written (`SUM(B3:B9)`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CellFormula {
    /// The row, 0-based.
    pub row: u32,
    /// The column, 0-based.
    pub col: u32,
    /// The formula's text, as the file stores it.
    pub formula: String,
}

impl Grid {
    /// An empty grid.
    pub fn new(source: GridSource) -> Grid {
        Grid { source, rows: Vec::new(), merges: Vec::new(), formulas: Vec::new(), far: Vec::new() }
    }

    /// The formula of a cell, if it holds one.
    pub fn formula(&self, row: u32, col: u32) -> Option<&str> {
        self.formulas.iter().find(|f| (f.row, f.col) == (row, col)).map(|f| f.formula.as_str())
    }

    /// The cell at (row, col); `None` past the end of its row or below the last row.
    pub fn cell(&self, row: u32, col: u32) -> Option<&Cell> {
        self.rows.get(row as usize)?.get(col as usize)
    }

    /// Puts a cell, growing the grid as needed (by `Grid::growth` cells).
    pub fn set(&mut self, row: u32, col: u32, cell: Cell) {
        let (row, col) = (row as usize, col as usize);
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        if self.rows[row].capacity() == 0 {
            let room = self.first_room(row, col);
            self.rows[row].reserve_exact(room);
        }
        let cells = &mut self.rows[row];
        if cells.len() <= col {
            cells.resize_with(col + 1, Cell::default);
        }
        cells[col] = cell;
    }

    /// A new row gets room for as many cells as the row above has: rows of a table are alike, and a row
    /// grown a cell at a time is copied as it grows.
    fn first_room(&self, row: usize, col: usize) -> usize {
        let above = row.checked_sub(1).and_then(|r| self.rows.get(r)).map_or(0, Vec::len);
        above.max(col + 1)
    }

    /// How many cells (rows counted as one each) putting a cell at (row, col) would allocate: what the
    /// readers' budget is asked for before [`Grid::set`].
    pub(crate) fn growth(&self, row: u32, col: u32) -> usize {
        let (row, col) = (row as usize, col as usize);
        let new_rows = (row + 1).saturating_sub(self.rows.len());
        let cells = match self.rows.get(row) {
            Some(cells) if cells.capacity() > 0 => (col + 1).saturating_sub(cells.capacity().max(cells.len())),
            _ => self.first_room(row, col),
        };
        new_rows + cells
    }

    /// The length of the longest row, in cells.
    pub fn width(&self) -> u32 {
        self.rows.iter().map(Vec::len).max().unwrap_or(0) as u32
    }

    /// The number of rows.
    pub fn height(&self) -> u32 {
        self.rows.len() as u32
    }

    /// The address of cell (row, col) of this grid.
    pub fn address(&self, row: u32, col: u32) -> Address {
        Address::cell(&self.source, row, col)
    }
}

/// A paragraph of a Word document outside tables.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// Its address (`[报告.docx]段12`).
    pub at: Address,
    /// Its text, as one string.
    pub text: String,
}

/// The body of one Word document in order: paragraphs and tables interleaved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "index", rename_all = "snake_case")]
pub enum Block {
    /// Index into [`Document::paragraphs`].
    Paragraph(usize),
    /// Index into [`Document::grids`].
    Table(usize),
}

/// Something the reader noticed that the checker must not silently pass over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReadNote {
    /// A formula cell with no cached value: the file was saved by a tool that does not compute formulas.
    FormulaWithoutValue {
        /// The formula's cell.
        at: Address,
        /// The formula, as the file stores it.
        formula: String,
    },
    /// A file of the filing that could not be read (the others were): its name and the reason, in words.
    Unreadable {
        /// The file's name.
        file: String,
        /// Why, as the read error tells the user ([`crate::ReadError`]'s message).
        message: String,
    },
    /// Cells of a grid kept apart, far right of their rows ([`Grid::far`]): the first of them, and how many.
    FarCells {
        /// The first of them.
        at: Address,
        /// How many cells of the grid were kept apart.
        count: usize,
    },
}

/// Everything read from the files of one filing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The names of the files read, in the order given (the unreadable ones too).
    pub files: Vec<String>,
    /// Every worksheet and Word table, file by file, in order.
    pub grids: Vec<Grid>,
    /// Every paragraph outside tables, of every Word document (and web page), in order.
    pub paragraphs: Vec<Paragraph>,
    /// Body order of each Word document; workbooks have none.
    pub bodies: Vec<(String, Vec<Block>)>,
    /// What the readers noticed, for the S rules.
    pub notes: Vec<ReadNote>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every cell of every sheet is walked several times: keep it small (formulas live beside the cells).
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn cells_stay_small() {
        assert_eq!(std::mem::size_of::<Cell>(), 48);
    }

    /// Every value recognised and every finding holds one or more.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn addresses_stay_small() {
        assert_eq!(std::mem::size_of::<Address>(), 16);
    }

    #[test]
    fn addresses_order_by_file_then_sheets_tables_and_paragraphs() {
        let sheet = GridSource::new("a.xlsx", GridKind::Sheet { name: "附件2".into() });
        let other = GridSource::new("a.xlsx", GridKind::Sheet { name: "附件3".into() });
        let table = GridSource::new("a.xlsx", GridKind::WordTable { index: 1 });
        let in_order = [
            Address::cell(&sheet, 0, 5),
            Address::cell(&sheet, 1, 0),
            Address::cell(&other, 0, 0),
            Address::cell(&table, 0, 0),
            Address::paragraph("a.xlsx", 1),
            Address::paragraph("a.xlsx", 1).other_paragraph(2),
            Address::cell(&GridSource::new("b.xlsx", GridKind::Sheet { name: "A".into() }), 0, 0),
        ];
        assert!(in_order.windows(2).all(|w| w[0] < w[1]), "{in_order:?}");
        assert_eq!(Address::cell(&sheet, 1, 0), Address::cell(&sheet.clone(), 1, 0));
        assert_eq!(Address::paragraph("a.xlsx", 3), Address::paragraph("a.xlsx", 1).other_paragraph(3));
    }

    #[test]
    fn column_letters_roll_over() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn addresses_name_the_file() {
        let sheet = GridSource::new("a.xlsx", GridKind::Sheet { name: "附件2".into() });
        assert_eq!(Address::cell(&sheet, 6, 2).to_string(), "[a.xlsx]附件2!C7");
        let table = GridSource::new("b.docx", GridKind::WordTable { index: 3 });
        assert_eq!(Address::cell(&table, 4, 1).to_string(), "[b.docx]表3!B5");
        assert_eq!(Address::paragraph("b.docx", 12).to_string(), "[b.docx]段12");
    }
}
