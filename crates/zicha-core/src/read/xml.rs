//! Helpers shared by our own XML readers (xlsx, ods, docx): depth-limited events, attributes by local name, and
//! text of text events.
//! Only the five predefined entities and character references are resolved: a document type's own
//! entities are never expanded, so entity-expansion attacks have nothing to expand.

use std::borrow::Cow;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::ReadErrorKind;
use super::limits::MAX_DEPTH;

/// A part's events, borrowed from its bytes (no copy per event), refusing nesting deeper than `MAX_DEPTH`.
pub(super) struct Events<'x> {
    reader: Reader<&'x [u8]>,
    depth: usize,
}

impl<'x> Events<'x> {
    pub(super) fn new(xml: &'x [u8]) -> Events<'x> {
        Events { reader: Reader::from_reader(xml), depth: 0 }
    }

    /// The next event; `None` at the end of the part. `part` names the part in messages.
    pub(super) fn next(&mut self, part: &str) -> Result<Option<Event<'x>>, ReadErrorKind> {
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

/// A name without its namespace prefix: `x:c` → `c`. Byte by byte: `QName::local_name` sets up a character
/// search, which costs more than these short names take to scan, and the sheet reader asks on every event.
pub(super) fn local(name: &str) -> &str {
    match name.bytes().position(|b| b == b':') {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
}

/// The attributes of a start tag as (name, raw value) pairs, for the sheet reader's cells and rows, where
/// attribute values are plain ASCII (`r="B7" s="3" t="s"`) and a general attribute parser does much more than
/// needed on every cell. Stops at anything malformed.
pub(super) fn raw_attrs<'e>(e: &'e BytesStart) -> impl Iterator<Item = (&'e str, &'e str)> {
    let raw = e.attributes_raw();
    let bytes = raw.as_bytes();
    let mut at = 0;
    // Byte positions throughout: every byte looked for is ASCII, so each cut falls between characters.
    fn skip(bytes: &[u8], mut at: usize, stop: impl Fn(u8) -> bool) -> usize {
        while at < bytes.len() && !stop(bytes[at]) {
            at += 1;
        }
        at
    }
    let space = |b: u8| b.is_ascii_whitespace();
    std::iter::from_fn(move || {
        let key_start = skip(bytes, at, |b| !space(b));
        let key_end = skip(bytes, key_start, |b| b == b'=' || space(b));
        let equals = skip(bytes, key_end, |b| !space(b));
        if bytes.get(equals) != Some(&b'=') {
            return None;
        }
        let open = skip(bytes, equals + 1, |b| !space(b));
        let quote = *bytes.get(open).filter(|&&q| q == b'"' || q == b'\'')?;
        let close = skip(bytes, open + 1, |b| b == quote);
        if close == bytes.len() {
            return None;
        }
        at = close + 1;
        Some((&raw[key_start..key_end], &raw[open + 1..close]))
    })
}

/// An attribute's value by its local name, normalised as XML says (references resolved, white space as
/// spaces). Most values have nothing to normalise and are borrowed: the readers ask for one on many elements
/// (`gridSpan`, `vMerge`, `mergeCell`), and quick-xml's attribute iterator allocates to find duplicates.
pub(super) fn attr<'e>(e: &'e BytesStart, local_name: &str) -> Option<Cow<'e, str>> {
    let (key, raw) = raw_attrs(e).find(|(key, _)| local(key) == local_name)?;
    normalized(e, key, raw)
}

/// The value of the attribute `key` of `e`, found by [`raw_attrs`] as `raw`, normalised as XML says; borrowed
/// when there is nothing to normalise.
pub(super) fn normalized<'e>(e: &'e BytesStart, key: &str, raw: &'e str) -> Option<Cow<'e, str>> {
    if !raw.bytes().any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r')) {
        return Some(Cow::Borrowed(raw));
    }
    let attribute = e.attributes().flatten().find(|a| a.key.into_inner() == key)?;
    attribute.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| Cow::Owned(v.into_owned()))
}

/// [`attr`] as an owned string, empty when the attribute is missing.
pub(super) fn owned_attr(e: &BytesStart, local_name: &str) -> String {
    attr(e, local_name).map(Cow::into_owned).unwrap_or_default()
}

pub(super) fn attr_u32(e: &BytesStart, local: &str) -> Option<u32> {
    attr(e, local)?.trim().parse().ok()
}

/// The text a reference stands for: `&#x4E2D;` → `中`, `&amp;` → `&`; other entities → nothing.
pub(super) fn reference_text(r: &BytesRef) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    resolve_predefined_entity(r).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_attributes_and_local_names() {
        let xml = r#"<x:c r="B7"  s = '3' t="s"/><row/>"#;
        let mut events = Events::new(xml.as_bytes());
        let Some(Event::Empty(e)) = events.next("t").unwrap() else { panic!() };
        assert_eq!(local(e.name().as_ref()), "c");
        assert_eq!(raw_attrs(&e).collect::<Vec<_>>(), [("r", "B7"), ("s", "3"), ("t", "s")]);
        let Some(Event::Empty(e)) = events.next("t").unwrap() else { panic!() };
        assert_eq!((local(e.name().as_ref()), raw_attrs(&e).count()), ("row", 0));
    }

    #[test]
    fn attribute_values_are_normalised_and_borrowed_when_they_can_be() {
        let xml = "<sheet name=\"A&amp;B&#x4E2D;\" r:id='rId1' w:val=\"a\tb\" plain=\"附件2\"/>";
        let mut events = Events::new(xml.as_bytes());
        let Some(Event::Empty(e)) = events.next("t").unwrap() else { panic!() };
        assert_eq!(attr(&e, "name").as_deref(), Some("A&B中"));
        assert!(matches!(attr(&e, "id"), Some(Cow::Borrowed("rId1"))), "by local name, borrowed");
        assert_eq!(attr(&e, "val").as_deref(), Some("a b"));
        assert!(matches!(attr(&e, "plain"), Some(Cow::Borrowed("附件2"))));
        assert_eq!(attr(&e, "missing"), None);
    }
}
