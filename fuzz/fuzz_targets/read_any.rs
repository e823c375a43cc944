// Any bytes, as any file: format detection and every reader behind it; and as a zip of submissions.
#![no_main]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for member in zicha_core::read::zip_members("f.zip", data, None).unwrap_or_default() {
        if let Ok(packed) = member.packed {
            let data = data.get(packed.start as usize..packed.end as usize).unwrap_or_default();
            let _ = zicha_core::read::unpack_member(&member.path, data, &packed);
        }
    }
    common::check("f.xlsx", data.to_vec())
});
