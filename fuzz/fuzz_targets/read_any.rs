// Any bytes, as any file: format detection and every reader behind it.
#![no_main]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| common::check("f.xlsx", data.to_vec()));
