//! The batch review: a folder or a zip of every unit's filing, grouped as the CLI groups them, checked in the
//! pool's workers; a table of their summary lines (sortable, filterable, each opening its filing), charts of
//! the batch, and its exports. The logic is in `crate::batch`; this renders it.
//!
//! It is a module of its own (`src/bin/batch.rs`), loaded into the page only when a batch is opened
//! (`crate::batch_link`), so the page a filer opens does not carry it. The page shows it and hides it; a filing
//! opened from it goes back to the page as the `zicha-batch-open` event.

use std::cell::RefCell;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

use crate::app::{download, run_exporter};
use crate::batch::{self, Entry, Show, Sort};
use crate::display::BatchLine;
use crate::i18n::{Lang, batch_texts, texts};
use crate::pool;
use crate::protocol::ProfileSource;

/// The batch's state, shared by its components: the filings, and the view's state beside them (in one signal:
/// each signal type is code the page downloads).
#[derive(Clone, Copy)]
pub struct BatchUi {
    pub lang: RwSignal<Lang>,
    pub entries: RwSignal<Vec<Entry>>,
    view: RwSignal<BatchView>,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct BatchView {
    started_ms: f64,
    now_ms: f64,
    cancelled: bool,
    /// Why the folder or zip gave nothing to check.
    note: Option<String>,
    show: Show,
    text: String,
    sort: Sort,
    /// The page of the table shown (`batch::page_span`); back to the first when the filters or the sort change.
    page: usize,
}

/// The event a filing opened from the batch goes to the page with (its detail: `[[name, blob], …]`).
pub const OPEN_EVENT: &str = "zicha-batch-open";

/// How often the lines that came are shown while a batch is checked.
const FLUSH_MS: u64 = 250;

thread_local! {
    /// Each filing's files (name, where its bytes are), by batch index: read again when it is opened.
    static FILES: RefCell<Vec<Vec<(String, pool::Source)>>> = const { RefCell::new(Vec::new()) };
}

/// A point of the batch's timeline (`performance.mark`): where a profile of it begins and ends, and what the
/// batch benchmark measures between (`tests/browser/bench-batch.mjs`).
fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

impl BatchUi {
    pub fn new(lang: RwSignal<Lang>) -> BatchUi {
        BatchUi { lang, entries: RwSignal::new(Vec::new()), view: RwSignal::new(BatchView::default()) }
    }

    fn set_note(&self, note: Option<String>) {
        self.view.update(|v| v.note = note);
    }

    /// A batch with no filing to check, and why.
    fn refuse(&self, why: String) {
        self.entries.set(Vec::new());
        self.set_note(Some(why));
    }

    /// Starts a batch from files found in a folder or zip (their paths, with `/` between folders): groups them
    /// into filings as the CLI does and checks them in the pool.
    pub fn start(&self, files: Vec<(String, pool::Source)>, profile: ProfileSource, templates: Vec<String>) {
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        let filings = zicha_core::batch::group(&paths);
        self.view.update(|v| *v = BatchView::default());
        if filings.is_empty() {
            self.refuse(batch_texts(self.lang.get_untracked()).no_filings.to_string());
            return;
        }
        self.set_note(None);
        let mut entries = Vec::with_capacity(filings.len());
        let mut jobs = Vec::with_capacity(filings.len());
        let mut stored = Vec::with_capacity(filings.len());
        for (index, filing) in filings.iter().enumerate() {
            let material = filing.iter().map(|&i| paths[i]).collect::<Vec<_>>().join(" + ");
            // Addresses name a file by its name alone, as the CLI's do.
            let named: Vec<(String, pool::Source)> = filing
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
        self.view.update(|v| (v.started_ms, v.now_ms) = (now, now));
        mark("zicha-batch-start");
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
                ui.view.update(|v| v.now_ms = js_sys::Date::now());
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
                mark("zicha-batch-done");
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
        self.view.update(|v| v.cancelled = true);
    }

    /// Opens filing `index` in the page's full view: the page hears `zicha-batch-open` with its files (name,
    /// contents), reads them and checks them as any filing. A zip's file is taken out of the zip here, under the
    /// readers' limits (one filing's files, when the reviewer asks for it).
    fn open_filing(&self, index: usize) {
        let files = FILES.with(|f| f.borrow().get(index).cloned()).unwrap_or_default();
        wasm_bindgen_futures::spawn_local(async move {
            let detail = js_sys::Array::new();
            for (name, source) in files {
                let blob = match source {
                    pool::Source::File(blob) => blob,
                    pool::Source::Packed(zip, packed) => {
                        let data = zip.packed_bytes(&name, &packed).await.map(|b| js_sys::Uint8Array::new(&b).to_vec());
                        // A file that cannot be taken out is empty, and the page's reader says so.
                        let bytes = data.ok().and_then(|d| zicha_core::read::unpack_member(&name, &d, &packed).ok());
                        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.unwrap_or_default().as_slice()));
                        Blob::new_with_u8_array_sequence(&parts).unwrap_or_else(|_| empty_blob())
                    }
                };
                detail.push(&js_sys::Array::of2(&JsValue::from_str(&name), &blob));
            }
            dispatch_open(detail);
        });
    }
}

/// Tells the page to open a filing: `detail` holds its files, each a pair of name and blob.
fn dispatch_open(detail: js_sys::Array) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(OPEN_EVENT, &init) {
        let _ = window().dispatch_event(&event);
    }
}

/// Starts the batch of a zip of submissions (the file the user gave): its files are listed (nothing is inflated
/// here), grouped and checked, each taken out of the zip by the worker that checks its filing. A zip the readers
/// could hold is read whole, in one read; a larger one stays on the disk, listed from its end and its directory,
/// and each file is read from it when its filing is checked. A file so named that holds no submissions (an office
/// document, say) is opened in the page as one filing, as 打开文件 would.
pub async fn start_zip(ui: BatchUi, name: String, file: Blob, profile: ProfileSource, templates: Vec<String>) {
    mark("zicha-zip-given");
    let lang = ui.lang.get_untracked();
    let unreadable = || (texts(lang).file_unreadable)(&name);
    let open_as_filing = || {
        ui.refuse(batch_texts(lang).no_filings.to_string());
        dispatch_open(js_sys::Array::of1(&js_sys::Array::of2(&JsValue::from_str(&name), &file)));
    };
    // Sized before a byte is read, as the page's readers do.
    let size = file.size();
    let (zip, tail, tail_at) = if size <= zicha_core::read::limits::MAX_FILE_BYTES as f64 {
        let Some(zip) = read_all(&file).await else { return ui.refuse(unreadable()) };
        let bytes = zip.to_vec();
        if !zicha_core::read::is_zip_of_files(&bytes) {
            return open_as_filing();
        }
        (pool::Zip::Held(zip), bytes, 0)
    } else {
        let (Ok(whole), tail_at) = (file.slice(), (size - zicha_core::read::ZIP_TAIL_BYTES as f64).max(0.0)) else {
            return ui.refuse(unreadable());
        };
        let tail = whole.slice_with_f64(tail_at).ok();
        let Some(tail) = async { Some(read_all(&tail?).await?.to_vec()) }.await else { return ui.refuse(unreadable()) };
        (pool::Zip::OnDisk(whole), tail, tail_at as u64)
    };
    mark("zicha-zip-read");
    let directory = match zicha_core::read::zip_directory(&name, &tail, tail_at) {
        Ok(directory) => directory,
        Err(message) => return ui.refuse(message),
    };
    let in_tail = |at: u64| usize::try_from(at.checked_sub(tail_at)?).ok();
    let read = match (in_tail(directory.start), in_tail(directory.end), &zip) {
        (Some(start), Some(end), _) => tail.get(start..end).map(<[u8]>::to_vec),
        (_, _, pool::Zip::OnDisk(whole)) => {
            match whole.slice_with_f64_and_f64(directory.start as f64, directory.end as f64) {
                Ok(part) => read_all(&part).await.map(|bytes| bytes.to_vec()),
                Err(_) => None,
            }
        }
        // Past the end of a zip held whole: the listing says the directory is broken.
        (_, _, pool::Zip::Held(_)) => Some(Vec::new()),
    };
    let Some(directory_bytes) = read else { return ui.refuse(unreadable()) };
    drop(tail);
    // Names neither marked nor valid UTF-8 are GBK (the zip tools of Chinese Windows): the browser reads them,
    // as this module has no code pages of its own.
    let gbk = web_sys::TextDecoder::new_with_label("gbk").ok();
    let legacy = |raw: &[u8]| {
        gbk.as_ref()
            .and_then(|d| d.decode_with_u8_array(raw).ok())
            .unwrap_or_else(|| String::from_utf8_lossy(raw).into_owned())
    };
    match zicha_core::read::zip_listing(&name, &directory, &directory_bytes, Some(&legacy)) {
        Ok(Some(members)) => {
            let files = members
                .into_iter()
                .map(|member| {
                    // A file that cannot be taken out still belongs to its filing: an empty blob, so its filing is
                    // checked and says the file is unreadable, in the reader's words.
                    let source = match member.packed {
                        Ok(packed) => pool::Source::Packed(zip.clone(), packed),
                        Err(_) => pool::Source::File(empty_blob()),
                    };
                    (member.path, source)
                })
                .collect();
            ui.start(files, profile, templates);
        }
        Ok(None) => open_as_filing(),
        Err(message) => ui.refuse(message),
    }
}

/// A blob's bytes, or `None` when the browser cannot read it.
async fn read_all(blob: &Blob) -> Option<js_sys::Uint8Array> {
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer))
}

fn empty_blob() -> Blob {
    Blob::new().expect("an empty blob")
}

const CSV: &str = "text/csv;charset=utf-8";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The summary workbook, built in the exporter worker (the xlsx writer is loaded only when asked for).
fn export_summary_xlsx(ui: BatchUi) {
    let rows = ui.entries.with_untracked(|e| batch::summary_rows(e));
    let Ok(json) = serde_json::to_string(&crate::export::SummaryRequest { summary_rows: rows }) else { return };
    run_exporter(json, move |answer| match answer {
        Ok(bytes) => download(batch_texts(ui.lang.get_untracked()).summary_xlsx_name, &bytes.to_vec(), XLSX),
        Err(message) => ui.set_note(Some(message)),
    });
}

/// The whole batch view: progress, filters and exports, charts, the table.
#[component]
pub fn BatchPanel() -> impl IntoView {
    let ui = expect_context::<BatchUi>();
    let t = move || batch_texts(ui.lang.get());
    let total = move || ui.entries.with(Vec::len);
    let progress = move || {
        let (done, total) = (ui.done(), total());
        let (cancelled, elapsed) = ui.view.with(|v| (v.cancelled, v.now_ms - v.started_ms));
        let left = (done < total && !cancelled)
            .then(|| batch::seconds_left(elapsed, done, total))
            .flatten()
            .map(|s| (t().left)(s));
        view! {
            <div class="batch-progress" role="status">
                <progress max=total.max(1) value=done aria-label=t().title></progress>
                <span data-testid="batch-progress">{(t().progress)(done, total)}</span>
                {left.map(|left| view! { <span class="left">{left}</span> })}
                {cancelled.then(|| view! { <span class="left">{t().cancelled}</span> })}
                {(done < total && !cancelled).then(|| view! {
                    <button class="secondary" on:click=move |_| ui.cancel()>{t().cancel}</button>
                })}
            </div>
        }
    };
    let exports = {
        let csv = move |_| {
            download(t().summary_csv_name, ui.entries.with_untracked(|e| batch::summary_csv(e)).as_bytes(), CSV)
        };
        let findings = move |_| {
            download(t().findings_csv_name, ui.entries.with_untracked(|e| batch::findings_csv(e)).as_bytes(), CSV)
        };
        view! {
            <div class="batch-exports">
                <button class="secondary" data-testid="export-summary-csv" on:click=csv>{move || t().export_summary_csv}</button>
                <button class="secondary" data-testid="export-summary-xlsx" on:click=move |_| export_summary_xlsx(ui)>
                    {move || t().export_summary_xlsx}
                </button>
                <button class="secondary" data-testid="export-findings-csv" on:click=findings>{move || t().export_findings_csv}</button>
            </div>
        }
    };
    let filters = {
        let on_show = move |event: ev::Event| {
            let select: web_sys::HtmlSelectElement = event_target(&event);
            ui.view.update(|v| (v.show, v.page) = (Show::from_key(&select.value()), 0));
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
                    <span>{move || t().show}</span>
                    <select data-testid="batch-show" on:change=on_show>
                        {Show::ALL.into_iter().map(|s| view! {
                            <option value=s.key() selected=move || ui.view.with(|v| v.show) == s>{move || label(s)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <input
                    type="search"
                    data-testid="batch-search"
                    placeholder=move || t().search
                    aria-label=move || t().search
                    prop:value=move || ui.view.with(|v| v.text.clone())
                    on:input=move |e| ui.view.update(|v| (v.text, v.page) = (event_target_value(&e), 0))
                />
            </div>
        }
    };
    view! {
        <section class="batch" aria-label=move || t().title>
            <header class="batch-head">
                <h2>{move || t().title}" · "{move || (t().filings)(total())}</h2>
                {move || ui.view.with(|v| v.note.clone()).map(|note| view! { <p class="status working" role="status">{note}</p> })}
            </header>
            <div hidden=move || total() == 0>
                {progress}
                <div class="batch-tools">{filters}{exports}</div>
                <Charts />
                <BatchTable />
            </div>
        </section>
    }
}

/// The charts, drawn as SVG text whenever the lines change (`batch::charts_html`).
#[component]
fn Charts() -> impl IntoView {
    let ui = expect_context::<BatchUi>();
    let html = move || ui.entries.with(|entries| batch::charts_html(entries, batch_texts(ui.lang.get())));
    view! { <div class="batch-charts" inner_html=html></div> }
}

/// The batch table: a row a checked filing (`batch::table_rows_html`), a page of them at a time
/// (`batch::PAGE_ROWS`); a header button sorts, a click or Enter on a row opens its filing (one listener on the
/// table for every row). The rows are redrawn whole when the lines, the filters, the sort or the page change (the
/// header, and so a sort button's focus, stays).
#[component]
fn BatchTable() -> impl IntoView {
    let ui = expect_context::<BatchUi>();
    let lang = move || ui.lang.get();
    let t = move || batch_texts(lang());
    let header = move || {
        let sort = ui.view.with(|v| v.sort);
        t().columns
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
                        <button class="sort" on:click=move |_| ui.view.update(|v| (v.sort, v.page) = (v.sort.toggle(col), 0))>{*title}</button>
                    </th>
                }
            })
            .collect_view()
    };
    // The rows the filters and the sort keep, all pages: found once for the rows and the pager.
    let shown = Memo::new(move |_| {
        let (show, text, sort) = ui.view.with(|v| (v.show, v.text.clone(), v.sort));
        ui.entries.with(|entries| batch::rows(entries, show, &text, sort))
    });
    // The page's rows as one text, set at once when the lines, the filters, the sort or the page change.
    let rows = move || {
        let (_, span) = shown.with(|shown| batch::page_span(shown.len(), ui.view.with(|v| v.page)));
        shown.with(|shown| ui.entries.with(|entries| batch::table_rows_html(entries, &shown[span], t())))
    };
    let pager = move || {
        let count = shown.with(Vec::len);
        let (pages, span) = batch::page_span(count, ui.view.with(|v| v.page));
        let page = span.start / batch::PAGE_ROWS;
        let turn =
            move |by: isize| ui.view.update(|v| v.page = (page as isize + by).clamp(0, pages as isize - 1) as usize);
        (pages > 1).then(|| view! {
            <nav class="batch-pager" aria-label=move || t().pages>
                <button class="secondary" data-testid="batch-previous" disabled=page == 0 on:click=move |_| turn(-1)>
                    {move || t().previous_page}
                </button>
                <span data-testid="batch-page">{move || (t().page_rows)(span.start + 1, span.end, count)}</span>
                <button class="secondary" data-testid="batch-next" disabled=page + 1 == pages on:click=move |_| turn(1)>
                    {move || t().next_page}
                </button>
            </nav>
        })
    };
    // Which row an event is on, if it can be opened.
    let row_of = move |target: Option<web_sys::EventTarget>| -> Option<usize> {
        let element = target?.dyn_into::<web_sys::Element>().ok()?.closest("tr[data-index]").ok()??;
        (!element.class_list().contains("unreadable")).then_some(())?;
        element.get_attribute("data-index")?.parse().ok()
    };
    let on_click = move |event: ev::MouseEvent| {
        if let Some(index) = row_of(event.target()) {
            ui.open_filing(index);
        }
    };
    let on_key = move |event: ev::KeyboardEvent| {
        if event.key() == "Enter"
            && let Some(index) = row_of(event.target())
        {
            ui.open_filing(index);
        }
    };
    view! {
        <div class="batch-table-wrap">
            <table class="batch-table" data-testid="batch-table">
                <thead><tr>{header}</tr></thead>
                <tbody inner_html=rows on:click=on_click on:keydown=on_key></tbody>
            </table>
        </div>
        {pager}
    }
}
