//! Small helpers over the zip container shared by the docx and ods readers.

use std::io::{Cursor, Read};

use zip::ZipArchive;

pub fn entry_names(bytes: &[u8]) -> Result<Vec<String>, String> {
    let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    Ok(archive.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect())
}

/// Reads one entry, refusing to inflate past `limit` bytes.
pub fn read_entry(bytes: &[u8], name: &str, limit: u64) -> Result<Vec<u8>, String> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let entry = archive.by_name(name).map_err(|e| format!("{name}: {e}"))?;
    let mut out = Vec::new();
    entry.take(limit + 1).read_to_end(&mut out).map_err(|e| format!("{name}: {e}"))?;
    if out.len() as u64 > limit {
        return Err(format!("{name} 解压后超过 {} MB", limit / 1_000_000));
    }
    Ok(out)
}
