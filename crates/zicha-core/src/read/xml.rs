//! Helpers shared by our own XML readers (docx, ods): attributes by local name, and text of text events.
//! Only the five predefined entities and character references are resolved: a document type's own
//! entities are never expanded, so entity-expansion attacks have nothing to expand.

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart};

pub fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

pub fn attr_u32(e: &BytesStart, local: &str) -> Option<u32> {
    attr(e, local)?.trim().parse().ok()
}

/// The text a reference stands for: `&#x4E2D;` → `中`, `&amp;` → `&`; other entities → nothing.
pub fn reference_text(r: &BytesRef) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    resolve_predefined_entity(r).map(str::to_string)
}
