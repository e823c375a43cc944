// Any bytes, as any file: format detection and every reader behind it; and as a zip of submissions.
#![no_main]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = zicha_core::read::unzip_files("f.zip", data, |_, _| {});
    common::check("f.xlsx", data.to_vec())
});
