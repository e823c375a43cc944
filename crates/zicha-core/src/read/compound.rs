//! Compound files (MS-CFB), the container of xls workbooks and Word 97–2003 documents: our own walk from the
//! header through the FAT (and its DIFAT chain) and the directory to one named stream, in regular or mini
//! sectors. Every chain is followed at most once through each sector, so a loop is an error, never a hang, and
//! no stream is read past the file's own length.

pub(super) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

pub(super) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// A sector past the file's end: calamine checks those itself (and some files it reads have them in chains it
/// does not follow), so this walk only gives up.
pub(super) const OUTSIDE: &str = "扇区超出文件";

/// The bytes of the first stream named (without case) as one of `names`; `None` where the header or directory
/// is not what this walk knows or no stream has that name, an error where a chain loops or points outside the
/// file. A stream is never longer than the file that holds it.
pub(super) fn stream(file: &[u8], names: &[&str]) -> Result<Option<Vec<u8>>, &'static str> {
    let (Some(shift), Some(mini_shift)) = (u16_at(file, 0x1E), u16_at(file, 0x20)) else { return Ok(None) };
    if !(shift == 9 || shift == 12) || mini_shift != 6 {
        return Ok(None);
    }
    let size = 1usize << shift;
    let sectors = file.len() / size;
    let sector = |n: u32| file.get((n as usize + 1) * size..(n as usize + 2) * size).ok_or(OUTSIDE);
    let u32_in = |data: &[u8], at: usize| u32_at(data, at).ok_or(OUTSIDE);
    // The FAT's own sectors: 109 in the header, the rest in the DIFAT chain.
    let mut fat_sectors: Vec<u32> =
        (0..109).filter_map(|i| u32_at(file, 0x4C + 4 * i)).filter(|&s| s < END_OF_CHAIN).collect();
    let mut difat = u32_in(file, 0x44)?;
    let mut hops = 0;
    while difat < END_OF_CHAIN {
        hops += 1;
        if hops > sectors {
            return Err("扇区链循环");
        }
        let data = sector(difat)?;
        let entries = size / 4 - 1;
        fat_sectors.extend((0..entries).filter_map(|i| u32_at(data, 4 * i)).filter(|&s| s < END_OF_CHAIN));
        difat = u32_in(data, size - 4)?;
    }
    let mut fat = Vec::with_capacity(fat_sectors.len().min(sectors) * size / 4);
    for s in fat_sectors.iter().take(sectors) {
        let data = sector(*s)?;
        fat.extend((0..size / 4).filter_map(|i| u32_at(data, 4 * i)));
    }
    // A chain of sectors, each at most once: a loop, or a link past the table, is a broken file (calamine
    // would follow it for ever, or past its buffer).
    let chain = |start: u32, table: &[u32]| -> Result<Vec<u32>, &'static str> {
        let mut out = Vec::new();
        let mut seen = vec![false; table.len()];
        let mut next = start;
        while next < END_OF_CHAIN {
            let visited = seen.get_mut(next as usize).ok_or(OUTSIDE)?;
            if std::mem::replace(visited, true) {
                return Err("扇区链循环");
            }
            out.push(next);
            next = table[next as usize];
        }
        Ok(out)
    };
    let read_chain = |start: u32, length: usize| -> Result<Vec<u8>, &'static str> {
        let mut out = Vec::with_capacity(length.min(file.len()));
        for s in chain(start, &fat)? {
            out.extend_from_slice(sector(s)?);
            if out.len() >= length {
                break;
            }
        }
        out.truncate(length);
        Ok(out)
    };
    let directory = read_chain(u32_in(file, 0x30)?, file.len())?;
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let Some(root) = entries.first() else { return Ok(None) };
    let name_of = |e: &[u8]| {
        let length = (u16_at(e, 64).unwrap_or(0) as usize).min(64).saturating_sub(2);
        let units: Vec<u16> = e[..length].chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
        String::from_utf16_lossy(&units)
    };
    // The root storage's own streams: its child and that child's siblings (a tree by left and right links),
    // not the streams of storages inside it (a document's embedded objects have a `WordDocument` of their own).
    let mut top = Vec::new();
    let mut seen = vec![false; entries.len()];
    let mut pending = vec![u32_at(root, 76).unwrap_or(u32::MAX)];
    while let Some(id) = pending.pop() {
        let Some(entry) = entries.get(id as usize) else { continue };
        if std::mem::replace(&mut seen[id as usize], true) {
            continue;
        }
        top.push(*entry);
        pending.extend([u32_at(entry, 68).unwrap_or(u32::MAX), u32_at(entry, 72).unwrap_or(u32::MAX)]);
    }
    let book = top.iter().find(|e| e[66] == 2 && names.iter().any(|n| name_of(e).eq_ignore_ascii_case(n)));
    let Some(book) = book else { return Ok(None) };
    let (start, length) = (u32_in(book, 116)?, u32_in(book, 120)? as usize);
    if length > file.len() {
        return Err(OUTSIDE);
    }
    if length >= u32_in(file, 0x38)? as usize {
        return read_chain(start, length).map(Some);
    }
    // A small stream lives in the mini stream (the root entry's chain), 64-byte sectors by the mini FAT.
    let mini_stream = read_chain(u32_in(root, 116)?, u32_in(root, 120)? as usize)?;
    let mini_fat_sectors = (u32_in(file, 0x40)? as usize).min(sectors);
    let mini_fat_bytes = read_chain(u32_in(file, 0x3C)?, mini_fat_sectors * size)?;
    let mini_fat: Vec<u32> = (0..mini_fat_bytes.len() / 4).filter_map(|i| u32_at(&mini_fat_bytes, 4 * i)).collect();
    let mut out = Vec::with_capacity(length);
    for s in chain(start, &mini_fat)? {
        out.extend_from_slice(mini_stream.get(s as usize * 64..s as usize * 64 + 64).ok_or(OUTSIDE)?);
    }
    out.truncate(length);
    Ok(Some(out))
}
