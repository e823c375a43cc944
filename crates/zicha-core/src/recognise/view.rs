//! A read-only view of one grid for recognition: normalised text per cell, merge origins, and the small
//! lookups every form parser needs (the value right of a label, the value below a header).

use std::borrow::Cow;

use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;

use crate::grid::{Address, Cell, Grid};
use crate::model::{Number, NumberCell, Rate, RateCell, Sourced, Text};
use crate::text::{normalize, parse_decimal};

pub(crate) struct Sheet<'a> {
    pub grid: &'a Grid,
    norm: Rows<Cow<'a, str>>,
    /// Covered cell → the origin of the merge covering it.
    origin: HashMap<(u32, u32), (u32, u32)>,
    /// Merge origin → its last column.
    last_col: HashMap<(u32, u32), u32>,
    /// Per row, the columns of its non-blank cells not covered by a merge: every parser walks rows many times.
    visible: Rows<u32>,
    /// The widest row's length (the grid's own `width` walks every row).
    width: u32,
    /// Per row, every role some label of the vocabulary finds in its cells: asked first, it spares the parsers
    /// asking each of their groups about every cell of rows that hold no label at all (most rows).
    row_roles: std::cell::OnceCell<Vec<u128>>,
}

impl<'a> Sheet<'a> {
    pub(crate) fn new(grid: &'a Grid) -> Sheet<'a> {
        let norm = Rows::collect(grid.rows.iter().map(|r| r.iter().map(|c| normalize(&c.text))));
        let mut origin = HashMap::default();
        let mut last_col = HashMap::with_capacity_and_hasher(grid.merges.len(), Default::default());
        // Asked once: the width is a walk over every row.
        let (height, width) = (grid.height(), grid.width());
        for m in &grid.merges {
            last_col.insert((m.first_row, m.first_col), m.last_col);
            // A merge spanning the whole sheet would be millions of cells; only rows the grid holds matter.
            let last_row = m.last_row.min(height.saturating_sub(1));
            let last = m.last_col.min(width.saturating_sub(1));
            for r in m.first_row..=last_row {
                for c in m.first_col..=last {
                    if (r, c) != (m.first_row, m.first_col) {
                        origin.insert((r, c), (m.first_row, m.first_col));
                    }
                }
            }
        }
        let covered = &origin;
        let visible = Rows::collect((0..grid.height()).map(|row| {
            let (cells, norm) = (&grid.rows[row as usize], norm.row(row));
            (0..cells.len() as u32).filter(move |&col| {
                let blank = cells[col as usize].number.is_none() && norm[col as usize].is_empty();
                !blank && !covered.contains_key(&(row, col))
            })
        }));
        Sheet { grid, norm, origin, last_col, visible, width, row_roles: std::cell::OnceCell::new() }
    }

    /// The roles the labels of a row's cells have, one bit each ([`crate::template::Role::bit`]).
    pub(crate) fn row_roles(&self, lx: &super::Labels, row: u32) -> u128 {
        // A label is short: only a cell's first characters are looked at (a goal's or a reason's long text
        // would otherwise be walked character by character for nothing).
        use crate::template::LABEL_BYTES;
        let head = |n: &str| {
            let end = (0..=LABEL_BYTES.min(n.len())).rev().find(|&i| n.is_char_boundary(i)).unwrap_or(0);
            lx.all.roles(&n[..end])
        };
        let roles = self
            .row_roles
            .get_or_init(|| (0..self.height()).map(|r| self.cells(r).fold(0, |m, (_, n)| m | head(n))).collect());
        roles.get(row as usize).copied().unwrap_or(0)
    }

    /// Whether a row holds any label of the group.
    pub(crate) fn may_hold(&self, lx: &super::Labels, row: u32, group: &crate::template::Group) -> bool {
        self.row_roles(lx, row) & group.mask() != 0
    }

    pub(crate) fn height(&self) -> u32 {
        self.grid.height()
    }

    pub(crate) fn width(&self) -> u32 {
        self.width
    }

    pub(crate) fn norm(&self, row: u32, col: u32) -> &str {
        self.norm.row(row).get(col as usize).map_or("", |n| n)
    }

    pub(crate) fn cell(&self, row: u32, col: u32) -> Option<&'a Cell> {
        self.grid.cell(row, col)
    }

    pub(crate) fn address(&self, row: u32, col: u32) -> Address {
        self.grid.address(row, col)
    }

    pub(crate) fn is_covered(&self, row: u32, col: u32) -> bool {
        self.origin.contains_key(&(row, col))
    }

    /// The non-blank cells of a row that are not covered by a merge, left to right: (column, normalised text).
    pub(crate) fn cells(&self, row: u32) -> impl Iterator<Item = (u32, &str)> {
        self.visible.row(row).iter().map(move |&col| (col, self.norm(row, col)))
    }

    pub(crate) fn find(&self, row: u32, pred: impl Fn(&str) -> bool) -> Option<u32> {
        self.cells(row).find(|(_, n)| pred(n)).map(|(c, _)| c)
    }

    /// The text of a cell as written, with its address.
    pub(crate) fn text(&self, row: u32, col: u32) -> Text {
        let text = self.cell(row, col).map(|c| c.text.clone()).unwrap_or_default();
        Sourced::new(text, self.address(row, col))
    }

    /// The cell that shows the value at (row, col): the cell itself, or the origin of a vertical merge over it
    /// (a label merged down three rows reads as that label on each of them).
    pub(crate) fn value_cell(&self, row: u32, col: u32) -> (u32, u32) {
        match self.origin.get(&(row, col)) {
            Some(&(r, c)) if c == col && self.cell(row, col).is_none_or(Cell::is_blank) => (r, c),
            _ => (row, col),
        }
    }

    pub(crate) fn value_text(&self, row: u32, col: u32) -> Text {
        let (r, c) = self.value_cell(row, col);
        self.text(r, c)
    }

    pub(crate) fn number(&self, row: u32, col: u32) -> NumberCell {
        let (r, c) = self.value_cell(row, col);
        let cell = self.cell(r, c);
        let text = cell.map(|c| c.text.clone()).unwrap_or_default();
        let value = cell.and_then(|c| c.number).or_else(|| parse_decimal(&text));
        Sourced::new(Number { value, text }, self.address(r, c))
    }

    pub(crate) fn rate(&self, row: u32, col: u32) -> RateCell {
        let (r, c) = self.value_cell(row, col);
        let cell = self.cell(r, c);
        let text = cell.map(|c| c.text.clone()).unwrap_or_default();
        Sourced::new(parse_rate(&text, cell.and_then(|c| c.number)), self.address(r, c))
    }

    /// Whether the cell at (row, col) is the origin of a merge reaching further right.
    pub(crate) fn spans_right(&self, row: u32, col: u32) -> bool {
        self.last_col.get(&(row, col)).is_some_and(|last| *last > col)
    }

    /// The first non-blank cell right of a label (past the label's own merge), unless it is another label
    /// that `is_label` recognises.
    pub(crate) fn right_of(&self, row: u32, col: u32, is_label: impl Fn(&str) -> bool) -> Option<(u32, u32)> {
        let end = self.last_col.get(&(row, col)).copied().unwrap_or(col);
        let (next, norm) = self.cells(row).find(|(c, _)| *c > end)?;
        (!is_label(norm)).then_some((row, next))
    }

    /// The first non-blank cell below a header cell, within `rows` rows.
    pub(crate) fn below(&self, row: u32, col: u32, rows: u32) -> Option<(u32, u32)> {
        (row + 1..=(row + rows).min(self.height().saturating_sub(1)))
            .map(|r| self.value_cell(r, col))
            .find(|&(r, c)| r > row && self.cell(r, c).is_some_and(|cell| !cell.is_blank()))
    }
}

/// Something per cell of each row, in one vector for the sheet rather than one per row (a sheet has thousands
/// of rows, and the view is built for every sheet of every filing).
struct Rows<T> {
    items: Vec<T>,
    /// Where each row's items start in `items`, and where the last row's end.
    starts: Vec<usize>,
}

impl<T> Rows<T> {
    fn collect<R: IntoIterator<Item = T>>(rows: impl Iterator<Item = R>) -> Rows<T> {
        let (mut items, mut starts) = (Vec::new(), vec![0]);
        for row in rows {
            items.extend(row);
            starts.push(items.len());
        }
        Rows { items, starts }
    }

    /// The items of a row; none past the last row.
    fn row(&self, row: u32) -> &[T] {
        let row = row as usize;
        match (self.starts.get(row), self.starts.get(row + 1)) {
            (Some(&start), Some(&end)) => &self.items[start..end],
            _ => &[],
        }
    }
}

/// `91.67%` → 91.67 (2 decimals); a bare ratio `1` or `0.9167` → 100 / 91.67; `91.67` alone → 91.67.
pub(crate) fn parse_rate(text: &str, number: Option<Decimal>) -> Rate {
    let norm = normalize(text);
    let decimals_of =
        |s: &str| s.split_once('.').map_or(0, |(_, d)| d.chars().take_while(char::is_ascii_digit).count());
    let (percent, decimals) = match norm.strip_suffix('%') {
        Some(n) => (parse_decimal(n), decimals_of(n)),
        None => match number.or_else(|| parse_decimal(&norm)) {
            // A ratio: no real rate is 2% written without its sign, so a number up to 2 is a fraction of 1.
            Some(n) if n <= Decimal::TWO => (Some(n * Decimal::ONE_HUNDRED), decimals_of(&norm).saturating_sub(2)),
            other => (other, decimals_of(&norm)),
        },
    };
    Rate { percent: percent.map(|p| p.normalize()), decimals: decimals as u32, text: text.into() }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    #[test]
    fn rates_in_every_form() {
        let d = |s| Some(Decimal::from_str(s).unwrap());
        assert_eq!(parse_rate("91.67%", None).percent, d("91.67"));
        assert_eq!(parse_rate("91.67%", None).decimals, 2);
        assert_eq!(parse_rate("100%", None).percent, d("100"));
        assert_eq!(parse_rate("1", None).percent, d("100"));
        assert_eq!(parse_rate("0.9167", d("0.9167")).percent, d("91.67"));
        assert_eq!(parse_rate("0.9167", d("0.9167")).decimals, 2);
        assert_eq!(parse_rate("99.3", None).percent, d("99.3"));
        assert_eq!(parse_rate("", None).percent, None);
        assert_eq!(parse_rate("/", None).percent, None);
    }
}
