//! Helpers shared by our own XML readers (xlsx, ods, docx): depth-limited events, attributes by local name, and
//! text of text events.
//! Only the five predefined entities and character references are resolved: a document type's own
//! entities are never expanded, so entity-expansion attacks have nothing to expand.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::ReadErrorKind;
use super::limits::MAX_DEPTH;

/// A part's events, borrowed from its bytes (no copy per event), refusing nesting deeper than `MAX_DEPTH`.
pub struct Events<'x> {
    reader: Reader<&'x [u8]>,
    depth: usize,
}

impl<'x> Events<'x> {
    pub fn new(xml: &'x [u8]) -> Events<'x> {
        Events { reader: Reader::from_reader(xml), depth: 0 }
    }

    /// The next event; `None` at the end of the part. `part` names the part in messages.
    pub fn next(&mut self, part: &str) -> Result<Option<Event<'x>>, ReadErrorKind> {
        let event = self.reader.read_event().map_err(|e| ReadErrorKind::Corrupt(format!("{part}: {e}")))?;
        match event {
            Event::Eof => return Ok(None),
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        if self.depth > MAX_DEPTH {
            return Err(ReadErrorKind::TooLarge(format!("XML 嵌套超过 {MAX_DEPTH} 层")));
        }
        Ok(Some(event))
    }
}

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
