//! What the readers of documents (docx, doc, web pages) share: the body's paragraphs, numbered in order, each
//! with its address (the first carries the file's name, the others share it).

use std::sync::Arc;

use crate::grid::{Address, Block, Document, Paragraph};

pub(super) struct Paragraphs {
    file: Arc<str>,
    seen: u32,
    first: Option<Address>,
}

impl Paragraphs {
    pub(super) fn new(file: Arc<str>) -> Paragraphs {
        Paragraphs { file, seen: 0, first: None }
    }

    /// How many paragraphs the body has so far.
    pub(super) fn count(&self) -> usize {
        self.seen as usize
    }

    /// The next paragraph of the body, into the document and the body's order.
    pub(super) fn push(&mut self, document: &mut Document, blocks: &mut Vec<Block>, text: String) {
        self.seen += 1;
        blocks.push(Block::Paragraph(document.paragraphs.len()));
        let at = match &self.first {
            Some(first) => first.other_paragraph(self.seen),
            None => Address::paragraph(self.file.clone(), self.seen),
        };
        self.first.get_or_insert_with(|| at.clone());
        document.paragraphs.push(Paragraph { at, text });
    }
}
