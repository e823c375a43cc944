//! What every spreadsheet reader shares: how a number format shows a number, Excel's serial dates, and formula
//! notes.

use compact_str::{CompactString, ToCompactString, format_compact};
use rust_decimal::Decimal;

use super::ReadErrorKind;
use super::limits::Budget;
use crate::grid::{Cell, CellFormula, Document, FAR_GAP, FarCell, Grid, ReadNote};
use crate::text::decimal_from_f64;

/// Records a cell's formula, and a note when the file holds no result for it (it was saved by a tool that
/// does not compute). Call after the cell's value is set.
pub(super) fn note_formula(
    grid: &mut Grid,
    document: &mut Document,
    budget: &mut Budget,
    at: (u32, u32),
    formula: &str,
) -> Result<(), ReadErrorKind> {
    let (row, col) = at;
    if formula.is_empty() {
        return Ok(());
    }
    budget.text(formula.len() + std::mem::size_of::<CellFormula>())?;
    if grid.cell(row, col).is_none_or(|c| c.text.is_empty() && c.number.is_none()) {
        document.notes.push(ReadNote::FormulaWithoutValue { at: grid.address(row, col), formula: formula.to_string() });
    }
    grid.formulas.push(CellFormula { row, col, formula: formula.to_string() });
    Ok(())
}

/// Puts a cell once the budget allows it: laid out in its row, or kept apart when it is far right of the row's
/// other cells ([`Grid::far`]).
pub(super) fn put(grid: &mut Grid, budget: &mut Budget, row: u32, col: u32, cell: Cell) -> Result<(), ReadErrorKind> {
    let laid_out = grid.rows.get(row as usize).map_or(0, Vec::len);
    if col as usize > laid_out + FAR_GAP {
        budget.keep_apart(cell.text.len())?;
        grid.far.push(FarCell { row, col, cell });
        return Ok(());
    }
    budget.place(grid, row, col, cell.text.len())?;
    grid.set(row, col, cell);
    Ok(())
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

    fn display(self, n: Decimal) -> CompactString {
        let n = if self.percent { n * Decimal::ONE_HUNDRED } else { n };
        let mut text = match self.decimals {
            // Half away from zero, as Excel and LibreOffice show it (0.13125 under `0.00%` is 13.13%, not the
            // banker's 13.12%).
            Some(dp) => {
                let shown = n.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
                format_compact!("{:.*}", dp as usize, shown)
            }
            None => n.normalize().to_compact_string(),
        };
        if self.percent {
            text.push('%');
        }
        text
    }
}

/// The codes of the built-in number formats that change how a number reads (ECMA-376 18.8.30).
pub(super) fn builtin_format(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        14 => "mm-dd-yy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "m/d/yy h:mm",
        37 | 38 => "#,##0",
        39 | 40 => "#,##0.00",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mmss.0",
        49 => "@",
        _ => return None,
    })
}

/// A number cell as its format shows it; the value is the shortest decimal that reads back as the same `f64`.
pub(super) fn number_cell(value: f64, shape: NumberShape) -> Cell {
    match decimal_from_f64(value) {
        Some(n) => number(Some(n), shape),
        // Past what a filing's number can be (`7.9E+28`): kept as the text Excel shows, never summed.
        None => Cell::text(scientific_text(value)),
    }
}

/// `7.9E+28`, `1E-300`: a number as Excel shows one too large or small for its cell.
fn scientific_text(value: f64) -> CompactString {
    crate::text::scientific_text(value).into()
}

/// A number cell from the text a file stores the number as (`<v>195.66</v>`). A plain decimal of at most 15
/// digits is taken as written: no two such decimals read as the same `f64`, so it is already the shortest
/// decimal of its `f64`, the one [`number_cell`] finds (and, unless a format changes it, already its text).
/// Anything else (`1E-3`, `0.30000000000000004`) goes through the `f64`.
pub(super) fn stored_number_cell(stored: &str, shape: NumberShape) -> Option<Cell> {
    let Some(n) = plain_decimal(stored) else {
        return stored.parse::<f64>().ok().map(|value| number_cell(value, shape));
    };
    let text =
        if shape == NumberShape::default() && is_shortest_text(stored) { stored.into() } else { shape.display(n) };
    Some(Cell { text, number: Some(n) })
}

/// `-12.50` → -12.5: digits with at most one point inside them and an optional leading minus, at most 15
/// digits after leading zeros (so the digits fit an `i64` exactly); a zero with a minus is left to the `f64`.
fn plain_decimal(text: &str) -> Option<Decimal> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = split_at_point(unsigned);
    if whole.is_empty() || unsigned.ends_with('.') || whole.trim_start_matches('0').len() + fraction.len() > 15 {
        return None;
    }
    let mut mantissa = 0i64;
    for b in whole.bytes().chain(fraction.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa * 10 + i64::from(b - b'0');
    }
    if mantissa == 0 && unsigned.len() != text.len() {
        return None;
    }
    let sign = if unsigned.len() == text.len() { 1 } else { -1 };
    Some(Decimal::new(sign * mantissa, fraction.len() as u32).normalize())
}

/// Whether a plain decimal is written the way a normalised [`Decimal`] displays: no leading zeros but the one
/// before a point, no trailing zeros after it.
fn is_shortest_text(plain: &str) -> bool {
    let unsigned = plain.strip_prefix('-').unwrap_or(plain);
    let (whole, fraction) = split_at_point(unsigned);
    (whole == "0" || !whole.starts_with('0')) && !fraction.ends_with('0')
}

/// `12.5` → (`12`, `5`); `12` → (`12`, ``). By bytes: a character search costs more than these few digits.
fn split_at_point(number: &str) -> (&str, &str) {
    match number.bytes().position(|b| b == b'.') {
        Some(point) => (&number[..point], &number[point + 1..]),
        None => (number, ""),
    }
}

pub(super) fn number(n: Option<Decimal>, shape: NumberShape) -> Cell {
    Cell { text: n.map(|n| shape.display(n)).unwrap_or_default(), number: n }
}

/// An Excel serial date as `2024-10-08` (time of day dropped: filings date, they do not time); a time of day
/// alone (a serial below 1) as `12:00:00`.
pub(super) fn excel_date_text(serial: f64) -> String {
    if (0.0..1.0).contains(&serial) {
        return excel_time_text(serial, true, false);
    }
    if !(1.0..2_958_466.0).contains(&serial) {
        return shown(serial);
    }
    // Excel counts 1900 as a leap year (Lotus's bug): serial 60 is the 29 February that never was, and the
    // serials before it are a day later than the calendar counts from 25569 = 1970-01-01.
    let serial = serial.floor() as i64;
    if serial == 60 {
        return "1900-02-29".into();
    }
    let days = serial - 25569 + i64::from(serial < 60);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The time of day of an Excel serial (its fraction), `15:10:10`, or `15:10` without `seconds`; with `elapsed`
/// (`[h]:mm:ss`), the hours of the whole serial: `255:10:10`.
pub(super) fn excel_time_text(serial: f64, seconds: bool, elapsed: bool) -> String {
    if !serial.is_finite() || !(0.0..1e7).contains(&serial) {
        return shown(serial);
    }
    let total = (if elapsed { serial } else { serial.rem_euclid(1.0) } * 86_400.0).round() as u64;
    let hours = if elapsed { total / 3600 } else { total / 3600 % 24 };
    if seconds {
        format!("{hours:02}:{:02}:{:02}", total / 60 % 60, total % 60)
    } else {
        format!("{hours:02}:{:02}", total / 60 % 60)
    }
}

/// A serial that is no date or time, as a number.
fn shown(serial: f64) -> String {
    decimal_from_f64(serial).map_or_else(|| crate::text::scientific_text(serial), |d| d.to_string())
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

    /// Halves round away from zero, as Excel and LibreOffice show them.
    #[test]
    fn shown_numbers_round_half_away_from_zero() {
        let shown = |stored: &str, code: &str| stored_number_cell(stored, NumberShape::of(code)).unwrap().text;
        assert_eq!(shown("0.13125", "0.00%"), "13.13%");
        assert_eq!(shown("2.5", "0"), "3");
        assert_eq!(shown("-2.5", "0"), "-3");
        assert_eq!(shown("0.125", "0.00"), "0.13");
        assert_eq!(number_cell(0.13125, NumberShape::of("0.00%")).text, "13.13%");
    }

    #[test]
    fn stored_numbers_read_as_through_their_f64() {
        let shapes = ["General", "0.00", "0%", "0.0%", "#,##0"].map(NumberShape::of);
        let mut stored: Vec<String> = [
            "0",
            "-0",
            "0.0",
            "-0.0",
            "100",
            "007",
            "1.50",
            "-12.5",
            "0.30000000000000004",
            "1E-3",
            "1e21",
            ".5",
            "5.",
            "+5",
            "-",
            "",
            "1.2.3",
            "999999999999999",
            "9999999999999999",
            "0.000000000000001",
            "123456789.123456",
            "12345678901234567890",
            "9007199254740993",
            "0.10000000000000001",
            "1.0000000000000002",
        ]
        .map(String::from)
        .into();
        let mut x = 0.000_123_456_7f64;
        for i in 0..20_000 {
            x = x * 1.7 + 0.013 * f64::from(i % 7);
            if x > 1e12 {
                x /= 1e14;
            }
            stored.push(format!("{x}"));
            stored.push(format!("{:.2}", -x));
            stored.push(format!("{:.4}", x / 3.0));
        }
        for text in &stored {
            for shape in shapes {
                let through_f64 = text.parse::<f64>().ok().map(|v| number_cell(v, shape));
                assert_eq!(stored_number_cell(text, shape), through_f64, "{text} {shape:?}");
            }
        }
    }

    #[test]
    fn dates() {
        assert_eq!(excel_date_text(45573.0), "2024-10-08");
        assert_eq!(excel_date_text(25569.0), "1970-01-01");
        assert_eq!(excel_date_text(0.5), "12:00:00");
        assert_eq!(excel_time_text(10.632060185185185, true, false), "15:10:10");
        assert_eq!(excel_time_text(10.632060185185185, true, true), "255:10:10");
        assert_eq!(excel_time_text(1.0, false, false), "00:00");
        // Before and at Excel's 1900-02-29, and the day after it.
        assert_eq!(excel_date_text(1.0), "1900-01-01");
        assert_eq!(excel_date_text(59.0), "1900-02-28");
        assert_eq!(excel_date_text(60.0), "1900-02-29");
        assert_eq!(excel_date_text(61.0), "1900-03-01");
    }
}
