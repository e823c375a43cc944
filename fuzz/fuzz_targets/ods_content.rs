// calamine's ods reader and our own pass over content.xml: the bytes as content.xml.
#![no_main]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let entries: &[(&str, &[u8])] = &[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", b"<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>"),
        ("content.xml", data),
    ];
    common::check("f.ods", common::zip(entries));
});
