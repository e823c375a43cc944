//! MHTML (.mht, .mhtml): the "single file web page" Word and Excel save, a MIME `multipart/related` message
//! whose HTML parts hold the page (Excel: one part per sheet, beside a tab strip). Each HTML part is decoded
//! (quoted-printable or base64, then its charset) and read by the web-page reader, in order; pictures, style
//! sheets and the tab strip are left out. Decoding never grows a part, so the file's own size bounds it.

use super::html::{decoded, read_pages};
use super::limits::Budget;
use super::{InputFile, ReadError, ReadErrorKind};
use crate::grid::Document;

pub(super) fn read_mhtml(file: &InputFile, document: &mut Document, budget: &mut Budget) -> Result<(), ReadError> {
    let fail = |kind| ReadError { file: file.name.clone(), kind };
    let text = String::from_utf8_lossy(&file.bytes);
    let (headers, body) = split_headers(&text);
    let boundary = header_param(headers, "content-type", "boundary")
        .ok_or_else(|| fail(ReadErrorKind::Corrupt("MHTML 文件没有分段标记".into())))?;
    let delimiter = format!("--{boundary}");
    let mut pages = Vec::new();
    for part in body.split(delimiter.as_str()).skip(1) {
        if part.starts_with("--") {
            break; // the closing delimiter
        }
        let (headers, content) = split_headers(part.trim_start_matches(['\r', '\n']));
        let kind = header(headers, "content-type").unwrap_or_default().to_ascii_lowercase();
        let location = header(headers, "content-location").unwrap_or_default().to_ascii_lowercase();
        if !kind.starts_with("text/html") || location.ends_with("tabstrip.htm") {
            continue;
        }
        budget.room_for_text(content.len()).map_err(fail)?;
        let encoding = header(headers, "content-transfer-encoding").unwrap_or_default().to_ascii_lowercase();
        let bytes = match encoding.trim() {
            "quoted-printable" => quoted_printable(content),
            "base64" => base64(content),
            _ => content.as_bytes().to_vec(),
        };
        let charset = header_param(headers, "content-type", "charset")
            .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
        pages.push(match charset {
            Some(encoding) => encoding.decode_with_bom_removal(&bytes).0.into_owned(),
            None => decoded(&bytes),
        });
    }
    if pages.is_empty() {
        return Err(fail(ReadErrorKind::Corrupt("MHTML 文件中没有网页内容".into())));
    }
    read_pages(file, &pages, document, budget)
}

/// A MIME entity's header block and its body, split at the first blank line.
fn split_headers(text: &str) -> (&str, &str) {
    for blank in ["\r\n\r\n", "\n\n"] {
        if let Some(at) = text.find(blank) {
            return (&text[..at], &text[at + blank.len()..]);
        }
    }
    (text, "")
}

/// A header's value, its folded lines joined.
fn header(headers: &str, name: &str) -> Option<String> {
    let mut value: Option<String> = None;
    for line in headers.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(value) = value.as_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        if value.is_some() {
            break;
        }
        if let Some((key, rest)) = line.split_once(':')
            && key.trim().eq_ignore_ascii_case(name)
        {
            value = Some(rest.trim().to_string());
        }
    }
    value
}

/// A parameter of a header (`boundary="----=_NextPart_01D…"`, `charset="gb2312"`).
fn header_param(headers: &str, name: &str, param: &str) -> Option<String> {
    let value = header(headers, name)?;
    value.split(';').skip(1).find_map(|p| {
        let (key, v) = p.split_once('=')?;
        key.trim().eq_ignore_ascii_case(param).then(|| v.trim().trim_matches('"').to_string())
    })
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') => i += 3,
            b'=' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'=' => match bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()) {
                Some(hex) if u8::from_str_radix(hex, 16).is_ok() => {
                    out.push(u8::from_str_radix(hex, 16).unwrap_or(b'='));
                    i += 3;
                }
                _ => {
                    out.push(b'=');
                    i += 1;
                }
            },
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut bits, mut count) = (0u32, 0);
    for sextet in text.bytes().filter_map(value) {
        bits = bits << 6 | u32::from(sextet);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An Excel "single file web page": a GB2312 sheet in quoted-printable, a base64 one, the tab strip and a
    /// picture left out; tables numbered across the sheets.
    #[test]
    fn html_parts_are_read_in_order() {
        let (sheet, _, _) = encoding_rs::GBK.encode("<table><tr><td>预算部门名称</td><td>某某局</td></tr></table>");
        let quoted: String = sheet
            .iter()
            .map(|&b| if b.is_ascii_graphic() && b != b'=' { (b as char).to_string() } else { format!("={b:02X}") })
            .collect();
        let encoded = {
            const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            let page = "<table><tr><td>年度资金总额</td><td>10</td></tr></table>".as_bytes();
            let mut out = String::new();
            for chunk in page.chunks(3) {
                let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
                for i in 0..=chunk.len() {
                    out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
                }
                out.push_str(&"=".repeat(3 - chunk.len()));
            }
            out
        };
        let message = format!(
            "MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\tboundary=\"----=_NextPart_X\"\r\n\r\n\
             ------=_NextPart_X\r\nContent-Location: file:///C:/b.files/tabstrip.htm\r\nContent-Type: text/html\r\n\r\n\
             <table><tr><td>Sheet1</td></tr></table>\r\n\
             ------=_NextPart_X\r\nContent-Location: file:///C:/b.files/sheet001.htm\r\nContent-Transfer-Encoding: quoted-printable\r\n\
             Content-Type: text/html; charset=\"gb2312\"\r\n\r\n{quoted}\r\n\
             ------=_NextPart_X\r\nContent-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{encoded}\r\n\
             ------=_NextPart_X\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0K\r\n\
             ------=_NextPart_X--\r\n"
        );
        let mut document = Document::default();
        let file = InputFile::new("t.mht", message.into_bytes());
        read_mhtml(&file, &mut document, &mut Budget::default()).unwrap();
        let texts: Vec<&str> = document.grids.iter().map(|g| g.cell(0, 0).unwrap().text.as_str()).collect();
        assert_eq!(texts, ["预算部门名称", "年度资金总额"]);
        assert_eq!(document.grids[1].cell(0, 1).unwrap().text, "10");
        assert_ne!(document.grids[0].source, document.grids[1].source);
    }
}
