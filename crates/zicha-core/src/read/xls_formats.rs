//! The number format of each number cell of an xls workbook, which calamine reads but does not give: a rate
//! stored as 0.9167 under `0.00%` must read as `91.67%`, as Excel shows it. Our own walk over the compound file
//! (MS-CFB) to the `Workbook` stream and over its BIFF8 records: FORMAT and XF in the globals, BOUNDSHEET for
//! where each sheet starts, and the XF index of each NUMBER, RK, MULRK and FORMULA cell. Anything unexpected
//! (BIFF5, a broken chain) gives no formats, and the cells keep calamine's plain numbers.

use std::collections::HashMap;

use super::cells::NumberShape;

/// Each sheet's (row, column) → number shape, only for cells whose format changes how a number reads; found by
/// the sheet's name, or by its place among the sheets (BIFF5 writes names in a code page).
#[derive(Default)]
pub struct SheetShapes {
    sheets: Vec<HashMap<(u32, u32), NumberShape>>,
    names: HashMap<String, usize>,
}

impl SheetShapes {
    pub fn of(&self, name: &str, place: usize) -> Option<&HashMap<(u32, u32), NumberShape>> {
        self.sheets.get(*self.names.get(name).unwrap_or(&place))
    }
}

pub fn number_shapes(file: &[u8]) -> SheetShapes {
    let Some(stream) = workbook_stream(file) else { return SheetShapes::default() };
    shapes_of(&stream).unwrap_or_default()
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

/// The `Workbook` (or `Book`) stream's bytes.
fn workbook_stream(file: &[u8]) -> Option<Vec<u8>> {
    let shift = u16_at(file, 0x1E)?;
    if !(shift == 9 || shift == 12) || u16_at(file, 0x20)? != 6 {
        return None;
    }
    let size = 1usize << shift;
    let sectors = file.len() / size;
    let sector = |n: u32| file.get((n as usize + 1) * size..(n as usize + 2) * size);
    // The FAT's own sectors: 109 in the header, the rest in the DIFAT chain.
    let mut fat_sectors: Vec<u32> =
        (0..109).filter_map(|i| u32_at(file, 0x4C + 4 * i)).filter(|&s| s < END_OF_CHAIN).collect();
    let mut difat = u32_at(file, 0x44)?;
    let mut hops = 0;
    while difat < END_OF_CHAIN && hops <= sectors {
        let data = sector(difat)?;
        let entries = size / 4 - 1;
        fat_sectors.extend((0..entries).filter_map(|i| u32_at(data, 4 * i)).filter(|&s| s < END_OF_CHAIN));
        difat = u32_at(data, size - 4)?;
        hops += 1;
    }
    let mut fat = Vec::with_capacity(fat_sectors.len().min(sectors) * size / 4);
    for s in fat_sectors.iter().take(sectors) {
        let data = sector(*s)?;
        fat.extend((0..size / 4).filter_map(|i| u32_at(data, 4 * i)));
    }
    // A chain of sectors, each at most once (a loop ends it).
    let chain = |start: u32, table: &[u32]| -> Vec<u32> {
        let mut out = Vec::new();
        let mut next = start;
        while next < END_OF_CHAIN && out.len() <= table.len() {
            out.push(next);
            next = *table.get(next as usize).unwrap_or(&END_OF_CHAIN);
        }
        out
    };
    let read_chain = |start: u32, length: usize| -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(length.min(file.len()));
        for s in chain(start, &fat) {
            out.extend_from_slice(sector(s)?);
            if out.len() >= length {
                break;
            }
        }
        out.truncate(length);
        Some(out)
    };
    let directory = read_chain(u32_at(file, 0x30)?, file.len())?;
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let root = entries.first()?;
    let name_of = |e: &[u8]| {
        let length = (u16_at(e, 64).unwrap_or(0) as usize).min(64).saturating_sub(2);
        let units: Vec<u16> = e[..length].chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
        String::from_utf16_lossy(&units)
    };
    let book = entries
        .iter()
        .find(|e| e[66] == 2 && ["workbook", "book"].contains(&name_of(e).to_ascii_lowercase().as_str()))?;
    let (start, length) = (u32_at(book, 116)?, u32_at(book, 120)? as usize);
    if length > file.len() {
        return None;
    }
    if length >= u32_at(file, 0x38)? as usize {
        return read_chain(start, length);
    }
    // A small stream lives in the mini stream (the root entry's chain), 64-byte sectors by the mini FAT.
    let mini_stream = read_chain(u32_at(root, 116)?, u32_at(root, 120)? as usize)?;
    let mini_fat_bytes = read_chain(u32_at(file, 0x3C)?, u32_at(file, 0x40)? as usize * size)?;
    let mini_fat: Vec<u32> = (0..mini_fat_bytes.len() / 4).filter_map(|i| u32_at(&mini_fat_bytes, 4 * i)).collect();
    let mut out = Vec::with_capacity(length);
    for s in chain(start, &mini_fat) {
        out.extend_from_slice(mini_stream.get(s as usize * 64..s as usize * 64 + 64)?);
    }
    out.truncate(length);
    Some(out)
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

fn shapes_of(stream: &[u8]) -> Option<SheetShapes> {
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
        if xf_formats.len() > 65_536 || codes.len() > 65_536 || sheets.len() > super::limits::MAX_GRIDS {
            return None;
        }
    }
    let shape_of_xf = |xf: u16| -> Option<NumberShape> {
        let id = *xf_formats.get(xf as usize)?;
        let code = codes.get(&id).map(String::as_str).or_else(|| super::cells::builtin_format(u32::from(id)))?;
        let shape = NumberShape::of(code);
        (shape != NumberShape::default()).then_some(shape)
    };
    let mut out = SheetShapes::default();
    let mut counted = 0usize;
    for (place, (name, offset)) in sheets.into_iter().enumerate() {
        let mut shapes = HashMap::new();
        let mut put = |row: u16, col: u16, xf: u16| {
            if let Some(shape) = shape_of_xf(xf) {
                shapes.insert((u32::from(row), u32::from(col)), shape);
            }
        };
        for (kind, data) in records(stream, offset).skip(1) {
            counted += 1;
            if counted > super::limits::MAX_CELLS * 4 {
                return None;
            }
            match kind {
                // NUMBER, RK, FORMULA: row, column, XF.
                0x0203 | 0x027E | 0x0006 => put(u16_at(&data, 0)?, u16_at(&data, 2)?, u16_at(&data, 4)?),
                // MULRK: row, first column, (XF, RK)…, last column.
                0x00BD => {
                    let (row, first) = (u16_at(&data, 0)?, u16_at(&data, 2)?);
                    let cells = data.len().saturating_sub(6) / 6;
                    for i in 0..cells {
                        put(row, first.saturating_add(i as u16), u16_at(&data, 4 + 6 * i)?);
                    }
                }
                0x000A | 0x0809 => break,
                _ => {}
            }
        }
        out.names.insert(name, place);
        out.sheets.push(shapes);
    }
    Some(out)
}
