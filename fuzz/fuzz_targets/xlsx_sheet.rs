// calamine's xlsx reader and our streaming of it: the bytes as the sheet XML of a well-formed workbook.
#![no_main]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut entries = common::XLSX_WORKBOOK.to_vec();
    entries.push(("xl/worksheets/sheet1.xml", data));
    common::check("f.xlsx", common::zip(&entries));
});
