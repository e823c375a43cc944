//! The number format of each number cell of an xls workbook, which calamine reads but does not give: a rate
//! stored as 0.9167 under `0.00%` must read as `91.67%`, as Excel shows it. Our own walk over the compound file
//! (MS-CFB) to the `Workbook` stream and over its BIFF8 records: FORMAT and XF in the globals, BOUNDSHEET for
//! where each sheet starts, and the XF index of each NUMBER, RK, MULRK and FORMULA cell. Anything this walk does
//! not know gives no formats, and the cells keep calamine's plain numbers.
//!
//! The same walk checks what calamine trusts, before calamine sees the file: a sector chain that loops
//! (calamine would follow it for ever), and a sheet whose cells or DIMENSIONS span more than the budget
//! (calamine allocates the whole extent at once). A sector past the file's end is left to calamine's own check.

use std::collections::HashMap;

use super::ReadErrorKind;
use super::cells::NumberShape;
use super::compound::{OUTSIDE, stream, u16_at, u32_at};
use super::limits::{MAX_CELLS, MAX_GRIDS, MAX_LAID_OUT_CELLS};

/// Each sheet's (row, column) → number shape, only for cells whose format changes how a number reads; found by
/// the sheet's name, or by its place among the sheets (BIFF5 writes names in a code page).
#[derive(Default)]
pub(super) struct SheetShapes {
    sheets: Vec<HashMap<(u32, u32), NumberShape>>,
    names: HashMap<String, usize>,
}

impl SheetShapes {
    pub(super) fn of(&self, name: &str, place: usize) -> Option<&HashMap<(u32, u32), NumberShape>> {
        self.sheets.get(*self.names.get(name).unwrap_or(&place))
    }
}

/// The number shapes of every sheet, once the compound file and its sheets have passed the checks calamine
/// does not make: no sector chain loops, and no sheet lays out more cells than
/// [`MAX_LAID_OUT_CELLS`] (calamine allocates a sheet's whole extent, and reserves what its DIMENSIONS claim).
/// What this walk does not understand (an unusual header, no `Workbook` stream) is left to calamine.
pub(super) fn checked_shapes(file: &[u8]) -> Result<SheetShapes, ReadErrorKind> {
    let corrupt = |why: &str| ReadErrorKind::Corrupt(format!("复合文档结构异常：{why}"));
    let stream = match stream(file, &["Workbook", "Book"]) {
        Ok(Some(stream)) => stream,
        Ok(None) | Err(OUTSIDE) => return Ok(SheetShapes::default()),
        Err(why) => return Err(corrupt(why)),
    };
    Ok(shapes_of(&stream)?.unwrap_or_default())
}

/// The records of a BIFF stream from `at`: (type, data), a CONTINUE's data appended to the record before it.
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = (u16, Vec<u8>)> + '_ {
    std::iter::from_fn(move || {
        let kind = u16_at(stream, at)?;
        let length = u16_at(stream, at + 2)? as usize;
        let mut data = stream.get(at + 4..at + 4 + length)?.to_vec();
        at += 4 + length;
        while u16_at(stream, at) == Some(0x003C) {
            let more = u16_at(stream, at + 2)? as usize;
            data.extend_from_slice(stream.get(at + 4..at + 4 + more)?);
            at += 4 + more;
        }
        Some((kind, data))
    })
}

/// A BIFF5 string: an 8-bit count, then bytes in the workbook's code page (ASCII is all that is needed here:
/// format codes, and sheet names that are also found by place).
fn byte_string(data: &[u8], at: usize) -> Option<String> {
    let count = *data.get(at)? as usize;
    Some(data.get(at + 1..at + 1 + count)?.iter().map(|&b| char::from(b)).collect())
}

/// An XLUnicodeString (16-bit count) or ShortXLUnicodeString (8-bit count) at `at`.
fn biff_string(data: &[u8], at: usize, short: bool) -> Option<String> {
    let (count, flags_at) =
        if short { (*data.get(at)? as usize, at + 1) } else { (u16_at(data, at)? as usize, at + 2) };
    let wide = data.get(flags_at)? & 1 == 1;
    let chars = data.get(flags_at + 1..)?;
    Some(if wide {
        let units: Vec<u16> = chars.chunks_exact(2).take(count).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(count).map(|&b| char::from(b)).collect()
    })
}

fn shapes_of(stream: &[u8]) -> Result<Option<SheetShapes>, ReadErrorKind> {
    let Some((shape_of_xf, sheets)) = globals(stream) else { return Ok(None) };
    let mut out = SheetShapes::default();
    let mut counted = 0usize;
    for (place, (name, offset)) in sheets.into_iter().enumerate() {
        let mut shapes = HashMap::new();
        let mut extent = Extent::default();
        for (kind, data) in records(stream, offset).skip(1) {
            counted += 1;
            if counted > MAX_CELLS * 4 {
                return Ok(None);
            }
            if matches!(kind, 0x000A | 0x0809) {
                break;
            }
            let (Some(row), Some(col)) = (u16_at(&data, 0), u16_at(&data, 2)) else { continue };
            let mut put = |col: u16, xf: Option<u16>| {
                extent.add(row, col);
                if let Some(shape) = xf.and_then(&shape_of_xf) {
                    shapes.insert((u32::from(row), u32::from(col)), shape);
                }
            };
            match kind {
                // NUMBER, RK, FORMULA: row, column, XF.
                0x0203 | 0x027E | 0x0006 => put(col, u16_at(&data, 4)),
                // LABEL, RSTRING, BOOLERR, LABELSST: cells calamine lays out, without a number format.
                0x0204 | 0x00D6 | 0x0205 | 0x00FD => put(col, None),
                // MULRK: row, first column, (XF, RK)…, last column.
                0x00BD => {
                    let cells = data.len().saturating_sub(6) / 6;
                    for i in 0..cells {
                        put(col.saturating_add(i as u16), u16_at(&data, 4 + 6 * i));
                    }
                }
                // DIMENSIONS: first row, last row + 1 (u32 each), first column, last column + 1; calamine
                // reserves that many cells.
                // (BIFF5 writes the rows as u16.)
                0x0200 => {
                    let rows_at =
                        |at| if data.len() >= 14 { u32_at(&data, at) } else { u16_at(&data, at / 2).map(u32::from) };
                    let cols_at = if data.len() >= 14 { 8 } else { 4 };
                    let (Some(first), Some(last)) = (rows_at(0), rows_at(4)) else { continue };
                    let (Some(first_col), Some(last_col)) = (u16_at(&data, cols_at), u16_at(&data, cols_at + 2)) else {
                        continue;
                    };
                    let cells = u64::from(last.saturating_sub(first)) * u64::from(last_col.saturating_sub(first_col));
                    if cells > MAX_LAID_OUT_CELLS as u64 {
                        return Err(too_wide(&name, cells));
                    }
                }
                _ => {}
            }
        }
        if extent.cells() > MAX_LAID_OUT_CELLS as u64 {
            return Err(too_wide(&name, extent.cells()));
        }
        out.names.insert(name, place);
        out.sheets.push(shapes);
    }
    Ok(Some(out))
}

fn too_wide(sheet: &str, cells: u64) -> ReadErrorKind {
    ReadErrorKind::TooLarge(format!(
        "工作表“{sheet}”铺开后有 {} 万个单元格，超过 {} 万个（有内容的单元格相距过远，或文件声明的范围异常）",
        cells / 10_000,
        MAX_LAID_OUT_CELLS / 10_000
    ))
}

/// The rows and columns a sheet's cells span, as calamine lays them out (first to last of each).
#[derive(Default)]
struct Extent(Option<(u16, u16, u16, u16)>);

impl Extent {
    fn add(&mut self, row: u16, col: u16) {
        let (r0, r1, c0, c1) = self.0.get_or_insert((row, row, col, col));
        (*r0, *r1, *c0, *c1) = ((*r0).min(row), (*r1).max(row), (*c0).min(col), (*c1).max(col));
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1))
    }
}

type ShapeOfXf = Box<dyn Fn(u16) -> Option<NumberShape>>;

/// From the workbook globals: each XF's number shape, and each sheet's name and the offset of its BOF.
fn globals(stream: &[u8]) -> Option<(ShapeOfXf, Vec<(String, usize)>)> {
    // BOF of the globals: BIFF8 (0x0600) or BIFF5 (0x0500), whose strings are byte strings.
    let mut all = records(stream, 0);
    let (bof, data) = all.next()?;
    let biff5 = match (bof, u16_at(&data, 0)?) {
        (0x0809, 0x0600) => false,
        (0x0809, 0x0500) => true,
        _ => return None,
    };
    let mut codes: HashMap<u16, String> = HashMap::new();
    let mut xf_formats: Vec<u16> = Vec::new();
    let mut sheets: Vec<(String, usize)> = Vec::new();
    for (kind, data) in all {
        match kind {
            0x041E => {
                let code = if biff5 { byte_string(&data, 2)? } else { biff_string(&data, 2, false)? };
                codes.insert(u16_at(&data, 0)?, code);
            }
            0x00E0 => xf_formats.push(u16_at(&data, 2)?),
            0x0085 => {
                let name = if biff5 { byte_string(&data, 6)? } else { biff_string(&data, 6, true)? };
                sheets.push((name, u32_at(&data, 0)? as usize));
            }
            0x000A => break,
            _ => {}
        }
        if xf_formats.len() > 65_536 || codes.len() > 65_536 || sheets.len() > MAX_GRIDS {
            return None;
        }
    }
    let shape_of_xf = move |xf: u16| -> Option<NumberShape> {
        let id = *xf_formats.get(xf as usize)?;
        let code = codes.get(&id).map(String::as_str).or_else(|| super::cells::builtin_format(u32::from(id)))?;
        let shape = NumberShape::of(code);
        (shape != NumberShape::default()).then_some(shape)
    };
    Some((Box::new(shape_of_xf), sheets))
}
