//! Small helpers over the zip container shared by the readers, and the limits that make zip bombs harmless:
//! declared sizes are checked before anything is inflated (the zip crate then refuses to inflate past a
//! declared size, so a lying header cannot get around this).

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::ReadErrorKind;
use super::limits::{MAX_INFLATED_BYTES, MAX_PART_BYTES, MAX_RATIO, MAX_ZIP_ENTRIES, RATIO_FLOOR, megabytes};

/// The entry names, once the container has passed every limit.
pub fn checked_entry_names(bytes: &[u8]) -> Result<Vec<String>, ReadErrorKind> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadErrorKind::Corrupt(e.to_string()))?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(ReadErrorKind::TooLarge(format!("压缩包内超过 {MAX_ZIP_ENTRIES} 个文件")));
    }
    let mut names = Vec::with_capacity(archive.len());
    let mut inflated = 0u64;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(|e| ReadErrorKind::Corrupt(e.to_string()))?;
        let name = entry.name().map_err(|e| ReadErrorKind::Corrupt(e.to_string()))?.into_owned();
        // Only XML parts are ever inflated; images and embedded objects are never read.
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let (size, packed) = (entry.size(), entry.compressed_size().max(1));
            if size > MAX_PART_BYTES {
                return Err(ReadErrorKind::TooLarge(format!("{name} 解压后大于 {}", megabytes(MAX_PART_BYTES))));
            }
            if size > RATIO_FLOOR && size / packed > MAX_RATIO {
                return Err(ReadErrorKind::TooLarge(format!("{name} 压缩比异常（疑似压缩炸弹）")));
            }
            inflated += size;
        }
        names.push(name);
    }
    if inflated > MAX_INFLATED_BYTES {
        return Err(ReadErrorKind::TooLarge(format!("解压后共大于 {}", megabytes(MAX_INFLATED_BYTES))));
    }
    Ok(names)
}

/// Reads one entry, refusing to inflate past `limit` bytes.
pub fn read_entry(bytes: &[u8], name: &str, limit: u64) -> Result<Vec<u8>, String> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let entry = archive.by_name(name).map_err(|e| format!("{name}: {e}"))?;
    // Room for the size the archive declares, so a large part is not copied as it grows; but the declaration is
    // the file's word, so no more than the limit, nor more than XML's best compression could unpack to, nor
    // more than 64 MB up front (a part that really is larger grows past it as before).
    let room = entry.size().min(limit).min(bytes.len() as u64 * 100).min(64 << 20);
    let mut out = Vec::with_capacity(room as usize);
    entry.take(limit + 1).read_to_end(&mut out).map_err(|e| format!("{name}: {e}"))?;
    if out.len() as u64 > limit {
        return Err(format!("{name} 解压后超过 {}", megabytes(limit)));
    }
    Ok(out)
}
