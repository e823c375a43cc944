//! The zip container of xlsx, docx and ods: its directory read, one part inflated, and the limits that make
//! zip bombs harmless (declared sizes are checked before anything is inflated, and inflating stops at the
//! limit, so a lying header cannot get around them).
//!
//! Our own reader rather than the zip crate's: the readers need only the directory and deflate, and the zip
//! crate, its CRC tables and zlib-rs were a sixth of the web app's first load (measured: `git log -p BENCHMARKS.md`).

use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};

use super::ReadErrorKind;
use super::limits::{
    Budget, MAX_DIRECTORY_BYTES, MAX_INFLATED_BYTES, MAX_PART_BYTES, MAX_RATIO, MAX_ZIP_ENTRIES, RATIO_FLOOR, megabytes,
};

/// The entry names, once the container has passed every limit.
pub(super) fn checked_entry_names(bytes: &[u8]) -> Result<Vec<String>, ReadErrorKind> {
    let entries = directory(bytes)?;
    let mut inflated = 0u64;
    for entry in &entries {
        // Only XML parts are ever inflated; images and embedded objects are never read.
        let name = &entry.name;
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".xml") || lower.ends_with(".rels") {
            let (size, packed) = (entry.size, entry.packed.max(1));
            if size > MAX_PART_BYTES {
                return Err(ReadErrorKind::TooLarge(format!("{name} 解压后大于 {}", megabytes(MAX_PART_BYTES))));
            }
            if size > RATIO_FLOOR && size / packed > MAX_RATIO {
                return Err(ReadErrorKind::TooLarge(format!("{name} 压缩比异常（疑似压缩炸弹）")));
            }
            inflated += size;
        }
    }
    if inflated > MAX_INFLATED_BYTES {
        return Err(ReadErrorKind::TooLarge(format!("解压后共大于 {}", megabytes(MAX_INFLATED_BYTES))));
    }
    Ok(entries.into_iter().map(|e| e.name).collect())
}

/// Reads one entry, refusing to inflate past `limit` bytes; a missing entry is an error.
pub(super) fn read_entry(bytes: &[u8], name: &str, limit: u64, budget: &mut Budget) -> Result<Vec<u8>, ReadErrorKind> {
    read_part(bytes, name, limit, budget)?.ok_or_else(|| ReadErrorKind::Corrupt(format!("缺少 {name}")))
}

/// Reads one entry if the container has it. Whatever its name, its declared size is held to `limit` and to
/// the zip-bomb ratio before a byte is inflated, and inflating stops at the declared size (a header that lies
/// is found out there); every part read counts against the filing's budget, so a part read twice costs twice.
pub(super) fn read_part(
    bytes: &[u8],
    name: &str,
    limit: u64,
    budget: &mut Budget,
) -> Result<Option<Vec<u8>>, ReadErrorKind> {
    let entries = directory(bytes)?;
    let Some(entry) = entries.iter().find(|e| same_part(&e.name, name)) else { return Ok(None) };
    let fail = |what: &str| ReadErrorKind::Corrupt(format!("{name}: {what}"));
    if entry.flags & FLAG_ENCRYPTED != 0 {
        return Err(fail("已加密"));
    }
    let limit = limit.min(MAX_PART_BYTES);
    if entry.size > limit {
        return Err(ReadErrorKind::TooLarge(format!("{name} 解压后大于 {}", megabytes(limit))));
    }
    if entry.size > RATIO_FLOOR && entry.size / entry.packed.max(1) > MAX_RATIO {
        return Err(ReadErrorKind::TooLarge(format!("{name} 压缩比异常（疑似压缩炸弹）")));
    }
    budget.inflate(name, entry.size)?;
    let data = entry_data(bytes, entry).ok_or_else(|| fail("数据不完整"))?;
    let out = match entry.method {
        STORED => data.get(..entry.size as usize).ok_or_else(|| fail("数据不完整"))?.to_vec(),
        DEFLATED => inflate(data, entry.size, entry.size).map_err(|e| match e {
            Inflate::TooLarge => fail("校验不符，数据已损坏"),
            Inflate::Broken => fail("压缩数据损坏"),
        })?,
        other => return Err(fail(&format!("不支持的压缩方式 {other}"))),
    };
    if out.len() as u64 != entry.size || crc32(&out) != entry.crc {
        return Err(fail("校验不符，数据已损坏"));
    }
    Ok(Some(utf8_part(out)))
}

/// Where a file of a zip of submissions is in the zip and how it is packed: listed by [`members`] without
/// inflating anything, taken out by [`unpack`] (in the web app, by the worker that checks its filing, from these
/// bytes of the zip alone).
///
/// It travels as five numbers (`[start, end, method, size, crc]`): a struct's field names would cost the web
/// app's first worker, which reads every message type, more code than it has room for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(from = "PackedFields", into = "PackedFields")]
pub struct Packed {
    /// Where its local header starts in the zip (its stored or deflated bytes follow the header).
    pub start: u64,
    /// Where its bytes end at the latest: where the next file's local header or the directory starts (a
    /// deflated stream ends where it says; a stored file is as long as its size).
    pub end: u64,
    /// How they are packed: 0 stored, 8 deflated (any other is refused when it is taken out).
    pub method: u16,
    /// What it inflates to, as the zip's directory declares: held to the limits before a byte is inflated, and
    /// checked after.
    pub size: u64,
    /// Its CRC-32, as the directory declares: checked once it is taken out.
    pub crc: u32,
}

/// A listed file: its path in the zip, and where its bytes are or why it cannot be taken out.
pub(super) type Member = (String, Result<Packed, ReadErrorKind>);

type PackedFields = (u64, u64, u16, u64, u32);

impl From<PackedFields> for Packed {
    fn from((start, end, method, size, crc): PackedFields) -> Packed {
        Packed { start, end, method, size, crc }
    }
}

impl From<Packed> for PackedFields {
    fn from(p: Packed) -> PackedFields {
        (p.start, p.end, p.method, p.size, p.crc)
    }
}

/// The files of a zip of submissions (a bureau's batch) that belong to a filing
/// ([`crate::batch::is_filing_file`]), in the zip's order, read from its directory's bytes: each path with where
/// its bytes are, or why it cannot be taken out; `None` for a zip that is no batch (an office document, or no
/// file a filing is made of). Nothing is inflated. The zip passes the entry-count limit first; each file is held to
/// [`MAX_FILE_BYTES`](super::limits::MAX_FILE_BYTES) and the ratio limit, and all of them together to
/// [`MAX_BATCH_BYTES`](super::limits::MAX_BATCH_BYTES). `legacy_names` reads a name that is neither marked nor
/// valid UTF-8 (GBK, from the zip tools of Chinese Windows), where the build has no code page of its own.
pub(super) fn members(
    directory: &Directory,
    bytes: &[u8],
    legacy_names: Option<super::NameDecoder<'_>>,
) -> Result<Option<Vec<Member>>, ReadErrorKind> {
    use super::limits::{MAX_BATCH_BYTES, MAX_FILE_BYTES};
    let entries = entries_of(directory, bytes)?;
    let name_of = |entry: &Entry| match (&entry.legacy_name, legacy_names) {
        (Some(raw), Some(decode)) => decode(raw),
        _ => entry.name.clone(),
    };
    let files: Vec<(String, &Entry)> = entries
        .iter()
        .map(|e| (name_of(e), e))
        .filter(|(name, _)| !name.ends_with('/') && crate::batch::is_filing_file(name))
        .collect();
    if files.is_empty() || !holds_submissions(entries.iter().map(|e| e.name.as_str())) {
        return Ok(None);
    }
    let total: u64 = files.iter().map(|(_, e)| e.size.min(MAX_FILE_BYTES as u64 + 1)).sum();
    if total > MAX_BATCH_BYTES {
        return Err(ReadErrorKind::TooLarge(format!("压缩包解压后共大于 {}", megabytes(MAX_BATCH_BYTES))));
    }
    // A file's bytes end where the next local header starts, or the directory does; its own local header is read
    // where it is taken out, from the same bytes.
    let mut starts: Vec<u64> = entries.iter().map(|e| e.offset).chain([directory.start]).collect();
    starts.sort_unstable();
    starts.dedup();
    Ok(Some(
        files
            .into_iter()
            .map(|(name, entry)| {
                let next = starts.get(starts.partition_point(|&s| s <= entry.offset)).copied();
                let packed = if entry.flags & FLAG_ENCRYPTED != 0 {
                    Err(ReadErrorKind::Encrypted)
                } else if entry.size > MAX_FILE_BYTES as u64 {
                    Err(ReadErrorKind::TooLarge(format!("{name} 大于 {}", megabytes(MAX_FILE_BYTES as u64))))
                } else if entry.size > RATIO_FLOOR && entry.size / entry.packed.max(1) > MAX_RATIO {
                    Err(ReadErrorKind::TooLarge(format!("{name} 压缩比异常（疑似压缩炸弹）")))
                } else {
                    match next.filter(|_| entry.offset < directory.start) {
                        Some(next) => Ok(Packed {
                            start: entry.offset,
                            end: next.min(entry.offset.saturating_add(LOCAL_HEADER_MOST).saturating_add(entry.packed)),
                            method: entry.method,
                            size: entry.size,
                            crc: entry.crc,
                        }),
                        None => Err(ReadErrorKind::Corrupt(format!("{name}: 数据不完整"))),
                    }
                };
                (name, packed)
            })
            .collect(),
    ))
}

/// Whether a zip's entries are a batch's files rather than an office document's parts: none of them is a part
/// an xlsx, docx or ods is told by.
pub(super) fn holds_submissions<'n>(mut names: impl Iterator<Item = &'n str>) -> bool {
    const OFFICE: [&str; 4] = ["[Content_Types].xml", "content.xml", "mimetype", "META-INF/manifest.xml"];
    !names.any(|n| OFFICE.iter().any(|part| same_part(n, part)))
}

/// The most a local header takes: 30 bytes, then a name and an extra field of at most 65,535 bytes each.
const LOCAL_HEADER_MOST: u64 = 30 + 2 * u16::MAX as u64;

/// A listed file taken out of its bytes in the zip (`data`: the zip's `packed.start..packed.end`, its local
/// header first). The limits are held again here, where the bytes are inflated: whoever listed the file is not
/// trusted.
pub(super) fn unpack(name: &str, data: &[u8], packed: &Packed) -> Result<Vec<u8>, ReadErrorKind> {
    use super::limits::MAX_FILE_BYTES;
    let fail = |what: &str| ReadErrorKind::Corrupt(format!("{name}: {what}"));
    if packed.size > MAX_FILE_BYTES as u64 {
        return Err(ReadErrorKind::TooLarge(format!("{name} 大于 {}", megabytes(MAX_FILE_BYTES as u64))));
    }
    let data = after_local_header(data).ok_or_else(|| fail("数据不完整"))?;
    if packed.size > RATIO_FLOOR && packed.size / (data.len() as u64).max(1) > MAX_RATIO {
        return Err(ReadErrorKind::TooLarge(format!("{name} 压缩比异常（疑似压缩炸弹）")));
    }
    let out = match packed.method {
        STORED => data.get(..packed.size as usize).ok_or_else(|| fail("数据不完整"))?.to_vec(),
        // A deflated stream says where it ends: what follows it (a data descriptor, the next header) is not read.
        DEFLATED => inflate(data, packed.size, packed.size).map_err(|_| fail("压缩数据损坏"))?,
        other => return Err(fail(&format!("不支持的压缩方式 {other}"))),
    };
    if out.len() as u64 != packed.size || crc32(&out) != packed.crc {
        return Err(fail("校验不符，数据已损坏"));
    }
    Ok(out)
}

/// The bytes after a local header that `data` starts with.
fn after_local_header(data: &[u8]) -> Option<&[u8]> {
    let mut f = Fields::at(data, 0);
    if f.u32()? != LOCAL_SIGNATURE {
        return None;
    }
    f.take(22)?;
    let (name_len, extra_len) = (f.u16()?, f.u16()?);
    f.take(usize::from(name_len) + usize::from(extra_len))?;
    data.get(f.at..)
}

/// A small part read outside any filing's budget (the package relationships, the `mimetype`), to tell the
/// format: at most `limit` bytes.
pub(super) fn peek_part(bytes: &[u8], name: &str, limit: u64) -> Option<Vec<u8>> {
    read_part(bytes, name, limit, &mut Budget::default()).ok().flatten()
}

/// An XML part as UTF-8: the standard allows UTF-16 parts (with their byte order mark), which the XML reader
/// would otherwise take for garbage and read no sheet from.
fn utf8_part(bytes: Vec<u8>) -> Vec<u8> {
    let decode = |unit: fn([u8; 2]) -> u16| {
        let units = bytes[2..].chunks_exact(2).map(|p| unit([p[0], p[1]]));
        let text: String = char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect();
        // The declaration's `encoding="UTF-16"` no longer holds; the XML reader reads the bytes as UTF-8 anyway.
        text.into_bytes()
    };
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => decode(u16::from_le_bytes),
        Some([0xFE, 0xFF]) => decode(u16::from_be_bytes),
        _ => bytes,
    }
}

/// Part names as the standard compares them (OPC: ASCII case-insensitive, `/`-separated from the package root), and
/// as some Windows exporters write them (`xl\\workbook.xml`): `XL/SharedStrings.xml` is `xl/sharedStrings.xml`.
pub(super) fn same_part(a: &str, b: &str) -> bool {
    fn fold(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.trim_start_matches(['/', '\\']).bytes().map(|b| if b == b'\\' { b'/' } else { b.to_ascii_lowercase() })
    }
    fold(a).eq(fold(b))
}

/// The package's main part (`_rels/.rels`' officeDocument relationship): `xl/workbook.xml`, `word/document.xml`,
/// or wherever the writer put it (`word/document2.xml`, as Word's web app writes it).
pub(super) fn main_part(bytes: &[u8]) -> Option<String> {
    let rels = peek_part(bytes, "_rels/.rels", 1_000_000)?;
    let mut events = super::xml::Events::new(&rels);
    while let Ok(Some(event)) = events.next("_rels/.rels") {
        if let quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) = event
            && super::xml::local(e.name().into_inner()) == "Relationship"
            && super::xml::attr(&e, "Type").is_some_and(|t| t.ends_with("/officeDocument"))
        {
            return super::xml::attr(&e, "Target").map(|t| t.trim_start_matches('/').replace('\\', "/"));
        }
    }
    None
}

const STORED: u16 = 0;
const DEFLATED: u16 = 8;
const FLAG_UTF8: u16 = 0x0800;
const FLAG_ENCRYPTED: u16 = 1;
const END_SIGNATURE: u32 = 0x0605_4b50;
const END64_LOCATOR_SIGNATURE: u32 = 0x0706_4b50;
const END64_SIGNATURE: u32 = 0x0606_4b50;
const CENTRAL_SIGNATURE: u32 = 0x0201_4b50;
const LOCAL_SIGNATURE: u32 = 0x0403_4b50;
const ZIP64_EXTRA: u16 = 0x0001;

/// One entry of the central directory.
struct Entry {
    name: String,
    /// The name's bytes, when they are neither marked nor valid UTF-8 (see [`members`]).
    legacy_name: Option<Vec<u8>>,
    flags: u16,
    method: u16,
    crc: u32,
    packed: u64,
    size: u64,
    /// Where its local header starts.
    offset: u64,
}

/// Little-endian fields read from a byte slice, `None` past its end.
struct Fields<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Fields<'a> {
    fn at(bytes: &'a [u8], at: usize) -> Fields<'a> {
        Fields { bytes, at }
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }

    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from(self.u32()?) | u64::from(self.u32()?) << 32)
    }
}

/// The end of central directory record: where the directory starts, how long it is and how many entries it has
/// (from the zip64 record where the classic one says 0xFFFF…).
struct End {
    /// Where the record starts in the zip.
    at: u64,
    entries: u64,
    size: u64,
    offset: u64,
}

/// The end record, found in the zip's last bytes `tail`, which start at `tail_at` in the zip.
fn end_record(tail: &[u8], tail_at: u64) -> Option<End> {
    // The record is 22 bytes and ends the file, after a comment of at most 65,535 bytes.
    let last = tail.len().checked_sub(22)?;
    let first = last.saturating_sub(u16::MAX as usize);
    let at = (first..=last).rev().find(|&i| tail[i..i + 4] == END_SIGNATURE.to_le_bytes())?;
    let mut f = Fields::at(tail, at + 10);
    let (entries, size, offset) = (f.u16()?, f.u32()?, f.u32()?);
    let mut end = End { at: tail_at + at as u64, entries: entries.into(), size: size.into(), offset: offset.into() };
    if entries == u16::MAX || size == u32::MAX || offset == u32::MAX {
        let mut locator = Fields::at(tail, at.checked_sub(20)?);
        if locator.u32()? == END64_LOCATOR_SIGNATURE {
            locator.u32()?;
            let record_at = locator.u64()?;
            let mut record = Fields::at(tail, usize::try_from(record_at.checked_sub(tail_at)?).ok()?);
            if record.u32()? != END64_SIGNATURE {
                return None;
            }
            record.take(20)?;
            end = End { at: record_at, entries: record.u64()?, size: record.u64()?, offset: record.u64()? };
        }
    }
    Some(end)
}

/// Where a zip's central directory is, told from the zip's last bytes: a zip too large to hold (a bureau's batch
/// as the browser gives it) is listed from two reads, its tail and its directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Directory {
    /// Where the directory starts in the zip.
    pub start: u64,
    /// Where it ends (the end record starts).
    pub end: u64,
    entries: u64,
    /// Bytes prepended to the archive (a self-extractor's), which shift every offset the directory gives.
    shift: u64,
}

/// How many of a zip's last bytes hold its end record, whatever its comment, and a zip64 record before it.
pub const TAIL_BYTES: u64 = 128 * 1024;

/// The directory's place, from the zip's last bytes `tail` (at most [`TAIL_BYTES`] of them, or the whole zip),
/// which start at `tail_at` in the zip. Its entries are counted and its size held to the limits here, before it
/// is read.
pub(super) fn find_directory(tail: &[u8], tail_at: u64) -> Result<Directory, ReadErrorKind> {
    let broken = || ReadErrorKind::Corrupt("压缩包目录损坏".into());
    let end =
        end_record(tail, tail_at).ok_or_else(|| ReadErrorKind::Corrupt("找不到压缩包目录（文件不完整）".into()))?;
    if end.entries > MAX_ZIP_ENTRIES as u64 {
        return Err(ReadErrorKind::TooLarge(format!("压缩包内超过 {MAX_ZIP_ENTRIES} 个文件")));
    }
    // Data prepended to the archive shifts every offset by the same amount: the directory ends where the end
    // record starts.
    let start = end.at.checked_sub(end.size).ok_or_else(broken)?;
    let shift = start.checked_sub(end.offset).ok_or_else(broken)?;
    if end.size > MAX_DIRECTORY_BYTES {
        return Err(ReadErrorKind::TooLarge(format!("压缩包目录大于 {}", megabytes(MAX_DIRECTORY_BYTES))));
    }
    // Each directory entry takes at least 46 bytes.
    if end.entries > end.size / 46 {
        return Err(broken());
    }
    Ok(Directory { start, end: end.at, entries: end.entries, shift })
}

/// Every entry of the central directory, read from its bytes (`directory.start..directory.end` of the zip).
fn entries_of(directory: &Directory, bytes: &[u8]) -> Result<Vec<Entry>, ReadErrorKind> {
    let broken = || ReadErrorKind::Corrupt("压缩包目录损坏".into());
    if bytes.len() as u64 != directory.end - directory.start {
        return Err(broken());
    }
    let mut f = Fields::at(bytes, 0);
    let mut entries = Vec::with_capacity(directory.entries as usize);
    for _ in 0..directory.entries {
        entries.push(central_entry(&mut f, directory.shift).ok_or_else(broken)?);
    }
    Ok(entries)
}

/// The directory of a zip held whole, and its bytes.
pub(super) fn held_directory(bytes: &[u8]) -> Result<(Directory, &[u8]), ReadErrorKind> {
    let found = find_directory(bytes, 0)?;
    let span = usize::try_from(found.start).ok().zip(usize::try_from(found.end).ok());
    let within = span.and_then(|(start, end)| bytes.get(start..end));
    Ok((found, within.ok_or_else(|| ReadErrorKind::Corrupt("压缩包目录损坏".into()))?))
}

/// Every entry of the central directory of a zip held whole, counted before anything is allocated for them.
fn directory(bytes: &[u8]) -> Result<Vec<Entry>, ReadErrorKind> {
    let (found, within) = held_directory(bytes)?;
    entries_of(&found, within)
}

/// An entry's name: UTF-8 where the entry says so (flag bit 11) or where it is valid UTF-8; otherwise GBK, as
/// the zip tools of Chinese Windows write it (with the `xls` feature, which brings the code page tables).
fn entry_name(raw: &[u8], flags: u16) -> String {
    if let Ok(name) = std::str::from_utf8(raw) {
        return name.to_string();
    }
    #[cfg(feature = "xls")]
    if flags & FLAG_UTF8 == 0 {
        return encoding_rs::GBK.decode_without_bom_handling(raw).0.into_owned();
    }
    let _ = flags;
    String::from_utf8_lossy(raw).into_owned()
}

fn central_entry(f: &mut Fields<'_>, shift: u64) -> Option<Entry> {
    if f.u32()? != CENTRAL_SIGNATURE {
        return None;
    }
    f.take(4)?;
    let (flags, method) = (f.u16()?, f.u16()?);
    f.take(4)?;
    let (crc, packed, size) = (f.u32()?, f.u32()?, f.u32()?);
    let (name_len, extra_len, comment_len) = (f.u16()?, f.u16()?, f.u16()?);
    f.take(8)?;
    let offset = f.u32()?;
    let raw_name = f.take(name_len.into())?;
    let name = entry_name(raw_name, flags);
    let legacy_name = (flags & FLAG_UTF8 == 0 && std::str::from_utf8(raw_name).is_err()).then(|| raw_name.to_vec());
    let mut entry = Entry {
        name,
        legacy_name,
        flags,
        method,
        crc,
        packed: packed.into(),
        size: size.into(),
        offset: offset.into(),
    };
    let mut extra = Fields::at(f.take(extra_len.into())?, 0);
    while let (Some(id), Some(len)) = (extra.u16(), extra.u16()) {
        let mut field = Fields::at(extra.take(len.into())?, 0);
        if id == ZIP64_EXTRA {
            // Only the fields the classic header gave as 0xFFFFFFFF, in this order.
            if size == u32::MAX {
                entry.size = field.u64()?;
            }
            if packed == u32::MAX {
                entry.packed = field.u64()?;
            }
            if offset == u32::MAX {
                entry.offset = field.u64()?;
            }
        }
    }
    f.take(comment_len.into())?;
    entry.offset = entry.offset.checked_add(shift)?;
    Some(entry)
}

/// The entry's compressed bytes, after its local header.
fn entry_data<'a>(bytes: &'a [u8], entry: &Entry) -> Option<&'a [u8]> {
    let (start, end) = entry_range(bytes, entry)?;
    bytes.get(start..end)
}

/// Where the entry's compressed bytes are: after its local header, as long as the directory says.
fn entry_range(bytes: &[u8], entry: &Entry) -> Option<(usize, usize)> {
    let at = usize::try_from(entry.offset).ok()?;
    let start = bytes.len() - after_local_header(bytes.get(at..)?)?.len();
    Some((start, start.checked_add(usize::try_from(entry.packed).ok()?).filter(|&end| end <= bytes.len())?))
}

enum Inflate {
    TooLarge,
    Broken,
}

/// Raw deflate into room for the declared size (but no more than the limit, nor than XML's best compression
/// could unpack to, nor 64 MB up front: the declaration is the file's word), grown as needed up to `limit`.
fn inflate(data: &[u8], declared: u64, limit: u64) -> Result<Vec<u8>, Inflate> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let room = declared.min(data.len() as u64 * 100).min(64 << 20) as usize;
    let mut out = vec![0; room.min(limit).saturating_add(1).max(1024)];
    let mut state = Box::<DecompressorOxide>::default();
    let (mut read, mut written) = (0, 0);
    loop {
        let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
        let (status, used, made) = decompress(&mut state, &data[read..], &mut out, written, flags);
        read += used;
        written += made;
        match status {
            TINFLStatus::Done => break,
            TINFLStatus::HasMoreOutput if out.len() <= limit => {
                let grown = out.len().saturating_mul(2).min(limit.saturating_add(1));
                out.resize(grown, 0);
            }
            TINFLStatus::HasMoreOutput => return Err(Inflate::TooLarge),
            _ => return Err(Inflate::Broken),
        }
    }
    if written > limit {
        return Err(Inflate::TooLarge);
    }
    out.truncate(written);
    Ok(out)
}

/// CRC-32 (IEEE), one table lookup per byte: parts are checked once, and a 1 KB table costs the web app less
/// than the 16 KB of the sliced versions.
fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |crc, &b| CRC_TABLE[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8))
}

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    /// An entry read under a fresh budget, its error as the message's detail.
    fn entry(zip: &[u8], name: &str, limit: u64) -> Result<Vec<u8>, String> {
        read_entry(zip, name, limit, &mut Budget::default()).map_err(|kind| match kind {
            ReadErrorKind::Corrupt(detail) | ReadErrorKind::TooLarge(detail) => detail,
            other => format!("{other:?}"),
        })
    }

    /// A zip written by hand: one stored entry, with the given name, data and declared CRC.
    fn stored_zip(name: &str, data: &[u8], crc: u32) -> Vec<u8> {
        stored_zip_named(name.as_bytes(), data, crc)
    }

    /// The same with the name's raw bytes (as a zip tool of Chinese Windows writes them, in GBK).
    fn stored_zip_named(name: &[u8], data: &[u8], crc: u32) -> Vec<u8> {
        let mut zip = Vec::new();
        let n = name.len() as u16;
        let size = data.len() as u32;
        let local = [
            &LOCAL_SIGNATURE.to_le_bytes()[..],
            &[20, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            &crc.to_le_bytes(),
            &size.to_le_bytes(),
            &size.to_le_bytes(),
            &n.to_le_bytes(),
            &[0, 0],
            name,
            data,
        ];
        local.iter().for_each(|part| zip.extend_from_slice(part));
        let directory_at = zip.len() as u32;
        let central = [
            &CENTRAL_SIGNATURE.to_le_bytes()[..],
            &[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            &crc.to_le_bytes(),
            &size.to_le_bytes(),
            &size.to_le_bytes(),
            &n.to_le_bytes(),
            &[0; 12],
            &0u32.to_le_bytes(),
            name,
        ];
        central.iter().for_each(|part| zip.extend_from_slice(part));
        let directory_size = zip.len() as u32 - directory_at;
        let end = [
            &END_SIGNATURE.to_le_bytes()[..],
            &[0, 0, 0, 0, 1, 0, 1, 0],
            &directory_size.to_le_bytes(),
            &directory_at.to_le_bytes(),
            &[0, 0],
        ];
        end.iter().for_each(|part| zip.extend_from_slice(part));
        zip
    }

    #[test]
    fn part_names_compare_as_the_standard_says() {
        assert!(same_part("xl/SharedStrings.xml", "xl/sharedStrings.xml"));
        assert!(same_part("xl\\worksheets\\sheet1.xml", "xl/worksheets/sheet1.xml"));
        assert!(same_part("/xl/workbook.xml", "xl/workbook.xml"));
        assert!(!same_part("xl/workbook.xml", "xl/workbook.xml.rels"));
        let zip = stored_zip("XL\\SharedStrings.xml", b"<sst/>", crc32(b"<sst/>"));
        assert_eq!(entry(&zip, "xl/sharedStrings.xml", 100).unwrap(), b"<sst/>");
    }

    #[test]
    fn utf16_parts_are_read_as_utf8() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><workbook>附件</workbook>";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        for bytes in [le, be] {
            let zip = stored_zip("xl/workbook.xml", &bytes, crc32(&bytes));
            let xml = entry(&zip, "xl/workbook.xml", 1000).unwrap();
            assert_eq!(xml, text.as_bytes());
            // The declaration saying UTF-16 does not stop the XML reader.
            let mut events = super::super::xml::Events::new(&xml);
            let mut names = Vec::new();
            while let Some(event) = events.next("xl/workbook.xml").unwrap() {
                if let quick_xml::events::Event::Start(e) = event {
                    names.push(super::super::xml::local(e.name().into_inner()).to_string());
                }
            }
            assert_eq!(names, ["workbook"]);
        }
    }

    #[test]
    fn the_crc_is_the_standard_one() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn a_stored_entry_is_read_and_its_crc_checked() {
        let zip = stored_zip("a.xml", b"<a/>", crc32(b"<a/>"));
        assert_eq!(checked_entry_names(&zip).ok(), Some(vec!["a.xml".to_string()]));
        assert_eq!(entry(&zip, "a.xml", 100).unwrap(), b"<a/>");
        assert!(entry(&zip, "a.xml", 3).unwrap_err().contains("解压后大于"));
        assert!(entry(&zip, "b.xml", 100).unwrap_err().contains("缺少 b.xml"));
        let bad = stored_zip("a.xml", b"<a/>", 1);
        assert!(entry(&bad, "a.xml", 100).unwrap_err().contains("校验不符"));
    }

    fn deflated_zip(name: &str, data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        writer.start_file(name, options).unwrap();
        writer.write_all(data).unwrap();
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn a_deflated_entry_is_inflated_up_to_the_limit_and_no_further() {
        let data = "<row>一行</row>".repeat(5_000);
        let zip = deflated_zip("xl/sheet.xml", data.as_bytes());
        assert!(zip.len() < data.len() / 10, "the test part is really compressed");
        assert_eq!(entry(&zip, "xl/sheet.xml", data.len() as u64).unwrap(), data.as_bytes());
        let error = entry(&zip, "xl/sheet.xml", data.len() as u64 - 1).unwrap_err();
        assert!(error.contains("解压后大于"), "{error}");
    }

    #[test]
    fn a_declared_size_that_lies_does_not_get_past_the_check() {
        let data = "<c>1</c>".repeat(1_000);
        let mut zip = deflated_zip("a.xml", data.as_bytes());
        // The central directory's uncompressed size, declared 8 bytes where 8,000 are packed.
        let central = zip.windows(4).rposition(|w| w == CENTRAL_SIGNATURE.to_le_bytes()).unwrap();
        zip[central + 24..central + 28].copy_from_slice(&8u32.to_le_bytes());
        assert!(entry(&zip, "a.xml", 100_000).unwrap_err().contains("校验不符"));
    }

    #[test]
    fn a_truncated_or_cut_directory_is_reported_not_panicked_on() {
        let zip = stored_zip("a.xml", b"<a/>", crc32(b"<a/>"));
        for cut in 0..zip.len() {
            let _ = checked_entry_names(&zip[..cut]);
            let _ = entry(&zip[..cut], "a.xml", 100);
            let mut broken = zip.clone();
            broken[cut] ^= 0xFF;
            let _ = checked_entry_names(&broken);
            let _ = entry(&broken, "a.xml", 100);
        }
        assert!(matches!(checked_entry_names(&zip[..zip.len() - 1]), Err(ReadErrorKind::Corrupt(_))));
    }

    /// A zip of submissions as the `zip` crate writes one: its filing files one at a time in the zip's order,
    /// folders and other files left out, a broken entry costing that entry only.
    #[test]
    fn a_zip_of_submissions_gives_its_files_one_at_a_time() {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default();
        let stored = deflated.compression_method(zip::CompressionMethod::Stored);
        writer.add_directory("批次/甲单位/", deflated).unwrap();
        for (name, data) in [
            ("批次/甲单位/自评表.xlsx", &b"PK tables"[..]),
            ("批次/甲单位/扫描件.pdf", b"%PDF"),
            ("批次/乙单位/报告.DOCX", b"report"),
        ] {
            writer.start_file(name, if data == b"report" { stored } else { deflated }).unwrap();
            writer.write_all(data).unwrap();
        }
        let mut zip = writer.finish().unwrap().into_inner();
        let taken = |zip: &[u8]| -> Vec<(String, Result<Vec<u8>, ReadErrorKind>)> {
            listed(zip, None)
                .unwrap()
                .into_iter()
                .map(|(path, packed)| {
                    let file = packed.and_then(|p| unpack(&path, &zip[p.start as usize..p.end as usize], &p));
                    (path, file)
                })
                .collect()
        };
        assert_eq!(
            taken(&zip).into_iter().map(|(path, file)| (path, file.unwrap())).collect::<Vec<_>>(),
            [
                ("批次/甲单位/自评表.xlsx".to_string(), b"PK tables".to_vec()),
                ("批次/乙单位/报告.DOCX".into(), b"report".to_vec())
            ]
        );
        // The second file's bytes broken (it is stored, its bytes as they are): it comes with its reason, the
        // first still whole.
        let at = zip.windows(6).position(|w| w == b"report").unwrap();
        zip[at] ^= 0xFF;
        let results: Vec<(String, bool)> = taken(&zip).into_iter().map(|(path, file)| (path, file.is_ok())).collect();
        assert_eq!(results, [("批次/甲单位/自评表.xlsx".to_string(), true), ("批次/乙单位/报告.DOCX".into(), false)]);
    }

    /// The files of a zip held whole, as the web app lists one from its tail and directory.
    fn listed(zip: &[u8], legacy: Option<super::super::NameDecoder<'_>>) -> Result<Vec<Member>, ReadErrorKind> {
        let (directory, bytes) = held_directory(zip)?;
        Ok(members(&directory, bytes, legacy)?.unwrap_or_default())
    }

    /// A zip too large to hold is listed from two reads, its last bytes and then its directory, and each file is
    /// taken out of its own bytes alone: the same files as from the zip held whole, whatever comes before the zip
    /// (a self-extractor's code) or after its directory (a comment).
    #[test]
    fn a_zip_is_listed_from_its_tail_and_directory_and_each_file_taken_from_its_own_bytes() {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default();
        let stored = deflated.compression_method(zip::CompressionMethod::Stored);
        let large: Vec<u8> = (0..TAIL_BYTES as usize + 70_000).map(|i| (i * 7919 % 251) as u8).collect();
        let files: [(&str, &[u8], _); 3] = [
            ("批次/甲单位/自评表.xlsx", b"PK tables, deflated", deflated),
            ("批次/甲单位/附表.xls", &large, stored),
            ("批次/乙单位/报告.docx", b"report", deflated),
        ];
        for (name, data, options) in &files {
            writer.start_file(*name, *options).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.set_comment("批次说明".repeat(300)).unwrap();
        let mut zip = b"MZ self-extractor".to_vec();
        zip.extend(writer.finish().unwrap().into_inner());
        let tail_at = zip.len() - TAIL_BYTES as usize;
        let directory = find_directory(&zip[tail_at..], tail_at as u64).unwrap();
        assert_eq!(directory, find_directory(&zip, 0).unwrap());
        let apart = members(&directory, &zip[directory.start as usize..directory.end as usize], None).unwrap().unwrap();
        let whole = listed(&zip, None).unwrap();
        assert_eq!(apart.len(), 3);
        for ((path, packed), (whole_path, whole_packed)) in apart.into_iter().zip(whole) {
            let packed = packed.unwrap();
            assert_eq!((&path, packed), (&whole_path, whole_packed.unwrap()));
            let data = unpack(&path, &zip[packed.start as usize..packed.end as usize], &packed).unwrap();
            assert_eq!(Some(&data[..]), files.iter().find(|f| f.0 == path).map(|f| f.1));
        }
        // A directory that ends past the bytes read for it is broken, not read past.
        assert!(members(&directory, &zip[directory.start as usize..directory.end as usize - 1], None).is_err());
    }

    /// A listed file is held to the limits again where it is taken out: the listing is not trusted.
    #[test]
    fn a_packed_file_is_held_to_the_limits_where_it_is_taken_out() {
        let zip = stored_zip_named(b"a.xlsx", b"x", crc32(b"x"));
        // Its local header and its one byte.
        let data = &zip[..30 + "a.xlsx".len() + 1];
        let packed = |size, method| Packed { start: 0, end: data.len() as u64, method, size, crc: crc32(b"x") };
        assert_eq!(unpack("a.xlsx", data, &packed(1, STORED)).unwrap(), b"x");
        let large = super::super::limits::MAX_FILE_BYTES as u64 + 1;
        assert!(matches!(unpack("a.xlsx", data, &packed(large, DEFLATED)), Err(ReadErrorKind::TooLarge(_))));
        assert!(matches!(unpack("a.xlsx", data, &packed(2, STORED)), Err(ReadErrorKind::Corrupt(_))));
        assert!(matches!(unpack("a.xlsx", data, &packed(1, 12)), Err(ReadErrorKind::Corrupt(_))));
        let wrong_crc = Packed { crc: 0, ..packed(1, STORED) };
        assert!(matches!(unpack("a.xlsx", data, &wrong_crc), Err(ReadErrorKind::Corrupt(_))));
    }

    /// A name not marked UTF-8 and not valid UTF-8 is GBK, as Windows' own zip tool writes Chinese names: read
    /// by the build's own code pages, or by the decoder given (the web app's batch module, which has none, gives
    /// the browser's).
    #[test]
    fn gbk_names_are_read_as_gbk() {
        // 甲单位/自评表.xlsx in GBK.
        let name = [
            0xBC, 0xD7, 0xB5, 0xA5, 0xCE, 0xBB, b'/', 0xD7, 0xD4, 0xC6, 0xC0, 0xB1, 0xED, b'.', b'x', b'l', b's', b'x',
        ];
        let zip = stored_zip_named(&name, b"x", crc32(b"x"));
        let paths = |legacy: Option<super::super::NameDecoder<'_>>| -> Vec<String> {
            listed(&zip, legacy).unwrap().into_iter().map(|(path, _)| path).collect()
        };
        #[cfg(feature = "xls")]
        assert_eq!(paths(None), ["甲单位/自评表.xlsx"]);
        let given = |raw: &[u8]| if raw == name { "甲单位/自评表.xlsx".to_string() } else { String::new() };
        assert_eq!(paths(Some(&given)), ["甲单位/自评表.xlsx"]);
    }
}
