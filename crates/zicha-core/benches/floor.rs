//! The floor a full check is measured against, shared by the benchmark and the profiling example.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

/// What any reader of these bytes must at least do: unzip every XML part of a package and run a tokenizer over
/// it; run an XML tokenizer over an Excel 2003 XML workbook, html5ever's tokenizer over a web page; decode a
/// compound file's every sector as UTF-16 (where a .doc keeps its text).
pub(crate) fn floor(bytes: &[u8]) -> usize {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return char::decode_utf16(bytes.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])))
            .filter(|c| c.as_ref().is_ok_and(|c| *c == '\r'))
            .count();
    }
    if !bytes.starts_with(b"PK") {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
        if head.contains("<html") || head.contains("<table") {
            return html_tokens(bytes);
        }
        return xml_events(bytes);
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut events = 0;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        if !entry.name().is_ok_and(|n| n.ends_with(".xml")) {
            continue;
        }
        let mut xml = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut xml).unwrap();
        events += xml_events(&xml);
    }
    events
}

fn xml_events(xml: &[u8]) -> usize {
    let mut reader = Reader::from_reader(xml);
    let (mut buf, mut events) = (Vec::new(), 0);
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => events += 1,
        }
        buf.clear();
    }
    events
}

fn html_tokens(bytes: &[u8]) -> usize {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer};
    struct Count(std::cell::Cell<usize>);
    impl TokenSink for Count {
        type Handle = ();
        fn process_token(&self, _: Token, _: u64) -> TokenSinkResult<()> {
            self.0.set(self.0.get() + 1);
            TokenSinkResult::Continue
        }
    }
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&String::from_utf8_lossy(bytes)));
    let tokenizer = Tokenizer::new(Count(std::cell::Cell::new(0)), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.get()
}
