//! Writes paragraphs and laid-out tables into a minimal Word document: tables with `gridSpan` and `vMerge`,
//! cell line breaks as paragraphs, as Word itself writes them.

use std::io::Write;

use zip::write::SimpleFileOptions;

use crate::grid::{WordMerge, resolve};
use crate::layout::{Kind, Table};
use crate::manifest::Expectation;
use crate::xlsx::letters;

pub enum Item<'t> {
    Paragraph { text: String, expect: Option<(String, String)> },
    Table(&'t Table),
}

pub fn write(file: &str, items: &[Item], expectations: &mut Vec<Expectation>) -> Vec<u8> {
    let mut body = String::new();
    let (mut paragraphs, mut tables) = (0, 0);
    for item in items {
        match item {
            Item::Paragraph { text, expect } => {
                paragraphs += 1;
                body.push_str(&paragraph(text));
                if let Some((path, value)) = expect {
                    expectations.push(Expectation::new(path, &format!("[{file}]段{paragraphs}"), value, Kind::Text));
                }
            }
            Item::Table(table) => {
                tables += 1;
                body.push_str(&table_xml(file, tables, table, expectations));
            }
        }
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134"/></w:sectPr></w:body></w:document>"#
    );
    package(document)
}

/// A Word package of one main part.
pub fn package(document: String) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", RELS.to_string()),
        ("word/document.xml", document),
    ];
    for (name, content) in parts {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(content.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub fn paragraph(text: &str) -> String {
    if text.is_empty() {
        return "<w:p/>".to_string();
    }
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#, escape(text))
}

fn table_xml(file: &str, index: u32, table: &Table, expectations: &mut Vec<Expectation>) -> String {
    let resolved = resolve(table);
    let mut xml = String::from(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr><w:tblGrid>"#,
    );
    for _ in 0..table.width {
        xml.push_str(r#"<w:gridCol w:w="1400"/>"#);
    }
    xml.push_str("</w:tblGrid>");
    for row in &resolved.word_rows {
        xml.push_str("<w:tr>");
        for &(col, span, merge, cell) in row {
            let mut props = format!(r#"<w:tcW w:w="{}" w:type="dxa"/>"#, 1400 * span);
            if span > 1 {
                props.push_str(&format!(r#"<w:gridSpan w:val="{span}"/>"#));
            }
            match merge {
                WordMerge::Restart => props.push_str(r#"<w:vMerge w:val="restart"/>"#),
                WordMerge::Continue => props.push_str("<w:vMerge/>"),
                WordMerge::None => {}
            }
            let content = match cell.map(|i| &resolved.cells[i]) {
                Some(placed) => {
                    if let Some(path) = &placed.path {
                        let at = format!("[{file}]表{index}!{}{}", letters(col), placed.row + 1);
                        expectations.push(Expectation::new(path, &at, &placed.text, placed.kind));
                    }
                    placed.text.split('\n').map(paragraph).collect::<String>()
                }
                None => "<w:p/>".to_string(),
            };
            xml.push_str(&format!("<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"));
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    xml
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
