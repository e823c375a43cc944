//! Embeds the template families and profiles (`templates/*.json`, `profiles/*.json`) as compact JSON. In the web
//! app's wasm builds the keys only people read in the docs and the command line (`basis`, `notes`) are left out:
//! every byte there is downloaded on the first load (measured: `git log -p BENCHMARKS.md`), and the app shows neither.

use std::path::Path;

fn main() {
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    for dir in ["templates", "profiles"] {
        println!("cargo:rerun-if-changed={dir}");
        std::fs::create_dir_all(Path::new(&out).join(dir)).expect("out dir");
        let mut entries: Vec<_> = std::fs::read_dir(dir).expect(dir).filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for path in entries {
            println!("cargo:rerun-if-changed={}", path.display());
            let name = path.file_name().expect("a file name");
            let text = std::fs::read_to_string(&path).expect("a data file");
            let compact = if path.extension().is_some_and(|e| e == "json") {
                let mut value: serde_json::Value =
                    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                if wasm && let Some(object) = value.as_object_mut() {
                    object.remove("basis");
                    object.remove("notes");
                }
                serde_json::to_string(&value).expect("json")
            } else {
                text
            };
            std::fs::write(Path::new(&out).join(dir).join(name), compact).expect("write");
        }
    }
}
