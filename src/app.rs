//! The page: header, file picker, score card, findings, and the document viewer with the findings on the
//! cells. Components render state and call plain functions from `state`; nothing here decides anything.

use std::sync::Arc;

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::bridge::{self, Event};
use crate::config::{CONFIG_URL, EmbedConfig, is_profile_file};
use crate::display::{Checked, Finding, ProfileChoice, RuleDoc, Severity};
use crate::i18n::{self, Lang, pick, texts};
use crate::protocol::{ProfileSource, Request, Response};
use crate::state::{self, Filters};
use crate::ui::batch::{self as batch_ui, BackToBatch, BatchPanel, BatchUi};

/// Files above the core's limit are refused before they are read (the worker enforces every other limit).
const MAX_FILE_BYTES: f64 = zicha_core::read::limits::MAX_FILE_BYTES as f64;
/// The sample filing shipped beside the app.
const SAMPLE_URL: &str = "./sample/seed-word.docx";

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    Working(String),
    Failed(String),
    Done,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Sheet(usize),
    Report(usize),
}

/// All state of the page, shared by the components.
#[derive(Clone, Copy)]
struct Ui {
    lang: RwSignal<Lang>,
    rules: RwSignal<Vec<RuleDoc>>,
    profiles: RwSignal<Vec<ProfileChoice>>,
    profile: RwSignal<ProfileSource>,
    status: RwSignal<Status>,
    checked: RwSignal<Option<Arc<Checked>>>,
    filters: RwSignal<Filters>,
    selected: RwSignal<Option<usize>>,
    tab: RwSignal<Option<Tab>>,
    explain: RwSignal<Option<String>>,
    next_id: RwSignal<u32>,
    /// The last files opened (names and bytes), to check them again under another profile.
    last_files: StoredValue<Vec<(String, Vec<u8>)>>,
    config: RwSignal<EmbedConfig>,
    /// Profile files the bureau put beside the app: (path, name, JSON).
    bureau_profiles: RwSignal<Vec<(String, String, String)>>,
    /// The bureau's own template families (`zicha-config.json` → `templates`), as JSON texts.
    bureau_templates: RwSignal<Vec<String>>,
    /// A new build is installed and waiting: offer to reload.
    update_ready: RwSignal<bool>,
    /// The review copy once built: its file name and a blob URL for a link the user clicks (a download the
    /// user starts is never blocked as an unrequested one).
    review_copy: RwSignal<Option<(String, String)>>,
}

impl Ui {
    fn new() -> Ui {
        Ui {
            lang: RwSignal::new(Lang::Zh),
            rules: RwSignal::new(Vec::new()),
            profiles: RwSignal::new(Vec::new()),
            profile: RwSignal::new(ProfileSource::Auto),
            status: RwSignal::new(Status::Idle),
            checked: RwSignal::new(None),
            filters: RwSignal::new(Filters::default()),
            selected: RwSignal::new(None),
            tab: RwSignal::new(None),
            explain: RwSignal::new(None),
            next_id: RwSignal::new(0),
            last_files: StoredValue::new(Vec::new()),
            config: RwSignal::new(EmbedConfig::default()),
            bureau_profiles: RwSignal::new(Vec::new()),
            bureau_templates: RwSignal::new(Vec::new()),
            update_ready: RwSignal::new(false),
            review_copy: RwSignal::new(None),
        }
    }

    fn t(&self) -> &'static i18n::Texts {
        texts(self.lang.get())
    }

    fn check(&self, files: Vec<(String, Vec<u8>)>) {
        if files.is_empty() {
            return;
        }
        let id = self.next_id.get_untracked() + 1;
        self.next_id.set(id);
        self.status.set(Status::Working(texts(self.lang.get_untracked()).checking.to_string()));
        let names = files.iter().map(|(n, _)| n.clone()).collect();
        let buffers = files.iter().map(|(_, b)| js_sys::Uint8Array::from(b.as_slice()).buffer()).collect();
        self.last_files.set_value(files);
        let request = Request::Check {
            id,
            files: names,
            profile: self.profile.get_untracked(),
            templates: self.bureau_templates.get_untracked(),
        };
        bridge::send(&request, buffers);
    }

    fn on_event(&self, event: Event) {
        match event {
            Event::Response(Response::Ready { rules, profiles }) => {
                self.rules.set(rules);
                self.profiles.set(profiles);
            }
            Event::Response(Response::Progress { stage, .. }) => self.status.set(Status::Working(stage)),
            Event::Response(Response::Checked { id, checked }) if id == self.next_id.get_untracked() => {
                let first_tab = if checked.sheets.is_empty() {
                    (!checked.reports.is_empty()).then_some(Tab::Report(0))
                } else {
                    Some(Tab::Sheet(0))
                };
                self.filters.set(Filters::default());
                self.selected.set(None);
                self.review_copy.set(None);
                self.tab.set(first_tab);
                self.checked.set(Some(Arc::new(*checked)));
                self.status.set(Status::Done);
            }
            Event::Response(Response::WarmUp { checked }) => self.warm_up(*checked),
            Event::Response(Response::Failed { message, .. }) => {
                self.checked.set(None);
                self.status.set(Status::Failed(message));
            }
            Event::Response(_) => {}
            Event::Crashed(why) => {
                self.checked.set(None);
                let t = texts(self.lang.get_untracked());
                self.status.set(Status::Failed((t.with_detail)(t.worker_crashed, &why)));
            }
        }
    }

    /// Renders the worker's warm-up result (the built-in sample) once, invisibly, for a few frames: the
    /// browser's first result otherwise pays for matching its styles, loading and shaping its CJK fonts and
    /// rasterising its glyphs for the first time, which doubles the time until the user's first result is on
    /// screen (BENCHMARKS.md). Drawn (at an opacity no one can see, above the page, inert) because glyphs are
    /// only rasterised when drawn. Never once a check of the user's has started, and only once; `data-warmed`
    /// on the root element says it is over (the browser tests wait for it).
    fn warm_up(&self, checked: Checked) {
        thread_local! {
            static WARMED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        }
        let done = || {
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("data-warmed", "");
            }
        };
        if WARMED.with(|w| w.replace(true)) {
            return;
        }
        if self.next_id.get_untracked() > 0 {
            return done();
        }
        let holder = document().create_element("div").ok().map(|h| h.unchecked_into::<web_sys::HtmlElement>());
        let (Some(body), Some(holder)) = (document().body(), holder) else { return done() };
        for (name, value) in [("aria-hidden", "true"), ("inert", ""), ("class", "warm-up")] {
            let _ = holder.set_attribute(name, value);
        }
        let _ = body.append_child(&holder);
        let (lang, rules) = (self.lang.get_untracked(), self.rules.get_untracked());
        let owner = Owner::new();
        let mounted = owner.with(|| {
            let warm = Ui::new();
            warm.lang.set(lang);
            warm.rules.set(rules);
            warm.status.set(Status::Done);
            let checked = Arc::new(checked);
            warm.checked.set(Some(checked.clone()));
            leptos::mount::mount_to(holder.clone(), move || {
                provide_context(warm);
                let marks = Arc::new(state::cell_marks(&checked));
                let sheet = (!checked.sheets.is_empty()).then(|| sheet_view(warm, &checked, 0, &marks));
                view! {
                    <div class="app">
                        <main class="workspace">
                            <aside class="panel"><ScoreCard /><FindingsPanel /></aside>
                            <section class="viewer"><div class="document">{sheet}</div></section>
                        </main>
                    </div>
                }
            })
        });
        // Taken away once a frame with it has been drawn and rasterised.
        request_animation_frame(move || {
            request_animation_frame(move || {
                set_timeout(
                    move || {
                        drop(mounted);
                        drop(owner);
                        holder.remove();
                        done();
                    },
                    std::time::Duration::from_millis(50),
                )
            })
        });
    }

    fn select(&self, index: usize) {
        self.selected.set(Some(index));
        let Some(checked) = self.checked.get_untracked() else { return };
        let Some(place) = checked.findings[index].places.first() else { return };
        let target = match (place.sheet, place.paragraph) {
            (Some(sheet), _) => Some((Tab::Sheet(sheet), format!("cell-{sheet}-{}-{}", place.row, place.col))),
            (None, Some(p)) => checked
                .reports
                .iter()
                .position(|r| (r.first..=r.last).contains(&p))
                .map(|r| (Tab::Report(r), format!("para-{p}"))),
            _ => None,
        };
        if let Some((tab, id)) = target {
            self.tab.set(Some(tab));
            scroll_when_shown(id, 10);
        }
    }
}

/// Fetches a file beside the app as text; `None` when it is not there.
async fn fetch_text(url: &str) -> Option<String> {
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoCache);
    let response: web_sys::Response =
        JsFuture::from(window().fetch_with_str_and_init(url, &init)).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?).await.ok()?.as_string()
}

/// Reads `zicha-config.json` (when the bureau supplied one) and applies it: language, profiles, default.
async fn load_config(ui: Ui) {
    let Some(text) = fetch_text(CONFIG_URL).await else { return };
    let config = match EmbedConfig::parse(&text) {
        Ok(config) => config,
        Err(message) => {
            ui.status.set(Status::Failed(message));
            return;
        }
    };
    ui.lang.set(config.lang());
    let mut files = Vec::new();
    for path in config.profile_paths() {
        let Some(json) = fetch_text(&format!("./{path}")).await else {
            ui.status.set(Status::Failed((ui.t().config_profile_missing)(path)));
            continue;
        };
        let name = serde_json::from_str::<serde_json::Value>(&json)
            .ok()
            .and_then(|v| v["name"].as_str().map(str::to_string))
            .unwrap_or_else(|| path.clone());
        if !files.iter().any(|(p, _, _): &(String, String, String)| p == path) {
            files.push((path.clone(), name, json));
        }
    }
    let mut templates = Vec::new();
    for path in config.templates.iter().flatten() {
        match fetch_text(&format!("./{path}")).await {
            Some(json) => templates.push(json),
            None => ui.status.set(Status::Failed((ui.t().config_template_missing)(path))),
        }
    }
    ui.bureau_templates.set(templates);
    // A bureau that lists its profiles offers no detection: its first profile is the default unless it names one.
    let default = config.default_profile.as_ref().or(config.profiles.as_ref().and_then(|p| p.first()));
    if let Some(default) = default {
        let source = match files.iter().find(|(p, _, _)| p == default) {
            Some((_, _, json)) => ProfileSource::Json(json.clone()),
            None => ProfileSource::Builtin(default.clone()),
        };
        ui.profile.set(source);
    }
    ui.bureau_profiles.set(files);
    ui.config.set(config);
}

/// Scrolls to an element once it is on the page: a sheet opened by the selection renders a frame later, so
/// look again on the next frames (at most `frames` of them).
fn scroll_when_shown(id: String, frames: u32) {
    request_animation_frame(move || {
        if document().get_element_by_id(&id).is_some() {
            scroll_to(&id);
        } else if frames > 0 {
            set_timeout(move || scroll_when_shown(id, frames - 1), std::time::Duration::ZERO);
        }
    });
}

/// Brings an element to the middle of its scrolling container (the document pane or the findings panel), and
/// moves nothing else: `scrollIntoView` would scroll the page itself too.
fn scroll_to(id: &str) {
    let Some(element) = document().get_element_by_id(id) else { return };
    let Ok(Some(container)) = element.closest(".document, .panel") else { return };
    let (target, frame) = (element.get_bounding_client_rect(), container.get_bounding_client_rect());
    let top = container.scroll_top() as f64 + target.top() - frame.top() - (frame.height() - target.height()) / 2.0;
    let left = container.scroll_left() as f64 + target.left() - frame.left() - (frame.width() - target.width()) / 2.0;
    container.set_scroll_top(top.max(0.0) as i32);
    container.set_scroll_left(left.max(0.0) as i32);
}

/// Offers bytes as a download; nothing leaves the machine.
fn download(name: &str, bytes: &[u8], mime: &str) {
    let array = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&array, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(anchor) = document().create_element("a") {
        let anchor: web_sys::HtmlAnchorElement = anchor.unchecked_into();
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Builds the review copy in a worker of its own, started for this one job: the xlsx writer is loaded only when
/// someone asks for it.
fn export_review_copy(ui: Ui, checked: Arc<Checked>) {
    let Ok(json) = serde_json::to_string(&*checked) else { return };
    let Ok(worker) = web_sys::Worker::new("./exporter_loader.js") else {
        ui.status.set(Status::Failed(ui.t().exporter_failed.into()));
        return;
    };
    ui.status.set(Status::Working(texts(ui.lang.get_untracked()).building_review_copy.into()));
    let name = crate::export::file_name(&checked);
    let handle = worker.clone();
    let on_message =
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            match data.as_string() {
                // The worker has started: now it can take the filing.
                Some(ready) if ready == "zicha-exporter-ready" => {
                    let _ = handle.post_message(&wasm_bindgen::JsValue::from_str(&json));
                    return;
                }
                Some(message) => ui.status.set(Status::Failed(message)),
                None => {
                    let bytes = js_sys::Uint8Array::new(&data);
                    let options = web_sys::BlobPropertyBag::new();
                    options.set_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
                    let url =
                        web_sys::Blob::new_with_u8_array_sequence_and_options(&js_sys::Array::of1(&bytes), &options)
                            .ok()
                            .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob).ok());
                    if let Some((_, old)) = ui.review_copy.get_untracked() {
                        let _ = web_sys::Url::revoke_object_url(&old);
                    }
                    ui.review_copy.set(url.map(|url| (name.clone(), url)));
                    ui.status.set(Status::Done);
                }
            }
            handle.terminate();
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
}

async fn read_files(files: Vec<web_sys::File>, lang: Lang) -> Result<Vec<(String, Vec<u8>)>, String> {
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

fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    let ui = Ui::new();
    provide_context(ui);
    provide_context(BatchUi::new(ui.lang, Callback::new(move |files| ui.check(files))));
    bridge::start(move |event| ui.on_event(event));
    spawn_local(load_config(ui));
    // pwa.js announces a new build waiting to take over.
    let on_update = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || ui.update_ready.set(true));
    let _ = window().add_event_listener_with_callback("zicha-update-ready", on_update.as_ref().unchecked_ref());
    on_update.forget();
    Effect::new(move |_| {
        let lang = ui.lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", if lang == Lang::Zh { "zh-CN" } else { "en" });
        }
        document().set_title(texts(lang).title);
    });
    view! {
        <div class="app" class:compact=move || ui.config.get().compact.unwrap_or(false)>
            <UpdateBanner />
            <Header />
            {move || if expect_context::<BatchUi>().active.get() {
                view! {
                    <main class="workspace batch-mode" id="main">
                        <aside class="panel" aria-label=move || ui.t().findings><Picker /></aside>
                        <BatchPanel />
                    </main>
                }.into_any()
            } else {
                view! {
                    <main class="workspace" id="main">
                        <aside class="panel" aria-label=move || ui.t().findings>
                            <BackToBatch />
                            <Picker />
                            <ScoreCard />
                            <FindingsPanel />
                        </aside>
                        <section class="viewer" aria-label=move || ui.t().viewer>
                            <Viewer />
                        </section>
                    </main>
                }.into_any()
            }}
            <RuleDialog />
        </div>
    }
}

fn use_ui() -> Ui {
    expect_context::<Ui>()
}

/// The profile select's value for a profile told from the filing.
const AUTO: &str = "__auto__";

#[component]
fn Header() -> impl IntoView {
    let ui = use_ui();
    let profile_input = NodeRef::<html::Input>::new();
    let on_profile = move |event: ev::Event| {
        let select: web_sys::HtmlSelectElement = event_target(&event);
        let value = select.value();
        if value == "__file__" {
            if let Some(input) = profile_input.get() {
                input.click();
            }
            return;
        }
        let source = match ui.bureau_profiles.get_untracked().into_iter().find(|(p, _, _)| *p == value) {
            _ if value == AUTO => ProfileSource::Auto,
            Some((_, _, json)) => ProfileSource::Json(json),
            None if is_profile_file(&value) => return,
            None => ProfileSource::Builtin(value),
        };
        ui.profile.set(source);
        let files = ui.last_files.get_value();
        ui.check(files);
    };
    let on_profile_file = move |event: ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let files = file_list(input.files());
        spawn_local(async move {
            match read_files(files, ui.lang.get_untracked()).await {
                Ok(files) if !files.is_empty() => {
                    let text = String::from_utf8_lossy(&files[0].1).into_owned();
                    ui.profile.set(ProfileSource::Json(text));
                    let last = ui.last_files.get_value();
                    ui.check(last);
                }
                Ok(_) => {}
                Err(message) => ui.status.set(Status::Failed(message)),
            }
        });
    };
    view! {
        <header class="masthead">
            <div class="brand">
                {move || match ui.config.get().logo {
                    Some(logo) => view! { <img class="logo" src=format!("./{logo}") alt="" /> }.into_any(),
                    None => view! { <span class="seal" aria-hidden="true">{ui.t().seal}</span> }.into_any(),
                }}
                <div>
                    {move || ui.config.get().bureau_name.map(|name| view! { <p class="bureau">{name}</p> })}
                    <h1>{move || ui.t().title}</h1>
                    <p class="tagline">{move || ui.t().tagline}</p>
                </div>
            </div>
            <div class="controls">
                <p class="privacy">{move || ui.t().privacy}</p>
                <label class="profile">
                    <span>{move || ui.t().profile}</span>
                    <select on:change=on_profile>
                        // Detection may choose any built-in profile: offered only where the bureau limits none.
                        {move || ui.config.get().profiles.is_none().then(|| {
                            let auto = ui.profile.get() == ProfileSource::Auto;
                            view! { <option value=AUTO selected=auto>{ui.t().profile_auto}</option> }
                        })}
                        {move || {
                            let config = ui.config.get();
                            let builtin = ui.profiles.get().into_iter().filter(|p| config.offers(&p.id)).map(|p| {
                                let selected = ui.profile.get() == ProfileSource::Builtin(p.id.clone());
                                view! { <option value=p.id.clone() selected=selected>{p.name}</option> }.into_any()
                            });
                            let bureau = ui.bureau_profiles.get().into_iter().map(|(path, name, json)| {
                                let selected = ui.profile.get() == ProfileSource::Json(json);
                                view! { <option value=path selected=selected>{name}</option> }.into_any()
                            });
                            builtin.chain(bureau).collect_view()
                        }}
                        {move || (ui.config.get().allow_profile_file != Some(false)).then(|| {
                            let own = move || match ui.profile.get() {
                                ProfileSource::Json(json) => !ui.bureau_profiles.get().iter().any(|(_, _, j)| *j == json),
                                ProfileSource::Builtin(_) | ProfileSource::Auto => false,
                            };
                            view! { <option value="__file__" selected=own>{move || ui.t().profile_file}</option> }
                        })}
                    </select>
                </label>
                <input type="file" accept=".json,application/json" class="hidden" node_ref=profile_input on:change=on_profile_file tabindex="-1" aria-hidden="true" />
                <button
                    class="lang"
                    on:click=move |_| ui.lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh })
                >
                    {move || ui.t().language}
                </button>
            </div>
        </header>
    }
}

/// Offered when a new build has been installed in the background.
#[component]
fn UpdateBanner() -> impl IntoView {
    let ui = use_ui();
    let apply = move |_| {
        let apply = js_sys::Reflect::get(&window(), &"zichaApplyUpdate".into()).ok();
        if let Some(function) = apply.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
            let _ = function.call0(&wasm_bindgen::JsValue::NULL);
        }
    };
    move || {
        ui.update_ready.get().then(|| {
            view! {
                <div class="update" role="status">
                    {texts(ui.lang.get()).update_ready}
                    <button class="primary" on:click=apply>{texts(ui.lang.get()).reload}</button>
                </div>
            }
        })
    }
}

#[component]
fn Picker() -> impl IntoView {
    let ui = use_ui();
    let batch = expect_context::<BatchUi>();
    let input = NodeRef::<html::Input>::new();
    let folder_input = NodeRef::<html::Input>::new();
    let dragging = RwSignal::new(false);
    let open_files = move |files: Vec<web_sys::File>| {
        spawn_local(async move {
            match read_files(files, ui.lang.get_untracked()).await {
                // A zip of submissions (not an office file): a bureau's batch.
                Ok(mut files) if files.len() == 1 && zicha_core::read::is_zip_of_files(&files[0].1) => {
                    let (name, bytes) = files.remove(0);
                    let (profile, templates) = (ui.profile.get_untracked(), ui.bureau_templates.get_untracked());
                    batch_ui::start_zip(batch, name, bytes, profile, templates);
                }
                Ok(files) => {
                    batch.active.set(false);
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
        let files = batch_ui::folder_files(target.files());
        target.set_value("");
        batch.start(files, ui.profile.get_untracked(), ui.bureau_templates.get_untracked());
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
        if let Some(entries) = batch_ui::dropped_folders(&transfer) {
            spawn_local(async move {
                let files = batch_ui::walk_dropped(entries).await;
                batch.start(files, ui.profile.get_untracked(), ui.bureau_templates.get_untracked());
            });
            return;
        }
        open_files(file_list(transfer.files()));
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
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
            data-testid="drop-zone"
        >
            <p class="drop-text">{move || ui.t().drop}</p>
            <div class="picker-actions">
                <button class="primary" on:click=move |_| { if let Some(i) = input.get() { i.click(); } }>
                    {move || ui.t().open}
                </button>
                <button class="secondary" data-testid="open-folder" on:click=move |_| { if let Some(i) = folder_input.get() { i.click(); } }>
                    {move || crate::i18n::batch_texts(ui.lang.get()).open_folder}
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
            <p class="formats">{move || crate::i18n::batch_texts(ui.lang.get()).folder_hint}</p>
            {move || match ui.status.get() {
                Status::Working(stage) => view! { <p class="status working" role="status">{stage}"…"</p> }.into_any(),
                Status::Failed(message) => view! { <p class="status failed" role="alert">{message}</p> }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}

#[component]
fn ScoreCard() -> impl IntoView {
    let ui = use_ui();
    move || {
        let checked = ui.checked.get()?;
        let t = ui.t();
        let lang = ui.lang.get();
        let counts = checked.counts.clone();
        let files = checked.files.join(" + ");
        let unit = checked.unit.clone().unwrap_or_default();
        let rows = checked
            .scores
            .iter()
            .map(|s| {
                let differs = s.declared != s.recomputed;
                view! {
                    <tr class:differs=differs>
                        <th scope="row">{s.form.clone()}</th>
                        <td>{s.declared.clone().unwrap_or_else(|| "—".into())}</td>
                        <td>{s.recomputed.clone().unwrap_or_else(|| "—".into())}</td>
                        <td>{s.grade.clone().unwrap_or_default()}</td>
                        <td>{s.execution_rate.clone().unwrap_or_else(|| "—".into())}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <section class="scorecard" aria-labelledby="scorecard-title">
                <h2 id="scorecard-title">{unit}</h2>
                <p class="files">{t.files}{t.colon}{files}" · "{t.profile}{t.colon}{pick(lang, &checked.profile)}</p>
                {checked.profile_reason.clone().map(|reason| view! { <p class="detected">{t.detected}{t.colon}{reason}</p> })}
                <div class="counts" role="group" aria-label=t.counts>
                    <span class="count error">{i18n::severity(lang, Severity::Error)}" "<strong>{counts.error}</strong></span>
                    <span class="count warning">{i18n::severity(lang, Severity::Warning)}" "<strong>{counts.warning}</strong></span>
                    <span class="count info">{i18n::severity(lang, Severity::Info)}" "<strong>{counts.info}</strong></span>
                </div>
                {if checked.scores.is_empty() {
                    view! { <p class="no-scores">{t.no_scores}</p> }.into_any()
                } else {
                    view! {
                        <table class="scores">
                            <caption class="visually-hidden">{t.score_card}</caption>
                            <thead>
                                <tr><th scope="col"></th><th scope="col">{t.declared}</th><th scope="col">{t.recomputed}</th><th scope="col">{t.grade}</th><th scope="col">{t.execution_rate}</th></tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }
                    .into_any()
                }}
                <div class="exports">
                    <button on:click=move |_| {
                        if let Some(c) = ui.checked.get_untracked() {
                            let csv = state::findings_csv(&c, ui.lang.get_untracked());
                            download(&format!("{}-{}.csv", state::export_stem(&c), ui.t().findings_file), csv.as_bytes(), "text/csv;charset=utf-8");
                        }
                    }>{t.export_csv}</button>
                    <button on:click=move |_| {
                        if let Some(c) = ui.checked.get_untracked() {
                            download(&format!("{}-{}.json", state::export_stem(&c), ui.t().findings_file), state::findings_json(&c).as_bytes(), "application/json");
                        }
                    }>{t.export_json}</button>
                    <button title=t.review_copy_note on:click=move |_| {
                        if let Some(c) = ui.checked.get_untracked() {
                            export_review_copy(ui, c);
                        }
                    }>{t.export_xlsx}</button>
                    <button on:click=move |_| { let _ = window().print(); }>{t.print}</button>
                    {move || ui.review_copy.get().map(|(name, url)| view! {
                        <a class="download" href=url download=name.clone()>{ui.t().download_review_copy}</a>
                    })}
                </div>
                <p class="note">{t.review_copy_note}</p>
            </section>
        })
    }
}

#[component]
fn FindingsPanel() -> impl IntoView {
    let ui = use_ui();
    move || {
        let checked = ui.checked.get()?;
        let t = ui.t();
        let lang = ui.lang.get();
        let forms = state::forms(&checked.findings);
        let severity_toggle = move |severity: Severity| {
            let label = i18n::severity(lang, severity);
            let class = match severity {
                Severity::Error => "chip error",
                Severity::Warning => "chip warning",
                Severity::Info => "chip info",
            };
            view! {
                <label class=class>
                    <input
                        type="checkbox"
                        prop:checked=move || ui.filters.get().shows(severity)
                        on:change=move |e: ev::Event| {
                            let on = event_target_checked(&e);
                            ui.filters.update(|f| match severity {
                                Severity::Error => f.error = on,
                                Severity::Warning => f.warning = on,
                                Severity::Info => f.info = on,
                            });
                        }
                    />
                    {label}
                </label>
            }
        };
        let list = {
            let checked = checked.clone();
            move || {
                let filters = ui.filters.get();
                let indices = state::visible(&checked.findings, &filters);
                if indices.is_empty() {
                    return view! { <p class="empty">{ui.t().no_findings}</p> }.into_any();
                }
                // The groups a screen can show first; the rest, below the fold, from the frame after theirs (a
                // filing of many projects has hundreds of groups, whose building would hold up the first ones).
                let mut first = state::groups(&checked.findings, &indices);
                let rest = first.split_off(first.len().min(FIRST_GROUPS));
                let rest_shown = RwSignal::new(rest.is_empty());
                if !rest.is_empty() {
                    after_next_paint(move || {
                        rest_shown.try_set(true);
                    });
                }
                let head = first.iter().map(|group| group_view(ui, lang, &checked, group)).collect_view();
                let rest_checked = checked.clone();
                let tail = move || {
                    rest_shown.get().then(|| {
                        let groups = rest.iter().map(|group| group_view(ui, lang, &rest_checked, group)).collect_view();
                        // The test harness waits for this: every group is in the page.
                        view! { {groups} <li class="groups-end" hidden></li> }
                    })
                };
                view! { {head} {tail} }.into_any()
            }
        };
        Some(view! {
            <section class="findings" aria-labelledby="findings-title">
                <h2 id="findings-title">{t.findings}</h2>
                <div class="filters">
                    {severity_toggle(Severity::Error)}
                    {severity_toggle(Severity::Warning)}
                    {severity_toggle(Severity::Info)}
                    <select
                        aria-label=t.all_forms
                        on:change=move |e: ev::Event| {
                            let value = event_target_value(&e);
                            ui.filters.update(|f| f.form = (!value.is_empty()).then_some(value));
                        }
                    >
                        <option value="">{t.all_forms}</option>
                        {forms.into_iter().map(|f| view! { <option value=f.clone()>{f.clone()}</option> }).collect_view()}
                    </select>
                    <input
                        type="search"
                        placeholder=t.filter_text
                        aria-label=t.filter_text
                        on:input=move |e: ev::Event| {
                            let value = event_target_value(&e);
                            ui.filters.update(|f| f.text = value);
                        }
                    />
                </div>
                {move || ui.filters.get().cell.map(|(s, r, c)| {
                    let label = format!("{}!{}{}", s + 1, column_letters(c), r + 1);
                    view! {
                        <p class="cell-filter">
                            {ui.t().cell_filter}" "{label}" "
                            <button class="link" on:click=move |_| ui.filters.update(|f| f.cell = None)>{ui.t().clear}</button>
                        </p>
                    }
                })}
                <ul class="groups">{list}</ul>
            </section>
        })
    }
}

/// How many finding groups are built in the frame that first shows a result: more than a tall screen shows.
const FIRST_GROUPS: usize = 8;

fn group_view(ui: Ui, lang: Lang, checked: &Checked, group: &state::Group) -> impl IntoView + use<> {
    let first = &checked.findings[group.items[0]];
    let class = format!("group {}", severity_class(group.severity));
    let title = format!("{} {} · {}", group.code, pick(lang, &first.rule), group.form);
    let code = group.code.clone();
    let items = group
        .items
        .iter()
        .map(|&i| view! { <FindingItem index=i finding=checked.findings[i].clone() /> })
        .collect_view();
    view! {
        <li class=class>
            <div class="group-title">
                <span class="badge">{i18n::severity(lang, group.severity)}</span>
                <span class="group-name">{title}</span>
                <button class="link" on:click=move |_| ui.explain.set(Some(code.clone()))>{ui.t().explain}</button>
            </div>
            <ul class="items">{items}</ul>
        </li>
    }
}

/// Runs `f` once the next frame has been painted (two animation frames, then a task): for what can come a frame
/// after the rest, so that it neither delays that frame nor competes with its painting.
fn after_next_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || {
        request_animation_frame(move || set_timeout(f, std::time::Duration::ZERO));
    });
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn column_letters(col: u32) -> String {
    zicha_core::grid::column_letters(col)
}

#[component]
fn FindingItem(index: usize, finding: Finding) -> impl IntoView {
    let ui = use_ui();
    let lang = ui.lang.get_untracked();
    let selected = move || ui.selected.get() == Some(index);
    let t = texts(lang);
    let places = finding.places.iter().map(|p| p.label.clone()).collect::<Vec<_>>().join(t.list_separator);
    let detail = {
        let finding = finding.clone();
        move || {
            selected().then(|| {
                let found = finding
                    .found
                    .clone()
                    .map(|f| view! { <p><span class="k">{t.found}{t.colon}</span><span class="v found">{f}</span></p> });
                let expected = finding.expected.clone().map(
                    |e| view! { <p><span class="k">{t.expected}{t.colon}</span><span class="v expected">{e}</span></p> },
                );
                let help = pick(lang, &finding.help);
                view! {
                    <div class="detail">
                        {found}
                        {expected}
                        <p><span class="k">{t.help}{t.colon}</span>{help}</p>
                        <p class="places">{places.clone()}</p>
                    </div>
                }
            })
        }
    };
    view! {
        <li class="item" class:selected=selected>
            <button class="item-button" aria-expanded=move || selected().to_string() on:click=move |_| ui.select(index) data-code=finding.code.clone()>
                {pick(lang, &finding.message)}
            </button>
            {detail}
        </li>
    }
}

#[component]
fn Viewer() -> impl IntoView {
    let ui = use_ui();
    move || {
        let Some(checked) = ui.checked.get() else {
            return view! { <Overview /> }.into_any();
        };
        let marks = Arc::new(state::cell_marks(&checked));
        let tabs = {
            let checked = checked.clone();
            let sheets = checked.sheets.iter().enumerate().map(|(i, s)| {
                // `附件2`, or `附件3「项目…」` shortened; a sheet with none of the forms keeps its own name.
                let title = match s.forms.as_slice() {
                    [] => s.title.clone(),
                    [one] => short_title(one),
                    [first, ..] => format!("{} …", short_title(first)),
                };
                (Tab::Sheet(i), title)
            });
            let reports = checked.reports.iter().enumerate().map(|(i, r)| (Tab::Report(i), short_title(&r.tab)));
            sheets.chain(reports).collect::<Vec<_>>()
        };
        let tab_buttons = tabs
            .into_iter()
            .map(|(tab, title)| {
                view! {
                    <button role="tab" class="tab" aria-selected=move || (ui.tab.get() == Some(tab)).to_string() on:click=move |_| ui.tab.set(Some(tab))>
                        {title}
                    </button>
                }
            })
            .collect_view();
        // A new filing sets the tab before this view is made again for it: for that moment the tab may name a
        // sheet or report the old filing does not have, and nothing is shown.
        let body = move || match ui.tab.get() {
            Some(Tab::Sheet(i)) if i < checked.sheets.len() => {
                // The sheet (often thousands of cells) comes after the score card and the findings are on
                // screen: from the frame after theirs, once its painting is done. Rendered right after their
                // paint, it would compete with their rasterisation (on two cores, for ~30 ms the first time:
                // BENCHMARKS.md).
                let shown = RwSignal::new(false);
                after_next_paint(move || {
                    shown.try_set(true);
                });
                let (checked, marks) = (checked.clone(), marks.clone());
                (move || shown.get().then(|| sheet_view(ui, &checked, i, &marks))).into_any()
            }
            Some(Tab::Report(i)) if i < checked.reports.len() => report_view(ui, &checked, i).into_any(),
            _ => ().into_any(),
        };
        view! {
            <div class="tabs" role="tablist" aria-label=ui.t().viewer>{tab_buttons}</div>
            <div class="document" role="tabpanel" tabindex="0">{body}</div>
        }
        .into_any()
    }
}

/// What the checker looks at, before a filing is open: the rule categories with their counts and an example.
#[component]
fn Overview() -> impl IntoView {
    let ui = use_ui();
    move || {
        let lang = ui.lang.get();
        let t = ui.t();
        let rules = ui.rules.get();
        let mut categories: Vec<(char, crate::display::Bilingual, Vec<String>)> = Vec::new();
        for rule in &rules {
            let letter = rule.code.chars().next().unwrap_or('?');
            match categories.iter_mut().find(|(l, _, _)| *l == letter) {
                Some((_, _, names)) => names.push(pick(lang, &rule.name)),
                None => categories.push((letter, rule.category.clone(), vec![pick(lang, &rule.name)])),
            }
        }
        let cards = categories
            .into_iter()
            .map(|(letter, category, names)| {
                let examples = names.iter().take(3).cloned().collect::<Vec<_>>().join(texts(lang).list_separator);
                view! {
                    <li class="category">
                        <span class="letter" aria-hidden="true">{letter.to_string()}</span>
                        <div>
                            <h3>{pick(lang, &category)}<span class="n">{format!(" · {}", names.len())}</span></h3>
                            <p>{examples}</p>
                        </div>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="overview">
                <h2>{t.what_is_checked}</h2>
                <p class="lead">{t.empty_hint}</p>
                <ul class="categories">{cards}</ul>
                <p class="privacy-note">{t.privacy}{t.offline_note}</p>
            </div>
        }
    }
}

fn short_title(title: &str) -> String {
    let chars: Vec<char> = title.chars().collect();
    if chars.len() > 16 { format!("{}…", chars[..15].iter().collect::<String>()) } else { title.to_string() }
}

fn sheet_view(
    ui: Ui,
    checked: &Arc<Checked>,
    index: usize,
    marks: &Arc<std::collections::HashMap<(usize, u32, u32), Severity>>,
) -> impl IntoView + use<> {
    let sheet = &checked.sheets[index];
    let selected_places = {
        let checked = checked.clone();
        move || {
            ui.selected
                .get()
                .map(|i| {
                    checked.findings[i]
                        .places
                        .iter()
                        .filter(|p| p.sheet == Some(index))
                        .map(|p| (p.row, p.col))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        }
    };
    let selected_places = Memo::new(move |_| selected_places());
    let rows =
        state::layout(sheet).into_iter().map(|row| sheet_row(ui, index, marks, selected_places, row)).collect_view();
    view! {
        <table class="grid">
            <caption class="visually-hidden">{sheet.title.clone()}</caption>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn sheet_row(
    ui: Ui,
    index: usize,
    marks: &std::collections::HashMap<(usize, u32, u32), Severity>,
    selected_places: Memo<Vec<(u32, u32)>>,
    row: Vec<state::CellView>,
) -> impl IntoView + use<> {
    let cells = row
        .into_iter()
        .map(|cell| {
            let id = format!("cell-{index}-{}-{}", cell.row, cell.col);
            // Spans written only where a cell spans more than one: each attribute is a call into the browser
            // with a string decoded from wasm, on thousands of cells.
            let span = |n: u32| (n > 1).then_some(n);
            let (rowspan, colspan) = (span(cell.rowspan), span(cell.colspan));
            // Most cells carry no finding: plain cells, with no handlers and nothing reactive (a sheet has
            // thousands of cells).
            let Some(mark) = marks.get(&(index, cell.row, cell.col)).copied() else {
                return view! { <td id=id rowspan=rowspan colspan=colspan tabindex="-1">{cell.text}</td> }.into_any();
            };
            let (r, c) = (cell.row, cell.col);
            let is_selected = move || selected_places.get().contains(&(r, c));
            let on_activate = move || ui.filters.update(|f| f.cell = Some((index, r, c)));
            view! {
                <td
                    id=id
                    rowspan=rowspan
                    colspan=colspan
                    class=format!("marked {}", severity_class(mark))
                    class:selected=is_selected
                    tabindex="0"
                    on:click=move |_| on_activate()
                    on:keydown=move |e: ev::KeyboardEvent| if e.key() == "Enter" || e.key() == " " { e.prevent_default(); on_activate(); }
                >
                    {cell.text}
                </td>
            }
            .into_any()
        })
        .collect_view();
    view! { <tr>{cells}</tr> }
}

fn report_view(ui: Ui, checked: &Arc<Checked>, index: usize) -> impl IntoView {
    let report = &checked.reports[index];
    let whole = Arc::new(state::marked_paragraphs(checked));
    let paragraphs = (report.first..=report.last)
        .filter(|&p| !checked.paragraphs[p].text.trim().is_empty())
        .map(|p| {
            let pieces = state::paragraph_pieces(checked, p)
                .into_iter()
                .map(|(text, mark)| match mark {
                    Some((severity, finding)) => {
                        let selected = move || ui.selected.get() == Some(finding);
                        view! {
                            <mark class=severity_class(severity) class:selected=selected on:click=move |_| ui.select(finding)>{text}</mark>
                        }
                        .into_any()
                    }
                    None => view! { <span>{text}</span> }.into_any(),
                })
                .collect_view();
            let class = whole.get(&p).map(|s| format!("marked {}", severity_class(*s))).unwrap_or_default();
            view! { <p id=format!("para-{p}") class=class>{pieces}</p> }
        })
        .collect_view();
    view! { <article class="report">{paragraphs}</article> }
}

#[component]
fn RuleDialog() -> impl IntoView {
    let ui = use_ui();
    let close = NodeRef::<html::Button>::new();
    Effect::new(move |_| {
        if ui.explain.get().is_some() {
            request_animation_frame(move || {
                if let Some(button) = close.get() {
                    let _ = button.focus();
                }
            });
        }
    });
    move || {
        let code = ui.explain.get()?;
        let lang = ui.lang.get();
        let rule = ui.rules.get().into_iter().find(|r| r.code == code)?;
        let sections = rule
            .doc
            .split("## ")
            .filter(|s| !s.trim().is_empty())
            .map(|section| {
                let (heading, body) = section.split_once('\n').unwrap_or((section, ""));
                view! { <h3>{heading.trim().to_string()}</h3><p>{body.trim().to_string()}</p> }
            })
            .collect_view();
        Some(view! {
            <div class="backdrop" on:click=move |_| ui.explain.set(None)>
                <div
                    class="dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="rule-title"
                    on:click=|e: ev::MouseEvent| e.stop_propagation()
                    on:keydown=move |e: ev::KeyboardEvent| if e.key() == "Escape" { ui.explain.set(None); }
                >
                    <h2 id="rule-title">{rule.code.clone()}" "{pick(lang, &rule.name)}</h2>
                    <p class="meta">{i18n::severity(lang, rule.severity)}" · "{pick(lang, &rule.category)}</p>
                    {sections}
                    <button class="primary" node_ref=close on:click=move |_| ui.explain.set(None)>{texts(lang).close}</button>
                </div>
            </div>
        })
    }
}
