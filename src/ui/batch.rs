//! The batch review: a folder or a zip of every unit's filing, grouped as the CLI groups them, checked in the
//! pool's workers; a table of their summary lines (sortable, filterable, each opening its filing), charts of
//! the batch, and its exports. The logic is in `crate::batch`; this renders it.

use std::cell::RefCell;

use leptos::prelude::*;
use leptos::{ev, html};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use crate::batch::{self, Entry, Show, Sort, column};
use crate::display::BatchLine;
use crate::i18n::{Lang, batch_texts};
use crate::pool;
use crate::protocol::ProfileSource;

/// The batch's state, shared by its components.
#[derive(Clone, Copy)]
pub struct BatchUi {
    pub lang: RwSignal<Lang>,
    pub entries: RwSignal<Vec<Entry>>,
    /// The batch table is shown (not a filing opened from it).
    pub active: RwSignal<bool>,
    started_ms: RwSignal<f64>,
    now_ms: RwSignal<f64>,
    cancelled: RwSignal<bool>,
    /// Unzipping, or why the folder or zip gave nothing to check.
    pub note: RwSignal<Option<String>>,
    show: RwSignal<Show>,
    text: RwSignal<String>,
    sort: RwSignal<Sort>,
    /// Opens a filing's files in the full view (the page's own check).
    open: Callback<Vec<(String, Vec<u8>)>>,
}

/// How often the lines that came are shown while a batch is checked.
const FLUSH_MS: u64 = 250;

thread_local! {
    /// Each filing's files (name, contents), by batch index: kept as blobs, read again when opened.
    static FILES: RefCell<Vec<Vec<(String, Blob)>>> = const { RefCell::new(Vec::new()) };
}

impl BatchUi {
    pub fn new(lang: RwSignal<Lang>, open: Callback<Vec<(String, Vec<u8>)>>) -> BatchUi {
        BatchUi {
            lang,
            entries: RwSignal::new(Vec::new()),
            active: RwSignal::new(false),
            started_ms: RwSignal::new(0.0),
            now_ms: RwSignal::new(0.0),
            cancelled: RwSignal::new(false),
            note: RwSignal::new(None),
            show: RwSignal::new(Show::All),
            text: RwSignal::new(String::new()),
            sort: RwSignal::new(Sort::default()),
            open,
        }
    }

    /// Starts a batch from files found in a folder or zip (their paths, with `/` between folders): groups them
    /// into filings as the CLI does and checks them in the pool.
    pub fn start(&self, files: Vec<(String, Blob)>, profile: ProfileSource, templates: Vec<String>) {
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        let filings = zicha_core::batch::group(&paths);
        self.active.set(true);
        self.cancelled.set(false);
        self.show.set(Show::All);
        self.text.set(String::new());
        self.sort.set(Sort::default());
        if filings.is_empty() {
            self.entries.set(Vec::new());
            self.note.set(Some(batch_texts(self.lang.get_untracked()).no_filings.to_string()));
            return;
        }
        self.note.set(None);
        let mut entries = Vec::with_capacity(filings.len());
        let mut jobs = Vec::with_capacity(filings.len());
        let mut stored = Vec::with_capacity(filings.len());
        for (index, filing) in filings.iter().enumerate() {
            let material = filing.iter().map(|&i| paths[i]).collect::<Vec<_>>().join(" + ");
            // Addresses name a file by its name alone, as the CLI's do.
            let named: Vec<(String, Blob)> = filing
                .iter()
                .map(|&i| (files[i].0.rsplit('/').next().unwrap_or(&files[i].0).to_string(), files[i].1.clone()))
                .collect();
            entries.push(Entry { material: material.clone(), line: None });
            jobs.push(pool::Job { index, material, files: named.clone() });
            stored.push(named);
        }
        FILES.with(|f| *f.borrow_mut() = stored);
        self.entries.set(entries);
        let now = js_sys::Date::now();
        self.started_ms.set(now);
        self.now_ms.set(now);
        let ui = *self;
        // Lines are shown a few times a second, not one by one: every update draws the progress, the charts and
        // the new rows, and 500 filings' lines arrive faster than a page can redraw 500 times.
        let total = filings.len();
        let pending: std::rc::Rc<RefCell<Vec<(usize, BatchLine)>>> = Default::default();
        let received = std::rc::Rc::new(std::cell::Cell::new(0));
        let flush = {
            let pending = pending.clone();
            move || {
                let lines = std::mem::take(&mut *pending.borrow_mut());
                if lines.is_empty() {
                    return;
                }
                ui.now_ms.set(js_sys::Date::now());
                ui.entries.update(|entries| {
                    for (index, line) in lines {
                        if let Some(entry) = entries.get_mut(index) {
                            entry.line = Some(line);
                        }
                    }
                });
            }
        };
        pool::run(jobs, profile, templates, pool::worker_count(), move |index, line: BatchLine| {
            let first_pending = pending.borrow().is_empty();
            pending.borrow_mut().push((index, line));
            received.set(received.get() + 1);
            if received.get() == total {
                flush();
            } else if first_pending {
                let flush = flush.clone();
                set_timeout(flush, std::time::Duration::from_millis(FLUSH_MS));
            }
        });
    }

    fn done(&self) -> usize {
        self.entries.with(|e| e.iter().filter(|e| e.line.is_some()).count())
    }

    fn cancel(&self) {
        pool::cancel();
        self.cancelled.set(true);
    }

    /// Opens filing `index` in the full view: its files read again from the blobs kept.
    fn open_filing(&self, index: usize) {
        let files = FILES.with(|f| f.borrow().get(index).cloned()).unwrap_or_default();
        let open = self.open;
        self.active.set(false);
        wasm_bindgen_futures::spawn_local(async move {
            let mut read = Vec::with_capacity(files.len());
            for (name, blob) in files {
                let Ok(buffer) = JsFuture::from(blob.array_buffer()).await else { continue };
                read.push((name, js_sys::Uint8Array::new(&buffer).to_vec()));
            }
            open.run(read);
        });
    }
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

/// Takes a zip of submissions apart in a worker and starts the batch with its files.
pub fn start_zip(ui: BatchUi, name: String, bytes: Vec<u8>, profile: ProfileSource, templates: Vec<String>) {
    ui.active.set(true);
    ui.entries.set(Vec::new());
    ui.note.set(Some(format!("{} {name}…", batch_texts(ui.lang.get_untracked()).unzipping)));
    let taken: std::rc::Rc<RefCell<Vec<(String, Blob)>>> = Default::default();
    let failed: std::rc::Rc<RefCell<Vec<(String, String)>>> = Default::default();
    let (keep, lost) = (taken.clone(), failed.clone());
    let buffer = js_sys::Uint8Array::from(bytes.as_slice()).buffer();
    pool::unzip(
        name,
        buffer,
        move |path, file| match file {
            Ok(blob) => keep.borrow_mut().push((path, blob)),
            Err(why) => lost.borrow_mut().push((path, why)),
        },
        move |result| match result {
            Ok(_) => {
                let mut files = std::mem::take(&mut *taken.borrow_mut());
                // A file that could not be taken out still belongs to its filing: an empty blob, so its filing
                // is checked and says the file is unreadable, in the reader's words.
                for (path, _) in failed.borrow_mut().drain(..) {
                    files.push((path, Blob::new().expect("an empty blob")));
                }
                ui.start(files, profile.clone(), templates.clone());
            }
            Err(message) => ui.note.set(Some(message)),
        },
    );
}

fn download(name: &str, bytes: &[u8], mime: &str) {
    let array = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = Blob::new_with_u8_array_sequence_and_options(&array, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(anchor) = document().create_element("a") {
        let anchor: web_sys::HtmlAnchorElement = anchor.unchecked_into();
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

const CSV: &str = "text/csv;charset=utf-8";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The summary workbook, built in the exporter worker (the xlsx writer is loaded only when asked for).
fn export_summary_xlsx(ui: BatchUi) {
    let rows = ui.entries.with_untracked(|e| batch::summary_rows(e));
    let Ok(json) = serde_json::to_string(&crate::export::SummaryRequest { summary_rows: rows }) else { return };
    let Ok(worker) = web_sys::Worker::new("./exporter_loader.js") else { return };
    let handle = worker.clone();
    let on_message =
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            match data.as_string() {
                Some(ready) if ready == "zicha-exporter-ready" => {
                    let _ = handle.post_message(&wasm_bindgen::JsValue::from_str(&json));
                    return;
                }
                Some(message) => ui.note.set(Some(message)),
                None => download(
                    batch_texts(ui.lang.get_untracked()).summary_xlsx_name,
                    &js_sys::Uint8Array::new(&data).to_vec(),
                    XLSX,
                ),
            }
            handle.terminate();
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
}

/// The way back from a filing opened from the batch.
#[component]
pub fn BackToBatch() -> impl IntoView {
    let ui = expect_context::<BatchUi>();
    move || {
        (!ui.active.get() && ui.entries.with(|e| !e.is_empty())).then(|| {
            view! {
                <button class="secondary back" data-testid="back-to-batch" on:click=move |_| ui.active.set(true)>
                    {batch_texts(ui.lang.get()).back}
                </button>
            }
        })
    }
}

/// The whole batch view: progress, filters and exports, charts, the table.
#[component]
pub fn BatchPanel() -> impl IntoView {
    let ui = expect_context::<BatchUi>();
    let t = move || batch_texts(ui.lang.get());
    let total = move || ui.entries.with(Vec::len);
    let progress = move || {
        let (done, total) = (ui.done(), total());
        let left = (done < total && !ui.cancelled.get())
            .then(|| batch::seconds_left(ui.now_ms.get() - ui.started_ms.get(), done, total))
            .flatten()
            .map(|s| (t().left)(s));
        view! {
            <div class="batch-progress" role="status">
                <progress max=total.max(1) value=done aria-label=t().title></progress>
                <span data-testid="batch-progress">{(t().progress)(done, total)}</span>
                {left.map(|left| view! { <span class="left">{left}</span> })}
                {move || ui.cancelled.get().then(|| view! { <span class="left">{t().cancelled}</span> })}
                {(done < total && !ui.cancelled.get()).then(|| view! {
                    <button class="secondary" on:click=move |_| ui.cancel()>{t().cancel}</button>
                })}
            </div>
        }
    };
    let exports = move || {
        let csv = move |_| {
            download(t().summary_csv_name, ui.entries.with_untracked(|e| batch::summary_csv(e)).as_bytes(), CSV)
        };
        let findings = move |_| {
            download(t().findings_csv_name, ui.entries.with_untracked(|e| batch::findings_csv(e)).as_bytes(), CSV)
        };
        view! {
            <div class="batch-exports">
                <button class="secondary" data-testid="export-summary-csv" on:click=csv>{t().export_summary_csv}</button>
                <button class="secondary" data-testid="export-summary-xlsx" on:click=move |_| export_summary_xlsx(ui)>
                    {t().export_summary_xlsx}
                </button>
                <button class="secondary" data-testid="export-findings-csv" on:click=findings>{t().export_findings_csv}</button>
            </div>
        }
    };
    let filters = move || {
        let on_show = move |event: ev::Event| {
            let select: web_sys::HtmlSelectElement = event_target(&event);
            ui.show.set(Show::from_key(&select.value()));
        };
        let label = move |show: Show| match show {
            Show::All => t().show_all,
            Show::WithErrors => t().show_errors,
            Show::ScoreDiffers => t().show_differs,
            Show::Unreadable => t().show_unreadable,
        };
        view! {
            <div class="batch-filters">
                <label>
                    <span>{t().show}</span>
                    <select data-testid="batch-show" on:change=on_show>
                        {Show::ALL.into_iter().map(|s| view! {
                            <option value=s.key() selected=move || ui.show.get() == s>{move || label(s)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <input
                    type="search"
                    data-testid="batch-search"
                    placeholder=t().search
                    aria-label=t().search
                    prop:value=move || ui.text.get()
                    on:input=move |e| ui.text.set(event_target_value(&e))
                />
            </div>
        }
    };
    view! {
        <section class="batch" aria-label=move || t().title>
            <header class="batch-head">
                <h2>{move || t().title}" · "{move || (t().filings)(total())}</h2>
                {move || ui.note.get().map(|note| view! { <p class="status working" role="status">{note}</p> })}
            </header>
            {move || (total() > 0).then(|| view! {
                {progress}
                <div class="batch-tools">{filters}{exports}</div>
                <Charts />
                <BatchTable />
            })}
        </section>
    }
}

/// Plain SVG bars: how often each rule fired across the batch, the recomputed totals, the grades.
#[component]
fn Charts() -> impl IntoView {
    let ui = expect_context::<BatchUi>();
    let t = move || batch_texts(ui.lang.get());
    let rules = move || {
        let frequency = ui.entries.with(|e| batch::rule_frequency(e));
        let rows: Vec<(String, usize)> =
            frequency.into_iter().take(12).map(|(code, filings, _)| (code, filings)).collect();
        bars(t().rules_chart, rows)
    };
    let scores = move || {
        let bands = ui.entries.with(|e| batch::score_distribution(e));
        let rows = batch::SCORE_BANDS.iter().zip(bands).map(|((label, _), n)| (label.to_string(), n)).collect();
        bars(t().scores_chart, rows)
    };
    let grades = move || bars(t().grades_chart, ui.entries.with(|e| batch::grades(e)));
    view! { <div class="batch-charts">{rules}{scores}{grades}</div> }
}

/// A horizontal bar chart: one labelled bar a row, its count at its end.
fn bars(title: &'static str, rows: Vec<(String, usize)>) -> impl IntoView {
    const ROW: usize = 18;
    const LABEL: usize = 56;
    const WIDTH: usize = 260;
    let most = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let height = (rows.len().max(1) * ROW) as u32;
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, n))| {
            let y = i * ROW;
            let length = (n * (WIDTH - LABEL - 30)) / most;
            view! {
                <g>
                    <text x="0" y=y + 13 class="chart-label">{label.clone()}</text>
                    <rect x=LABEL y=y + 3 width=length height=ROW - 6 class="chart-bar"></rect>
                    <text x=LABEL + length + 4 y=y + 13 class="chart-count">{n}</text>
                    <title>{format!("{label}: {n}")}</title>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{title}</figcaption>
            <svg role="img" aria-label=title width=WIDTH height=height viewBox=format!("0 0 {WIDTH} {height}")>{bars}</svg>
        </figure>
    }
}

/// The batch table: a row a checked filing; a header click sorts, Enter or a click on a row opens it.
#[component]
fn BatchTable() -> impl IntoView {
    let ui = expect_context::<BatchUi>();
    let lang = move || ui.lang.get();
    let header =
        move || {
            let sort = ui.sort.get();
            batch_texts(lang())
            .columns
            .iter()
            .enumerate()
            .map(|(col, title)| {
                let order = match sort {
                    Sort { column: Some(c), descending } if c == col => {
                        if descending { "descending" } else { "ascending" }
                    }
                    _ => "none",
                };
                view! {
                    <th scope="col" aria-sort=order>
                        <button class="sort" on:click=move |_| ui.sort.update(|s| *s = s.toggle(col))>{*title}</button>
                    </th>
                }
            })
            .collect_view()
        };
    // Keyed rows: a line that comes, a filter or a sort moves and adds rows; it does not build them all again.
    let shown = move || {
        let (show, text, sort, lang) = (ui.show.get(), ui.text.get(), ui.sort.get(), lang());
        ui.entries
            .with(|entries| batch::rows(entries, show, &text, sort))
            .into_iter()
            .map(move |i| (i, lang))
            .collect::<Vec<_>>()
    };
    let row = move |(index, lang): (usize, Lang)| {
        let cells = ui.entries.with_untracked(|e| e[index].line.as_ref().map(|l| l.cells.clone())).unwrap_or_default();
        let status = cells[column::STATUS].clone();
        let class = match status.as_str() {
            zicha_core::batch::UNREADABLE => "unreadable",
            zicha_core::batch::HAS_ERRORS => "has-errors",
            _ => "passed",
        };
        let differs = batch::score_differs(&cells);
        let open = move || ui.open_filing(index);
        let can_open = status != zicha_core::batch::UNREADABLE;
        let cells = cells.into_iter().enumerate().map(move |(col, cell)| {
            let text = if col == column::STATUS { status_text(lang, &cell) } else { cell };
            let differs = differs && (col == column::DECLARED || col == column::RECOMPUTED);
            let title = text.clone();
            view! { <td class:differs=differs title=title>{text}</td> }
        });
        view! {
            <tr
                class=class
                tabindex="0"
                title=batch_texts(lang).open_filing
                on:click=move |_| if can_open { open() }
                on:keydown=move |e: ev::KeyboardEvent| if can_open && e.key() == "Enter" { open() }
            >
                {cells.collect_view()}
            </tr>
        }
    };
    let table = NodeRef::<html::Table>::new();
    view! {
        <div class="batch-table-wrap">
            <table class="batch-table" node_ref=table data-testid="batch-table">
                <thead><tr>{header}</tr></thead>
                <tbody><For each=shown key=|row| *row children=row /></tbody>
            </table>
        </div>
    }
}

/// A summary line's status as the chosen language says it.
fn status_text(lang: Lang, status: &str) -> String {
    match (lang, status) {
        (Lang::En, zicha_core::batch::PASSED) => "passed".into(),
        (Lang::En, zicha_core::batch::HAS_ERRORS) => "has errors".into(),
        (Lang::En, zicha_core::batch::UNREADABLE) => "unreadable".into(),
        _ => status.to_string(),
    }
}
