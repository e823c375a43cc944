// Our Word reader: the bytes as word/document.xml of a well-formed package.
#![no_main]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::check("f.docx", common::zip(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", data)]));
});
