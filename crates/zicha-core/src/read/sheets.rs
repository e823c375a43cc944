//! xls and ods workbooks through calamine, into grids; and the number display shared with our xlsx reader.

use std::io::{Read, Seek};

use calamine::{CellType, Data, Dimensions, Ods, Range, Reader, Xls};
use rust_decimal::Decimal;

use super::{InputFile, ReadError, ReadErrorKind, cursor, limits, ods};
use crate::grid::{Cell, CellRange, Document, Grid, GridKind, GridSource, ReadNote};
use crate::text::decimal_from_f64;

pub fn read_xls(file: &InputFile, document: &mut Document) -> Result<(), ReadError> {
    let mut xls: Xls<_> = Xls::new(cursor(file)).map_err(|e| corrupt(file, &e))?;
    read_sheets(&mut xls, file, document, |xls, name| {
        xls.merge_cells_by_sheet_name(name).unwrap_or_default().iter().map(range_of).collect()
    })
}

pub fn read_ods(file: &InputFile, document: &mut Document) -> Result<(), ReadError> {
    // calamine has no merges and no displayed text for numbers in ODS; both come from our own pass.
    let extras = ods::read_extras(&file.bytes).map_err(|e| corrupt(file, &e))?;
    let mut ods: Ods<_> = Ods::new(cursor(file)).map_err(|e| corrupt(file, &e))?;
    let first = document.grids.len();
    read_sheets(&mut ods, file, document, |_, _| Vec::new())?;
    for grid in &mut document.grids[first..] {
        let GridKind::Sheet { name } = &grid.source.kind else { continue };
        let Some(extras) = extras.get(name) else { continue };
        grid.merges.clone_from(&extras.merges);
        for (&(row, col), text) in &extras.texts {
            if let Some(cell) = grid.rows.get_mut(row as usize).and_then(|r| r.get_mut(col as usize))
                && cell.number.is_some()
            {
                cell.text.clone_from(text);
            }
        }
    }
    Ok(())
}

fn corrupt(file: &InputFile, e: &dyn std::fmt::Display) -> ReadError {
    let text = e.to_string();
    let kind = if text.contains("password") { ReadErrorKind::Encrypted } else { ReadErrorKind::Corrupt(text) };
    ReadError { file: file.name.clone(), kind }
}

/// The sheets of an xls or ods workbook through calamine: values, then formulas, then merges.
fn read_sheets<RS: Read + Seek, R: Reader<RS>>(
    workbook: &mut R,
    file: &InputFile,
    document: &mut Document,
    merges: impl Fn(&mut R, &str) -> Vec<CellRange>,
) -> Result<(), ReadError>
where
    R::Error: std::fmt::Display,
{
    let fail = |kind| ReadError { file: file.name.clone(), kind };
    let names = workbook.sheet_names();
    if names.len() > limits::MAX_GRIDS {
        return Err(fail(ReadErrorKind::TooLarge(format!("工作表超过 {} 个", limits::MAX_GRIDS))));
    }
    let mut cells_read = 0usize;
    for name in names {
        let source = GridSource { file: file.name.clone(), kind: GridKind::Sheet { name: name.clone() } };
        let mut grid = Grid::new(source);
        let values = workbook.worksheet_range(&name).map_err(|e| corrupt(file, &e))?;
        for (row, col, data) in values.used_cells() {
            let (row, col) = absolute(&values, row, col);
            cells_read += 1;
            if cells_read > limits::MAX_CELLS {
                return Err(fail(ReadErrorKind::TooLarge(format!("单元格超过 {} 个", limits::MAX_CELLS))));
            }
            grid.set(row, col, cell_from(data, NumberShape::default()));
        }
        // A sheet whose formulas cannot be read is still worth checking by its values.
        if let Ok(formulas) = workbook.worksheet_formula(&name) {
            for (row, col, formula) in formulas.used_cells() {
                let (row, col) = absolute(&formulas, row, col);
                note_formula(&mut grid, document, row, col, formula);
            }
        }
        grid.merges = merges(workbook, &name);
        document.grids.push(grid);
    }
    Ok(())
}

/// Records a cell's formula, and a note when the file holds no result for it.
pub(super) fn note_formula(grid: &mut Grid, document: &mut Document, row: u32, col: u32, formula: &str) {
    if formula.is_empty() {
        return;
    }
    let mut cell = grid.cell(row, col).cloned().unwrap_or_default();
    cell.formula = Some(formula.to_string());
    if cell.formula_without_value() {
        document.notes.push(ReadNote::FormulaWithoutValue { at: grid.address(row, col), formula: formula.to_string() });
    }
    grid.set(row, col, cell);
}

fn absolute<T: CellType>(range: &Range<T>, row: usize, col: usize) -> (u32, u32) {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    (r0 + row as u32, c0 + col as u32)
}

fn range_of(d: &Dimensions) -> CellRange {
    CellRange { first_row: d.start.0, first_col: d.start.1, last_row: d.end.0, last_col: d.end.1 }
}

/// What a number format does to the text of a number: fixed decimals and/or a percentage. `General` is
/// the default: the shortest text of the value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct NumberShape {
    decimals: Option<u32>,
    percent: bool,
}

impl NumberShape {
    pub(super) fn of(code: &str) -> NumberShape {
        // Only the positive section counts; quoted literals and colours do not change decimals.
        let section = code.split(';').next().unwrap_or_default();
        if section.eq_ignore_ascii_case("general") || !section.contains('0') {
            return NumberShape { decimals: None, percent: section.contains('%') };
        }
        let decimals = match section.split_once('.') {
            Some((_, tail)) => tail.chars().take_while(|c| *c == '0').count() as u32,
            None => 0,
        };
        NumberShape { decimals: Some(decimals), percent: section.contains('%') }
    }

    fn display(self, n: Decimal) -> String {
        let n = if self.percent { n * Decimal::ONE_HUNDRED } else { n };
        let text = match self.decimals {
            Some(dp) => format!("{:.*}", dp as usize, n.round_dp(dp)),
            None => n.normalize().to_string(),
        };
        if self.percent { format!("{text}%") } else { text }
    }
}

/// A number cell as its format shows it; the value is the shortest decimal that reads back as the same `f64`.
pub(super) fn number_cell(value: f64, shape: NumberShape) -> Cell {
    number(decimal_from_f64(value), shape)
}

fn number(n: Option<Decimal>, shape: NumberShape) -> Cell {
    Cell { text: n.map(|n| shape.display(n)).unwrap_or_default(), number: n, formula: None }
}

fn cell_from(data: &Data, shape: NumberShape) -> Cell {
    let number = |n: Option<Decimal>| number(n, shape);
    match data {
        Data::Empty => Cell::default(),
        Data::String(s) => Cell::text(s.clone()),
        Data::Int(i) => number(Some(Decimal::from(*i))),
        Data::Float(f) => number(decimal_from_f64(*f)),
        Data::Bool(b) => Cell::text(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(dt) => Cell::text(excel_date_text(dt.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::text(s.clone()),
        Data::Error(e) => Cell::text(format!("#{e:?}")),
    }
}

/// An Excel serial date as `2024-10-08` (time of day dropped: filings date, they do not time).
pub(super) fn excel_date_text(serial: f64) -> String {
    if !(1.0..2_958_466.0).contains(&serial) {
        return format!("{serial}");
    }
    // Serial 25569 is 1970-01-01 (the 1900 leap-year bug is behind us for any real filing date).
    let days = serial.floor() as i64 - 25569;
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(NumberShape::of("0.00%"), NumberShape { decimals: Some(2), percent: true });
        assert_eq!(NumberShape::of("0%"), NumberShape { decimals: Some(0), percent: true });
        assert_eq!(NumberShape::of("#,##0.00;[Red]-#,##0.00"), NumberShape { decimals: Some(2), percent: false });
        assert_eq!(NumberShape::of("General"), NumberShape::default());
    }

    #[test]
    fn dates() {
        assert_eq!(excel_date_text(45573.0), "2024-10-08");
        assert_eq!(excel_date_text(25569.0), "1970-01-01");
    }

    #[test]
    fn numbers_keep_their_shortest_text() {
        let general = NumberShape::default();
        assert_eq!(cell_from(&Data::Float(156.79), general).text, "156.79");
        assert_eq!(cell_from(&Data::Float(10.0), general).text, "10");
        assert_eq!(cell_from(&Data::Float(0.9167), NumberShape::of("0.00%")).text, "91.67%");
        assert_eq!(cell_from(&Data::Float(1.0), NumberShape::of("0%")).text, "100%");
        assert_eq!(cell_from(&Data::Float(8.0), NumberShape::of("0.00")).text, "8.00");
    }
}
