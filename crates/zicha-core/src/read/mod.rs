//! Phase 1, read: bytes of one or several files → one [`Document`] of grids and paragraphs.
//!
//! The format is told by content, never by the file name. Workbooks go through calamine (merges from the
//! format-specific readers, ODS merges from our own pass over `content.xml`); Word documents through our own
//! reader, which puts table cells on a true grid.

mod body;
mod cells;
#[cfg(feature = "xls")]
mod compound;
#[cfg(feature = "xls")]
mod doc;
mod docx;
#[cfg(feature = "xls")]
mod html;
pub mod limits;
#[cfg(feature = "xls")]
mod mhtml;
mod ods;
#[cfg(feature = "xls")]
mod spreadsheetml;
#[cfg(feature = "xls")]
mod xls;
#[cfg(feature = "xls")]
mod xls_formats;
mod xlsx;
mod xml;
mod zipped;

use std::fmt;

use serde::Serialize;

use crate::grid::{Document, ReadNote};

/// One file of a filing, as bytes: the name is only used in addresses and messages.
#[derive(Clone, Debug)]
pub struct InputFile {
    /// The file's name (or path), as addresses and messages show it.
    pub name: String,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

impl InputFile {
    /// A file of a filing, from its name and bytes.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> InputFile {
        InputFile { name: name.into(), bytes: bytes.into() }
    }
}

/// What the bytes of a file are, told by content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Office Open XML workbook (.xlsx, .xlsm).
    Xlsx,
    /// Excel 97–2003 binary workbook (.xls; WPS's .et).
    Xls,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// Office Open XML Word document (.docx).
    Docx,
    /// Word 97–2003 binary (.doc; WPS's .doc and .wps).
    Doc,
    /// Excel 2003 XML Spreadsheet (SpreadsheetML), often saved with an .xls name.
    SpreadsheetMl,
    /// A "single file web page" (.mht), as Word and Excel save one: a MIME message of web pages.
    Mhtml,
    /// A web page's tables and paragraphs, saved as .xls or .doc by web systems and "另存为网页".
    Html,
}

/// The file cannot be read as a filing at all. Everything short of this is a note or a finding instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReadError {
    /// The file's name.
    pub file: String,
    /// Why it cannot be read.
    pub kind: ReadErrorKind,
}

/// Why a file cannot be read; [`ReadError`]'s message says it in words, with what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum ReadErrorKind {
    /// Password-protected office file.
    Encrypted,
    /// Word 6.0/95 and older binary Word, before the Word 97 format.
    LegacyWord,
    /// A zip or compound file of some other kind (`.odt`, `.pptx`, …).
    UnsupportedOffice(String),
    /// Not an office file at all (PDF, image, text, random bytes).
    NotOffice(String),
    /// The file claims a format but its insides are broken.
    Corrupt(String),
    /// The file is beyond a reading limit (`limits.rs`): too big, too many cells, a zip bomb.
    TooLarge(String),
    /// An xls workbook, and this build has no xls reader (the `xls` feature; the web app sends xls files to
    /// the worker that has it).
    NeedsXlsReader,
}

impl ReadError {
    fn new(file: &str, kind: ReadErrorKind) -> ReadError {
        ReadError { file: file.to_string(), kind }
    }

    /// A file over [`limits::MAX_FILE_BYTES`]: what the reader says, and what a page says of a file it does not
    /// read for its size.
    pub fn file_too_large(file: &str) -> ReadError {
        let limit = limits::megabytes(limits::MAX_FILE_BYTES as u64);
        ReadError::new(file, ReadErrorKind::TooLarge(format!("文件大于 {limit}")))
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = &self.file;
        match &self.kind {
            ReadErrorKind::Encrypted => write!(f, "{file}: 文件已加密，请先取消密码后再检查"),
            ReadErrorKind::LegacyWord => {
                write!(f, "{file}: 这是 Word 95 或更早版本的文档，请用 Word 或 WPS 另存为 .docx 后再检查")
            }
            ReadErrorKind::UnsupportedOffice(what) => {
                write!(f, "{file}: 不支持的文件类型（{what}），请提供 xlsx、xlsm、xls、ods、docx 或 doc 文件")
            }
            ReadErrorKind::NotOffice(what) => {
                write!(f, "{file}: 不是表格或 Word 文件（{what}），请提供 xlsx、xlsm、xls、ods、docx 或 doc 文件")
            }
            ReadErrorKind::Corrupt(detail) => {
                write!(f, "{file}: 文件已损坏或不完整（{detail}），请重新保存或重新下载后再检查")
            }
            ReadErrorKind::TooLarge(detail) => write!(
                f,
                "{file}: 文件过大或结构异常，超出检查上限（{detail}），请确认是否选错了文件，或删去无关的工作表后再检查"
            ),
            ReadErrorKind::NeedsXlsReader => {
                write!(
                    f,
                    "{file}: 这是 xls 工作簿、旧版 Word 文档或网页表格，本程序未带它的读取器，请另存为 xlsx 或 docx 后再检查"
                )
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads every file of one filing into one document; every address names its file. A file that cannot be
/// read costs itself, not the filing: the others are read and it becomes a note (rule S012). Only when no file
/// can be read is the filing refused, with the first file's reason.
pub fn read(files: &[InputFile]) -> Result<Document, ReadError> {
    let mut document = Document::default();
    if files.len() > limits::MAX_FILES {
        let name = files.first().map_or("", |f| f.name.as_str());
        let detail = format!("一份材料最多 {} 个文件", limits::MAX_FILES);
        return Err(ReadError::new(name, ReadErrorKind::TooLarge(detail)));
    }
    let mut budget = limits::Budget::default();
    let mut refused = Vec::new();
    for file in files {
        document.files.push(file.name.clone());
        // What a file adds is kept only once the whole file has been read.
        let before = (document.grids.len(), document.paragraphs.len(), document.bodies.len(), document.notes.len());
        let read = read_one(file, &mut document, &mut budget);
        if read.is_ok() {
            for grid in &document.grids[before.0..] {
                if let Some(first) = grid.far.first() {
                    let (at, count) = (grid.address(first.row, first.col), grid.far.len());
                    document.notes.push(ReadNote::FarCells { at, count });
                }
            }
        }
        if let Err(error) = read {
            document.grids.truncate(before.0);
            document.paragraphs.truncate(before.1);
            document.bodies.truncate(before.2);
            document.notes.truncate(before.3);
            refused.push(error);
        }
    }
    if refused.len() == files.len() && !refused.is_empty() {
        return Err(refused.swap_remove(0));
    }
    for error in refused {
        document.notes.push(ReadNote::Unreadable { file: error.file.clone(), message: error.to_string() });
    }
    Ok(document)
}

fn read_one(file: &InputFile, document: &mut Document, budget: &mut limits::Budget) -> Result<(), ReadError> {
    let format = detect(file)?;
    // A reader that panics on a malformed file (calamine's compound-file reader has, under fuzzing) costs that
    // file, not the process. (In the browser, where panics abort, the worker is restarted instead.)
    let outcome = quietly(|| match format {
        Format::Xlsx => xlsx::read_workbook(file, document, budget),
        #[cfg(feature = "xls")]
        Format::Xls => xls::read_xls(file, document, budget),
        #[cfg(not(feature = "xls"))]
        Format::Xls => Err(ReadError::new(&file.name, ReadErrorKind::NeedsXlsReader)),
        Format::Ods => ods::read_ods(file, document, budget),
        Format::Docx => docx::read_docx(file, document, budget),
        #[cfg(feature = "xls")]
        Format::Doc => doc::read_doc(file, document, budget),
        #[cfg(not(feature = "xls"))]
        Format::Doc => Err(ReadError::new(&file.name, ReadErrorKind::NeedsXlsReader)),
        #[cfg(feature = "xls")]
        Format::SpreadsheetMl => spreadsheetml::read_spreadsheetml(file, document, budget),
        #[cfg(not(feature = "xls"))]
        Format::SpreadsheetMl => Err(ReadError::new(&file.name, ReadErrorKind::NeedsXlsReader)),
        #[cfg(feature = "xls")]
        Format::Mhtml => mhtml::read_mhtml(file, document, budget),
        #[cfg(not(feature = "xls"))]
        Format::Mhtml => Err(ReadError::new(&file.name, ReadErrorKind::NeedsXlsReader)),
        #[cfg(feature = "xls")]
        Format::Html => html::read_html(file, document, budget),
        #[cfg(not(feature = "xls"))]
        Format::Html => Err(ReadError::new(&file.name, ReadErrorKind::NeedsXlsReader)),
    });
    match outcome {
        Some(result) => result?,
        None => return Err(ReadError::new(&file.name, ReadErrorKind::Corrupt("文件内部结构异常，无法读取".into()))),
    }
    check_totals(file, document)
}

thread_local! {
    /// Whether this thread is inside a reader whose panic is caught: the hook [`quiet_reader_panics`]
    /// installs keeps those silent.
    static IN_READER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a reader, catching its panic; `None` if it panicked.
fn quietly<T>(reader: impl FnOnce() -> T) -> Option<T> {
    let was = IN_READER.with(|flag| flag.replace(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(reader));
    IN_READER.with(|flag| flag.set(was));
    outcome.ok()
}

/// Keeps the panic of a reader, caught and reported as a message on its file, off stderr (where a batch's
/// output would carry a Rust backtrace note for a broken file). Every other panic is printed as before. For
/// programs (the CLI), not for libraries: it replaces the process's hook.
pub fn quiet_reader_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !IN_READER.with(std::cell::Cell::get) {
            previous(info);
        }
    }));
}

/// Limits on what a filing holds in all: grids, and the cells their merges cover.
fn check_totals(file: &InputFile, document: &Document) -> Result<(), ReadError> {
    let too_large = |detail: String| Err(ReadError::new(&file.name, ReadErrorKind::TooLarge(detail)));
    if document.grids.len() > limits::MAX_GRIDS {
        return too_large(format!("工作表和表格超过 {} 个", limits::MAX_GRIDS));
    }
    limits::check_merges(&document.grids).map_err(|kind| ReadError::new(&file.name, kind))
}

/// Whether the bytes are a zip of files (a bureau's batch of submissions) rather than an office document: a zip
/// holding no part an xlsx, docx or ods is told by, and at least one file a filing is made of.
pub fn is_zip_of_files(bytes: &[u8]) -> bool {
    if !bytes.starts_with(ZIP_MAGIC) {
        return false;
    }
    let Ok(names) = zipped::checked_entry_names(bytes) else { return false };
    zipped::holds_submissions(names.iter().map(String::as_str)) && names.iter().any(|n| crate::batch::is_filing_file(n))
}

pub use zipped::{Directory as ZipDirectory, Packed, TAIL_BYTES as ZIP_TAIL_BYTES};

/// Reads a zip entry's name from its bytes, where they are neither marked nor valid UTF-8 (see [`zip_listing`]).
pub type NameDecoder<'a> = &'a dyn Fn(&[u8]) -> String;

/// A file of a zip of submissions that belongs to a filing, listed by [`zip_listing`].
#[derive(Clone, Debug, PartialEq)]
pub struct ZipMember {
    /// Its path in the zip.
    pub path: String,
    /// Where its bytes are in the zip, or why it cannot be taken out (in the words a reader would use for it).
    pub packed: Result<Packed, String>,
}

/// Where a zip's directory is, from its last bytes: `tail`, the last [`ZIP_TAIL_BYTES`] (or all) of the zip,
/// starting at `tail_at`. So a zip too large to hold is listed from two reads, its tail and then its directory
/// (`start..end`, held to the limits here before it is read). The zip is refused, named `zip_name`, when its
/// end cannot be found or is past the limits.
pub fn zip_directory(zip_name: &str, tail: &[u8], tail_at: u64) -> Result<ZipDirectory, String> {
    zipped::find_directory(tail, tail_at).map_err(|kind| ReadError::new(zip_name, kind).to_string())
}

/// The files of a zip of submissions that belong to a filing, in the zip's order, listed from its directory's
/// bytes (the zip's `directory.start..directory.end`) without inflating any: each is taken out by
/// [`unpack_member`] when its filing is checked, from its own bytes of the zip, so no more than its filing's
/// files are held at once, and the zip itself need not be. `None` for a zip that is no batch: an office
/// document, or one holding no file a filing is made of. `legacy_names` reads a name neither marked nor valid
/// UTF-8 (GBK, as the zip tools of Chinese Windows write it) in a build without the `xls` feature's code pages.
/// The zip as a whole is refused, named `zip_name`, when its directory is broken or past the limits.
pub fn zip_listing(
    zip_name: &str,
    directory: &ZipDirectory,
    bytes: &[u8],
    legacy_names: Option<NameDecoder<'_>>,
) -> Result<Option<Vec<ZipMember>>, String> {
    let members =
        zipped::members(directory, bytes, legacy_names).map_err(|kind| ReadError::new(zip_name, kind).to_string())?;
    Ok(members.map(|members| {
        members
            .into_iter()
            .map(|(path, packed)| {
                let packed = packed.map_err(|kind| ReadError::new(file_name(&path), kind).to_string());
                ZipMember { path, packed }
            })
            .collect()
    }))
}

/// [`zip_listing`] of a zip held whole: no files for a zip that is no batch.
pub fn zip_members(
    zip_name: &str,
    bytes: &[u8],
    legacy_names: Option<NameDecoder<'_>>,
) -> Result<Vec<ZipMember>, String> {
    let (directory, within) =
        zipped::held_directory(bytes).map_err(|kind| ReadError::new(zip_name, kind).to_string())?;
    Ok(zip_listing(zip_name, &directory, within, legacy_names)?.unwrap_or_default())
}

/// A file listed by [`zip_listing`], taken out of `data` (the zip's bytes `packed.start..packed.end`, its local
/// header first), under the same limits; or why it cannot be, in the words a reader would use for it.
pub fn unpack_member(path: &str, data: &[u8], packed: &Packed) -> Result<Vec<u8>, String> {
    zipped::unpack(path, data, packed).map_err(|kind| ReadError::new(file_name(path), kind).to_string())
}

/// A zip path's last part.
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Tells the format from the bytes.
pub fn detect(file: &InputFile) -> Result<Format, ReadError> {
    let bytes = &file.bytes;
    let fail = |kind| Err(ReadError::new(&file.name, kind));
    if bytes.len() > limits::MAX_FILE_BYTES {
        return Err(ReadError::file_too_large(&file.name));
    }
    if bytes.starts_with(ZIP_MAGIC) {
        let names = zipped::checked_entry_names(&bytes[..]).map_err(|kind| ReadError::new(&file.name, kind))?;
        let has = |n: &str| names.iter().any(|e| zipped::same_part(e, n));
        if has("word/document.xml") {
            return Ok(Format::Docx);
        }
        if has("xl/workbook.xml") {
            return Ok(Format::Xlsx);
        }
        // A main part elsewhere (`word/document2.xml`): told by the relationship that names it and its root.
        if let Some(main) = zipped::main_part(&bytes[..]).filter(|m| has(m)) {
            // A main part past the limits is refused as that, not as an unknown zip.
            let head = match zipped::read_part(&bytes[..], &main, limits::MAX_PART_BYTES, &mut Default::default()) {
                Err(ReadErrorKind::TooLarge(why)) => return fail(ReadErrorKind::TooLarge(why)),
                read => read.ok().flatten().unwrap_or_default(),
            };
            let head = &head[..head.len().min(4096)];
            let holds = |tag: &[u8]| head.windows(tag.len()).any(|w| w == tag);
            if holds(b":document") || holds(b"<document") {
                return Ok(Format::Docx);
            }
            if holds(b"<workbook") || holds(b":workbook") {
                return Ok(Format::Xlsx);
            }
        }
        if has("xl/workbook.bin") {
            return fail(ReadErrorKind::UnsupportedOffice("xlsb 二进制工作簿".into()));
        }
        if has("content.xml") {
            // The `mimetype` entry, or else the manifest's entry for the package root (some tools leave the
            // first out).
            let mimetype = zipped::peek_part(&bytes[..], "mimetype", 200)
                .or_else(|| opendocument_manifest_type(&bytes[..]))
                .unwrap_or_default();
            if mimetype.starts_with(b"application/vnd.oasis.opendocument.spreadsheet") {
                return Ok(Format::Ods);
            }
            let what = match String::from_utf8_lossy(&mimetype).trim() {
                "" => "OpenDocument 文档，类型不明".to_string(),
                other => other.to_string(),
            };
            return fail(ReadErrorKind::UnsupportedOffice(what));
        }
        return fail(ReadErrorKind::UnsupportedOffice("zip 压缩包".into()));
    }
    if bytes.starts_with(CFB_MAGIC) {
        // A compound file's directory entries are 128 bytes each, at multiples of 128 in the file: a UTF-16 name,
        // then its length in bytes with the terminating zero at byte 64. Names compare without case, as calamine
        // finds its streams (`BOOK` is `Book`).
        let has = |name: &str| {
            let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let length = (utf16.len() as u16 + 2).to_le_bytes();
            bytes
                .chunks_exact(128)
                .any(|entry| entry[..utf16.len()].eq_ignore_ascii_case(&utf16) && entry[64..66] == length)
        };
        if has("EncryptedPackage") {
            return fail(ReadErrorKind::Encrypted);
        }
        if has("WordDocument") {
            return Ok(Format::Doc);
        }
        if has("Workbook") || has("Book") {
            return Ok(Format::Xls);
        }
        if cfb_truncated(bytes) {
            return fail(ReadErrorKind::Corrupt("复合文档不完整".into()));
        }
        return fail(ReadErrorKind::UnsupportedOffice("OLE 复合文档".into()));
    }
    let what = if bytes.starts_with(b"%PDF") {
        "PDF"
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G']) || bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "图片"
    } else if bytes.is_empty() {
        "空文件"
    } else if looks_like_mhtml(bytes) {
        return Ok(Format::Mhtml);
    } else if looks_like_spreadsheetml(bytes) {
        return Ok(Format::SpreadsheetMl);
    } else if looks_like_html(bytes) {
        return Ok(Format::Html);
    } else if std::str::from_utf8(bytes).is_ok() {
        "纯文本"
    } else {
        "未知格式"
    };
    fail(ReadErrorKind::NotOffice(what.into()))
}

/// The media type `META-INF/manifest.xml` gives the package root (`manifest:full-path="/"`).
fn opendocument_manifest_type(bytes: &[u8]) -> Option<Vec<u8>> {
    let manifest = zipped::peek_part(bytes, "META-INF/manifest.xml", 1_000_000)?;
    let mut events = xml::Events::new(&manifest);
    while let Ok(Some(event)) = events.next("META-INF/manifest.xml") {
        if let quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) = event
            && xml::local(e.name().into_inner()) == "file-entry"
            && xml::attr(&e, "full-path").as_deref() == Some("/")
        {
            return xml::attr(&e, "media-type").map(|t| t.into_owned().into_bytes());
        }
    }
    None
}

/// Whether a file needs the readers the web app loads only when needed (the `xls` feature): a compound file
/// (xls, doc), an Excel 2003 XML workbook, a web page or an MHTML archive of them. Asked of the file's first kilobyte.
pub fn needs_second_reader(head: &[u8]) -> bool {
    head.starts_with(CFB_MAGIC) || looks_like_mhtml(head) || looks_like_spreadsheetml(head) || looks_like_html(head)
}

/// MHTML: a MIME message (`MIME-Version:`) of related parts.
fn looks_like_mhtml(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    head.contains("mime-version:") && head.contains("multipart/related")
}

/// Excel 2003 XML: an XML document whose root is a `Workbook` in the SpreadsheetML namespace (or that names
/// Excel as its application, `progid="Excel.Sheet"`).
fn looks_like_spreadsheetml(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    let holds = |tag: &[u8]| head.windows(tag.len()).any(|w| w == tag);
    !holds(b"<html")
        && (holds(b"urn:schemas-microsoft-com:office:spreadsheet") || holds(b"progid=\"Excel.Sheet\""))
        && holds(b"Workbook")
}

/// Web systems export "Excel" files that are HTML tables with an .xls name.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    head.contains("<html") || head.contains("<table")
}

/// A compound file whose directory lies past its end was cut short (a half-downloaded .xls or .doc).
fn cfb_truncated(bytes: &[u8]) -> bool {
    let (Some(shift), Some(directory)) = (bytes.get(0x1E..0x20), bytes.get(0x30..0x34)) else { return true };
    let sector = 1u64 << u16::from_le_bytes([shift[0], shift[1]]).min(20);
    let directory = u32::from_le_bytes([directory[0], directory[1], directory[2], directory[3]]) as u64;
    (directory + 1) * sector >= bytes.len() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed_xls() -> InputFile {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seed-libreoffice.xls");
        InputFile::new("seed.xls", std::fs::read(path).expect("the xls fixture"))
    }

    /// The build without the xls reader (the web app's first worker) says so, in words a filer can act on.
    #[cfg(not(feature = "xls"))]
    #[test]
    fn without_the_xls_reader_an_xls_gets_a_clear_message() {
        let error = read(&[seed_xls()]).unwrap_err();
        assert_eq!(error.kind, ReadErrorKind::NeedsXlsReader);
        assert!(error.to_string().contains("另存为 xlsx"), "{error}");
    }

    #[cfg(feature = "xls")]
    #[test]
    fn with_the_xls_reader_an_xls_is_read() {
        let document = read(&[seed_xls()]).unwrap();
        assert!(document.grids.iter().any(|g| !g.rows.is_empty()));
        // WPS's .et is the same BIFF8 compound file: told by content, read alike.
        let et = InputFile { name: "附件.et".into(), ..seed_xls() };
        assert_eq!(detect(&et).unwrap(), Format::Xls);
        assert_eq!(read(&[et]).unwrap().grids.len(), document.grids.len());
    }
}
