//! The floor a full check is measured against, shared by the benchmark and the profiling example.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

/// Unzip every XML part and run a tokenizer over it: what any reader of these files must at least do.
pub fn floor(bytes: &[u8]) -> usize {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut events = 0;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        if !entry.name().is_ok_and(|n| n.ends_with(".xml")) {
            continue;
        }
        let mut xml = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut xml).unwrap();
        let mut reader = Reader::from_reader(&xml[..]);
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => events += 1,
            }
            buf.clear();
        }
    }
    events
}
