//! The page's side of the batch review: it finds the files of a folder (picked or dropped) or takes a zip of
//! submissions, loads the batch module into the page the first time one is opened (`assets/batch-boot.js`:
//! `batch.js` and its wasm, built by Trunk like the workers; the page a filer opens does not carry it), and hands
//! the files over (`window.zichaBatch.start`). A filing opened from the batch comes back as the
//! `zicha-batch-open` event with its files, and is checked as any filing.

use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use crate::i18n::Lang;
use crate::protocol::ProfileSource;

/// What the batch module is given with the files.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Start {
    pub profile: ProfileSource,
    pub templates: Vec<String>,
    /// `zh` or `en`.
    pub lang: String,
    /// The files are one zip of submissions (its name and bytes), not a folder's files (paths and blobs).
    pub zip: bool,
}

pub fn lang_key(lang: Lang) -> &'static str {
    if lang == Lang::En { "en" } else { "zh" }
}

/// Loads the batch module once (a promise `assets/batch-boot.js` keeps), then calls `zichaBatch.start`.
async fn hand_over(start: Start, files: js_sys::Array) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let load: js_sys::Function = js_sys::Reflect::get(&window, &"zichaLoadBatch".into())?.dyn_into()?;
    JsFuture::from(js_sys::Promise::from(load.call0(&JsValue::NULL)?)).await?;
    let batch = js_sys::Reflect::get(&window, &"zichaBatch".into())?;
    let start_fn: js_sys::Function = js_sys::Reflect::get(&batch, &"start".into())?.dyn_into()?;
    let json = serde_json::to_string(&start).map_err(|_| JsValue::NULL)?;
    start_fn.call2(&batch, &JsValue::from_str(&json), &files)?;
    Ok(())
}

/// Loads the batch module and starts its workers ahead of a batch (`zichaPrepareBatch` in
/// `assets/batch-boot.js`, then `pool::prepare`): called when the reviewer opens the folder picker, drops a
/// folder or gives a zip, so that the workers' code is compiled and optimised meanwhile.
pub fn prepare() {
    let Some(window) = web_sys::window() else { return };
    if let Ok(prepare) = js_sys::Reflect::get(&window, &"zichaPrepareBatch".into())
        && let Some(prepare) = prepare.dyn_ref::<js_sys::Function>()
    {
        let _ = prepare.call0(&JsValue::NULL);
    }
}

/// Starts a batch of a folder's files (their paths, with `/` between folders, and contents).
pub async fn start_folder(files: Vec<(String, Blob)>, start: Start) -> Result<(), JsValue> {
    let array = js_sys::Array::new();
    for (path, blob) in files {
        array.push(&js_sys::Array::of2(&JsValue::from_str(&path), &blob));
    }
    hand_over(start, array).await
}

/// Starts a batch of a zip of submissions: the file as the user gave it, read by the batch module (the page
/// never holds the zip's bytes).
pub async fn start_zip(name: String, zip: Blob, start: Start) -> Result<(), JsValue> {
    let array = js_sys::Array::of1(&js_sys::Array::of2(&JsValue::from_str(&name), &zip));
    hand_over(Start { zip: true, ..start }, array).await
}

/// Whether a file is given as a zip of submissions: told by its name, as the user sees it. The batch module
/// looks inside, and opens an office document so named as a filing.
pub fn is_zip_name(name: &str) -> bool {
    name.len() >= 4 && name.as_bytes()[name.len() - 4..].eq_ignore_ascii_case(b".zip")
}

/// Calls `open` with each filing the batch opens: its files, read.
pub fn on_open(open: impl Fn(Vec<(String, Vec<u8>)>) + 'static) {
    let open = std::rc::Rc::new(open);
    let listener = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |event: web_sys::CustomEvent| {
        let detail: js_sys::Array = event.detail().unchecked_into();
        let open = open.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let mut files = Vec::new();
            for pair in detail.iter() {
                let pair: js_sys::Array = pair.unchecked_into();
                let (name, blob) = (pair.get(0).as_string().unwrap_or_default(), pair.get(1).unchecked_into::<Blob>());
                let Ok(buffer) = JsFuture::from(blob.array_buffer()).await else { continue };
                files.push((name, js_sys::Uint8Array::new(&buffer).to_vec()));
            }
            open(files);
        });
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback("zicha-batch-open", listener.as_ref().unchecked_ref());
    }
    listener.forget();
}

/// The files of a folder the user chose (`<input webkitdirectory>`): each with its path below the folder's
/// parent, as the browser gives it.
pub fn folder_files(list: Option<web_sys::FileList>) -> Vec<(String, Blob)> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|file| {
            let path = js_sys::Reflect::get(&file, &"webkitRelativePath".into())
                .ok()
                .and_then(|p| p.as_string())
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| file.name());
            (path, Blob::from(file))
        })
        .collect()
}

/// The entries of a drop, when a folder is among them: taken while the drop event runs (the browser gives its
/// items only then), walked after with [`walk_dropped`].
pub fn dropped_folders(transfer: &web_sys::DataTransfer) -> Option<Vec<web_sys::FileSystemEntry>> {
    let items = transfer.items();
    let entries: Vec<web_sys::FileSystemEntry> =
        (0..items.length()).filter_map(|i| items.get(i)?.webkit_get_as_entry().ok().flatten()).collect();
    entries.iter().any(|e| e.is_directory()).then_some(entries)
}

/// Whether a drag carries a zip (`application/zip`, or Windows' `application/x-zip-compressed`): its items' types
/// are known while it is dragged, their files only once dropped.
pub fn carries_zip(transfer: &web_sys::DataTransfer) -> bool {
    let items = transfer.items();
    (0..items.length()).any(|i| items.get(i).is_some_and(|item| item.type_().contains("zip")))
}

/// Every file under the dropped entries, with its path from the dropped folder on (`批次/甲单位/表.xlsx`), as
/// the folder picker gives them.
pub async fn walk_dropped(entries: Vec<web_sys::FileSystemEntry>) -> Vec<(String, Blob)> {
    let mut files = Vec::new();
    let mut pending = entries;
    while let Some(entry) = pending.pop() {
        let path = entry.full_path().trim_start_matches('/').to_string();
        if entry.is_directory() {
            let reader = entry.unchecked_into::<web_sys::FileSystemDirectoryEntry>().create_reader();
            // A directory reader gives its entries a batch at a time, until an empty one.
            loop {
                let batch = js_sys::Promise::new(&mut |resolve, reject| {
                    if reader.read_entries_with_callback_and_callback(&resolve, &reject).is_err() {
                        let _ = reject.call0(&JsValue::NULL);
                    }
                });
                let Ok(batch) = JsFuture::from(batch).await else { break };
                let batch: js_sys::Array = batch.unchecked_into();
                if batch.length() == 0 {
                    break;
                }
                pending.extend(batch.iter().map(|e| e.unchecked_into::<web_sys::FileSystemEntry>()));
            }
        } else if entry.is_file() {
            let file_entry = entry.unchecked_into::<web_sys::FileSystemFileEntry>();
            let file = js_sys::Promise::new(&mut |resolve, reject| {
                file_entry.file_with_callback_and_callback(&resolve, &reject);
            });
            if let Ok(file) = JsFuture::from(file).await {
                files.push((path, file.unchecked_into::<Blob>()));
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::is_zip_name;

    #[test]
    fn a_zip_is_told_by_its_name_in_any_case_and_a_chinese_name_is_no_trouble() {
        assert!(is_zip_name("二〇二五年各单位自评.zip"));
        assert!(is_zip_name("BATCH.ZIP"));
        assert!(!is_zip_name("自评表.xlsx"));
        // The last four bytes fall inside a character here.
        assert!(!is_zip_name("自评报告"));
        assert!(!is_zip_name("zip"));
    }
}
