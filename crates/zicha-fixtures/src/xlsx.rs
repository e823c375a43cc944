//! Writes laid-out tables into a workbook with rust_xlsxwriter.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use crate::grid::{Resolved, resolve};
use crate::layout::{Kind, Table};
use crate::manifest::Expectation;

/// One worksheet: tables stacked top to bottom with their titles above and notes below.
pub struct SheetPlan<'t> {
    pub name: String,
    pub tables: Vec<&'t Table>,
}

pub fn write(file: &str, sheets: &[SheetPlan], numeric: bool, expectations: &mut Vec<Expectation>) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let border = Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    let title = Format::new().set_bold().set_align(FormatAlign::Center);
    for plan in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&plan.name).expect("sheet name");
        for col in 0..10 {
            sheet.set_column_width(col, 14).expect("width");
        }
        let mut top = 0u32;
        for table in &plan.tables {
            for line in &table.before {
                if !line.trim().is_empty() {
                    sheet.write_string_with_format(top, 0, line.trim(), &title).expect("title");
                    top += 1;
                }
            }
            let Resolved { cells, merges, .. } = resolve(table);
            for m in &merges {
                sheet
                    .merge_range(
                        top + m.first_row,
                        m.first_col as u16,
                        top + m.last_row,
                        m.last_col as u16,
                        "",
                        &border,
                    )
                    .expect("merge");
            }
            for cell in &cells {
                let (row, col) = (top + cell.row, cell.col as u16);
                match numeric_value(&cell.text, cell.kind).filter(|_| numeric) {
                    Some((n, code)) => {
                        sheet.write_number_with_format(row, col, n, &border.clone().set_num_format(code))
                    }
                    None => sheet.write_string_with_format(row, col, &cell.text, &border),
                }
                .expect("cell");
                if let Some(path) = &cell.path {
                    let at = format!("[{file}]{}!{}{}", plan.name, letters(cell.col), row + 1);
                    expectations.push(Expectation::new(path, &at, &cell.text, cell.kind));
                }
            }
            top += table.rows.len() as u32;
            for line in &table.after {
                if !line.trim().is_empty() {
                    sheet.write_string(top, 0, line.trim()).expect("note");
                    top += 1;
                }
            }
            top += 2;
        }
    }
    workbook.save_to_buffer().expect("xlsx in memory")
}

/// A plain number or percentage as a number cell, with a format that shows it as the filer wrote it.
fn numeric_value(text: &str, kind: Kind) -> Option<(f64, String)> {
    let t = text.trim();
    let decimals = |s: &str| s.split_once('.').map_or(0, |(_, d)| d.len());
    let fixed = |n: usize| {
        if n == 0 { "0".to_string() } else { format!("0.{}", "0".repeat(n)) }
    };
    match kind {
        Kind::Rate => {
            let n = t.strip_suffix('%')?;
            // As Excel stores a typed `91.67%`: the decimal 0.9167, not 91.67 / 100 in binary.
            let value: f64 = format!("{}e-2", n).parse().ok()?;
            Some((value, format!("{}%", fixed(decimals(n)))))
        }
        Kind::Number if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.') => {
            let value: f64 = t.parse().ok()?;
            let code = if decimals(t) == 0 { "General".to_string() } else { fixed(decimals(t)) };
            Some((value, code))
        }
        _ => None,
    }
}

pub fn letters(col: u32) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}
