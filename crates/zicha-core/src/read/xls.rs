//! xls workbooks (BIFF, in a compound file) through calamine, into grids. Only with the `xls` feature: calamine
//! brings encoding_rs's code page tables, which the web app loads only when an xls file arrives.

use calamine::{CellType, Data, Dimensions, ExcelDateTime, Range, Reader, SheetType, Xls};

use super::cells::{NumberShape, note_formula, number_cell, put};
use super::limits::{self, Budget};
use super::{InputFile, ReadError, ReadErrorKind};
use crate::grid::{Cell, CellRange, Document, Grid, GridKind, GridSource};

/// The sheets of an xls workbook: values, then formulas, then merges.
pub(super) fn read_xls(file: &InputFile, document: &mut Document, budget: &mut Budget) -> Result<(), ReadError> {
    let fail = |kind| ReadError { file: file.name.clone(), kind };
    // The compound file and its sheets checked by our own walk first: calamine allocates a sheet's whole
    // extent and trusts the sector chains.
    let shapes = super::xls_formats::checked_shapes(&file.bytes).map_err(fail)?;
    let mut workbook: Xls<_> = Xls::new(std::io::Cursor::new(&file.bytes[..])).map_err(|e| corrupt(file, &e))?;
    // Chart, dialog and macro sheets hold no table (a chart's data records would read as stray cells), as
    // the xlsx reader leaves them out; each keeps its place among the sheets, which the formats are found by.
    let sheets: Vec<(String, bool)> =
        workbook.sheets_metadata().iter().map(|s| (s.name.clone(), s.typ == SheetType::WorkSheet)).collect();
    if sheets.len() > limits::MAX_GRIDS {
        return Err(fail(ReadErrorKind::TooLarge(format!("工作表超过 {} 个", limits::MAX_GRIDS))));
    }
    for (place, (name, worksheet)) in sheets.into_iter().enumerate() {
        if !worksheet {
            continue;
        }
        let sheet_shapes = shapes.of(&name, place);
        let source = GridSource::new(file.name.as_str(), GridKind::Sheet { name: name.as_str().into() });
        let mut grid = Grid::new(source);
        let values = workbook.worksheet_range(&name).map_err(|e| corrupt(file, &e))?;
        for (row, col, data) in values.used_cells() {
            let (row, col) = absolute(&values, row, col);
            budget.cell().map_err(fail)?;
            // The number formats calamine does not give (`0.00%` on a rate).
            let shape = sheet_shapes.and_then(|s| s.get(&(row, col))).copied().unwrap_or_default();
            put(&mut grid, budget, row, col, cell_from(data, shape)).map_err(fail)?;
        }
        // A sheet whose formulas cannot be read is still worth checking by its values.
        if let Ok(formulas) = workbook.worksheet_formula(&name) {
            for (row, col, formula) in formulas.used_cells() {
                let (row, col) = absolute(&formulas, row, col);
                note_formula(&mut grid, document, budget, (row, col), formula).map_err(fail)?;
            }
        }
        grid.merges = workbook.merge_cells_by_sheet_name(&name).unwrap_or_default().iter().map(range_of).collect();
        document.grids.push(grid);
    }
    Ok(())
}

fn corrupt(file: &InputFile, e: &dyn std::fmt::Display) -> ReadError {
    let text = e.to_string();
    let kind = if text.contains("password") { ReadErrorKind::Encrypted } else { ReadErrorKind::Corrupt(text) };
    ReadError { file: file.name.clone(), kind }
}

fn absolute<T: CellType>(range: &Range<T>, row: usize, col: usize) -> (u32, u32) {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    (r0 + row as u32, c0 + col as u32)
}

fn range_of(d: &Dimensions) -> CellRange {
    CellRange { first_row: d.start.0, first_col: d.start.1, last_row: d.end.0, last_col: d.end.1 }
}

fn cell_from(data: &Data, shape: NumberShape) -> Cell {
    match data {
        Data::Empty => Cell::default(),
        Data::String(s) => Cell::text(s.clone()),
        Data::Int(i) => number_cell(*i as f64, shape),
        Data::Float(f) => number_cell(*f, shape),
        Data::Bool(b) => Cell::text(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(dt) => Cell::text(date_time_text(dt)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::text(s.clone()),
        // As Excel shows it: `#DIV/0!`.
        Data::Error(e) => Cell::text(e.to_string()),
    }
}

/// A date as `2024-10-08` counted from the workbook's own epoch (1900 or 1904, which calamine knows); a time of
/// day alone as `12:00:00`.
fn date_time_text(dt: &ExcelDateTime) -> String {
    // `[h]:mm:ss`: hours past a day.
    if dt.is_duration() {
        return super::cells::excel_time_text(dt.as_f64(), true, true);
    }
    let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
    if dt.is_datetime() && dt.as_f64() >= 1.0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{hh:02}:{mm:02}:{ss:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_shortest_text() {
        let general = NumberShape::default();
        assert_eq!(cell_from(&Data::Float(156.79), general).text, "156.79");
        assert_eq!(cell_from(&Data::Float(10.0), general).text, "10");
        assert_eq!(cell_from(&Data::Float(0.9167), NumberShape::of("0.00%")).text, "91.67%");
        assert_eq!(cell_from(&Data::Float(1.0), NumberShape::of("0%")).text, "100%");
        assert_eq!(cell_from(&Data::Float(8.0), NumberShape::of("0.00")).text, "8.00");
    }

    #[test]
    fn dates_count_from_their_epoch_and_errors_show_as_excel_shows_them() {
        use calamine::{CellErrorType, ExcelDateTimeType::DateTime};
        let general = NumberShape::default();
        let date = |serial: f64, is_1904: bool| {
            cell_from(&Data::DateTime(ExcelDateTime::new(serial, DateTime, is_1904)), general).text
        };
        assert_eq!(date(45573.0, false), "2024-10-08");
        // The same day in a 1904-dated workbook is 1,462 serials fewer.
        assert_eq!(date(45573.0 - 1462.0, true), "2024-10-08");
        assert_eq!(date(0.5, false), "12:00:00");
        assert_eq!(cell_from(&Data::Error(CellErrorType::Div0), general).text, "#DIV/0!");
    }
}
