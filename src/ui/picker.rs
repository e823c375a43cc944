//! Opening files: the picker, drag and drop, the sample, the folder picker and zips of a bureau's batch.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::app::{Status, use_ui};
use crate::batch_link;
use crate::i18n::{Lang, texts};

/// Files above the core's limit are refused before they are read (the worker enforces every other limit).
pub(crate) const MAX_FILE_BYTES: f64 = zicha_core::read::limits::MAX_FILE_BYTES as f64;
/// The sample filing shipped beside the app.
pub(crate) const SAMPLE_URL: &str = "./sample/seed-word.docx";

pub(crate) async fn read_files(files: Vec<web_sys::File>, lang: Lang) -> Result<Vec<(String, Vec<u8>)>, String> {
    let t = texts(lang);
    // Counted and sized before a byte is read: 65 files of 63 MB would otherwise fill the tab first.
    let max_files = zicha_core::read::limits::MAX_FILES;
    if files.len() > max_files {
        return Err((t.too_many_files)(files.len(), max_files));
    }
    let mut out = Vec::new();
    for file in files {
        if file.size() > MAX_FILE_BYTES {
            let limit = zicha_core::read::limits::megabytes(MAX_FILE_BYTES as u64);
            return Err((t.file_too_large)(&file.name(), &limit));
        }
        let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| (t.file_unreadable)(&file.name()))?;
        out.push((file.name(), js_sys::Uint8Array::new(&buffer).to_vec()));
    }
    Ok(out)
}

pub(crate) fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default()
}

#[component]
pub(crate) fn Picker() -> impl IntoView {
    let ui = use_ui();
    let input = NodeRef::<html::Input>::new();
    let folder_input = NodeRef::<html::Input>::new();
    let zip_input = NodeRef::<html::Input>::new();
    let dragging = RwSignal::new(false);
    let open_files = move |mut files: Vec<web_sys::File>| {
        spawn_local(async move {
            // A zip of submissions (named so; the batch module opens an office document so named as a filing):
            // a bureau's batch. The batch module reads it; its workers start while it does.
            if files.len() == 1 && batch_link::is_zip_name(&files[0].name()) {
                let file = files.remove(0);
                ui.open_batch();
                batch_link::prepare();
                if batch_link::start_zip(file.name(), file.into(), ui.batch_start()).await.is_err() {
                    ui.status.set(Status::Failed(ui.t().batch_failed.into()));
                }
                return;
            }
            match read_files(files, ui.lang.get_untracked()).await {
                Ok(files) => {
                    ui.batch_active.set(false);
                    ui.check(files)
                }
                Err(message) => ui.status.set(Status::Failed(message)),
            }
        });
    };
    // `webkitdirectory` (a folder picker) is not one of the input's typed attributes.
    folder_input.on_load(|input| {
        let _ = input.set_attribute("webkitdirectory", "");
    });
    let on_folder = move |event: ev::Event| {
        let target: web_sys::HtmlInputElement = event_target(&event);
        let files = batch_link::folder_files(target.files());
        target.set_value("");
        ui.open_batch();
        spawn_local(async move {
            if batch_link::start_folder(files, ui.batch_start()).await.is_err() {
                ui.status.set(Status::Failed(ui.t().batch_failed.into()));
            }
        });
    };
    let on_change = move |event: ev::Event| {
        let target: web_sys::HtmlInputElement = event_target(&event);
        open_files(file_list(target.files()));
        // The same file may be opened again after it was edited.
        target.set_value("");
    };
    let on_drop = move |event: ev::DragEvent| {
        event.prevent_default();
        dragging.set(false);
        let Some(transfer) = event.data_transfer() else { return };
        // A folder dropped is a bureau's batch, as 打开文件夹 gives it.
        if let Some(entries) = batch_link::dropped_folders(&transfer) {
            ui.open_batch();
            // The workers start while the folder is walked.
            batch_link::prepare();
            spawn_local(async move {
                let files = batch_link::walk_dropped(entries).await;
                if batch_link::start_folder(files, ui.batch_start()).await.is_err() {
                    ui.status.set(Status::Failed(ui.t().batch_failed.into()));
                }
            });
            return;
        }
        open_files(file_list(transfer.files()));
    };
    // While the reviewer chooses the folder or zip, the batch's workers start and warm up.
    let choose_batch = |input: NodeRef<html::Input>| {
        move |_| {
            if let Some(i) = input.get() {
                i.click();
            }
            batch_link::prepare();
        }
    };
    let on_sample = move |_| {
        spawn_local(async move {
            let fetched = async {
                let response: web_sys::Response =
                    JsFuture::from(window().fetch_with_str(SAMPLE_URL)).await.ok()?.dyn_into().ok()?;
                let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
                Some(js_sys::Uint8Array::new(&buffer).to_vec())
            };
            match fetched.await {
                Some(bytes) => ui.check(vec![(ui.t().sample_name.to_string(), bytes)]),
                None => ui.status.set(Status::Failed(ui.t().sample_failed.into())),
            }
        });
    };
    view! {
        <section
            class="picker"
            class:dragging=move || dragging.get()
            class:compact=move || ui.checked.get().is_some()
            on:dragover=move |e: ev::DragEvent| {
                e.prevent_default();
                dragging.set(true);
            }
            on:dragenter=move |e: ev::DragEvent| {
                // A zip is told by its type before it is dropped: the batch's workers start while it is carried.
                if e.data_transfer().is_some_and(|t| batch_link::carries_zip(&t)) {
                    batch_link::prepare();
                }
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
            data-testid="drop-zone"
        >
            <p class="drop-text">{move || ui.t().drop}</p>
            <div class="picker-actions">
                <button class="primary" on:click=move |_| { if let Some(i) = input.get() { i.click(); } }>
                    {move || ui.t().open}
                </button>
                <button class="secondary" data-testid="open-folder" on:click=choose_batch(folder_input)>
                    {move || crate::i18n::batch_texts(ui.lang.get()).open_folder}
                </button>
                <button class="secondary" data-testid="open-zip" on:click=choose_batch(zip_input)>
                    {move || crate::i18n::batch_texts(ui.lang.get()).open_zip}
                </button>
                <button class="secondary" on:click=on_sample>{move || ui.t().sample}</button>
            </div>
            <p class="formats">{move || ui.t().formats}</p>
            <input
                type="file"
                multiple
                accept=".xlsx,.xlsm,.xls,.ods,.docx,.doc,.wps,.et,.htm,.html,.mht,.mhtml,.xml,.zip"
                class="hidden"
                node_ref=input
                on:change=on_change
                tabindex="-1"
                aria-hidden="true"
                data-testid="file-input"
            />
            <input
                type="file"
                multiple
                class="hidden"
                node_ref=folder_input
                on:change=on_folder
                tabindex="-1"
                aria-hidden="true"
                data-testid="folder-input"
            />
            <input
                type="file"
                accept=".zip"
                class="hidden"
                node_ref=zip_input
                on:change=on_change
                tabindex="-1"
                aria-hidden="true"
                data-testid="zip-input"
            />
            <p class="formats">{move || crate::i18n::batch_texts(ui.lang.get()).folder_hint}</p>
            {move || match ui.status.get() {
                Status::Working(stage) => view! { <p class="status working" role="status">{stage}"…"</p> }.into_any(),
                Status::Failed(message) => view! { <p class="status failed" role="alert">{message}</p> }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}
