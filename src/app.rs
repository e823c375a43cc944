//! The page's root: the store every component reads (`Ui`: the worker's answers, the open filing, the
//! selection), the root component `App` that lays the views of `ui/` out, and the helpers they share (the
//! bureau's configuration, scrolling, downloads, the review copy). Components render state and call plain
//! functions from `state` and `batch`; nothing here decides anything.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::bridge::{self, Event};
use crate::config::{CONFIG_URL, EmbedConfig};
use crate::display::{Checked, ProfileChoice, RuleDoc};
use crate::i18n::{self, Lang, texts};
use crate::protocol::{ProfileSource, Request, Response};
use crate::state::{self, Filters};
use crate::ui::dialog::RuleDialog;
use crate::ui::findings::FindingsPanel;
use crate::ui::header::{Header, UpdateBanner};
use crate::ui::picker::Picker;
use crate::ui::scorecard::ScoreCard;
use crate::ui::viewer::{Viewer, sheet_view};

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Status {
    Idle,
    Working(String),
    Failed(String),
    Done,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tab {
    Sheet(usize),
    Report(usize),
}

/// All state of the page, shared by the components.
#[derive(Clone, Copy)]
pub(crate) struct Ui {
    pub(crate) lang: RwSignal<Lang>,
    pub(crate) rules: RwSignal<Vec<RuleDoc>>,
    pub(crate) profiles: RwSignal<Vec<ProfileChoice>>,
    pub(crate) profile: RwSignal<ProfileSource>,
    pub(crate) status: RwSignal<Status>,
    pub(crate) checked: RwSignal<Option<Arc<Checked>>>,
    pub(crate) filters: RwSignal<Filters>,
    pub(crate) selected: RwSignal<Option<usize>>,
    pub(crate) tab: RwSignal<Option<Tab>>,
    pub(crate) explain: RwSignal<Option<String>>,
    pub(crate) next_id: RwSignal<u32>,
    /// The last files opened (names and bytes), to check them again under another profile.
    pub(crate) last_files: StoredValue<Vec<(String, Vec<u8>)>>,
    pub(crate) config: RwSignal<EmbedConfig>,
    /// Profile files the bureau put beside the app: (path, name, JSON).
    pub(crate) bureau_profiles: RwSignal<Vec<(String, String, String)>>,
    /// The bureau's own template families (`zicha-config.json` → `templates`), as JSON texts.
    pub(crate) bureau_templates: RwSignal<Vec<String>>,
    /// A new build is installed and waiting: offer to reload.
    pub(crate) update_ready: RwSignal<bool>,
    /// The review copy once built: its file name and a blob URL for a link the user clicks (a download the
    /// user starts is never blocked as an unrequested one).
    pub(crate) review_copy: RwSignal<Option<(String, String)>>,
    /// A batch has been opened (the batch module is loaded), and whether its view is shown.
    pub(crate) has_batch: RwSignal<bool>,
    pub(crate) batch_active: RwSignal<bool>,
}

impl Ui {
    pub(crate) fn new() -> Ui {
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
            has_batch: RwSignal::new(false),
            batch_active: RwSignal::new(false),
        }
    }

    /// Shows the batch view, for a batch about to start.
    pub(crate) fn open_batch(&self) {
        self.has_batch.set(true);
        self.batch_active.set(true);
    }

    /// What the batch module is told with the files: the profile, the bureau's templates, the language.
    pub(crate) fn batch_start(&self) -> crate::batch_link::Start {
        crate::batch_link::Start {
            profile: self.profile.get_untracked(),
            templates: self.bureau_templates.get_untracked(),
            lang: crate::batch_link::lang_key(self.lang.get_untracked()).into(),
            zip: false,
        }
    }

    pub(crate) fn t(&self) -> &'static i18n::Texts {
        texts(self.lang.get())
    }

    pub(crate) fn check(&self, files: Vec<(String, Vec<u8>)>) {
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

    pub(crate) fn on_event(&self, event: Event) {
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
    /// screen (measured: `git log -p BENCHMARKS.md`). Drawn (at an opacity no one can see, above the page, inert) because glyphs are
    /// only rasterised when drawn. Never once a check of the user's has started, and only once; `data-warmed`
    /// on the root element says it is over (the browser tests wait for it).
    pub(crate) fn warm_up(&self, checked: Checked) {
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

    pub(crate) fn select(&self, index: usize) {
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
pub(crate) async fn fetch_text(url: &str) -> Option<String> {
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
pub(crate) async fn load_config(ui: Ui) {
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
        // Only the profile's name is read here (the worker reads the rest): a struct of one field, not a
        // `serde_json::Value`, whose parser the page would otherwise carry.
        #[derive(serde::Deserialize)]
        struct Named {
            name: Option<String>,
        }
        let name = serde_json::from_str::<Named>(&json).ok().and_then(|n| n.name).unwrap_or_else(|| path.clone());
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
pub(crate) fn scroll_when_shown(id: String, frames: u32) {
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
pub(crate) fn scroll_to(id: &str) {
    let Some(element) = document().get_element_by_id(id) else { return };
    let Ok(Some(container)) = element.closest(".document, .panel") else { return };
    let (target, frame) = (element.get_bounding_client_rect(), container.get_bounding_client_rect());
    let top = container.scroll_top() as f64 + target.top() - frame.top() - (frame.height() - target.height()) / 2.0;
    let left = container.scroll_left() as f64 + target.left() - frame.left() - (frame.width() - target.width()) / 2.0;
    container.set_scroll_top(top.max(0.0) as i32);
    container.set_scroll_left(left.max(0.0) as i32);
}

/// Offers bytes as a download; nothing leaves the machine.
pub fn download(name: &str, bytes: &[u8], mime: &str) {
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
    // Revoked a while later, not at once: the browser fetches the link's blob after the click returns, and a
    // URL revoked before that gives no download (seen with a batch's larger exports).
    set_timeout(move || drop(web_sys::Url::revoke_object_url(&url)), std::time::Duration::from_secs(60));
}

/// Runs one job in the exporter worker, started for it (the xlsx writer is loaded only when someone asks for
/// it): `json` goes in once the worker is ready, and `answer` hears the bytes, or the worker's message. False
/// when no worker can be started.
pub fn run_exporter(json: String, answer: impl Fn(Result<js_sys::Uint8Array, String>) + 'static) -> bool {
    let Ok(worker) = web_sys::Worker::new("./exporter_loader.js") else { return false };
    let handle = worker.clone();
    let on_message =
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            match data.as_string() {
                // The worker has started: now it can take the job.
                Some(ready) if ready == "zicha-exporter-ready" => {
                    let _ = handle.post_message(&wasm_bindgen::JsValue::from_str(&json));
                    return;
                }
                Some(message) => answer(Err(message)),
                None => answer(Ok(js_sys::Uint8Array::new(&data))),
            }
            handle.terminate();
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    true
}

/// Builds the review copy in the exporter worker and offers it as a link.
pub(crate) fn export_review_copy(ui: Ui, checked: Arc<Checked>) {
    let Ok(json) = serde_json::to_string(&*checked) else { return };
    let name = crate::export::file_name(&checked);
    let started = run_exporter(json, move |answer| match answer {
        Err(message) => ui.status.set(Status::Failed(message)),
        Ok(bytes) => {
            let options = web_sys::BlobPropertyBag::new();
            options.set_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            let url = web_sys::Blob::new_with_u8_array_sequence_and_options(&js_sys::Array::of1(&bytes), &options)
                .ok()
                .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob).ok());
            if let Some((_, old)) = ui.review_copy.get_untracked() {
                let _ = web_sys::Url::revoke_object_url(&old);
            }
            ui.review_copy.set(url.map(|url| (name.clone(), url)));
            ui.status.set(Status::Done);
        }
    });
    if started {
        ui.status.set(Status::Working(texts(ui.lang.get_untracked()).building_review_copy.into()));
    } else {
        ui.status.set(Status::Failed(ui.t().exporter_failed.into()));
    }
}

#[component]
pub fn App() -> impl IntoView {
    let ui = Ui::new();
    provide_context(ui);
    // A filing opened from the batch comes back to be checked here.
    crate::batch_link::on_open(move |files| {
        ui.batch_active.set(false);
        ui.check(files);
    });
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
        // The batch module, once loaded, speaks the page's language.
        let batch = js_sys::Reflect::get(&window(), &"zichaBatch".into()).ok().filter(|b| b.is_object());
        if let Some(batch) = batch
            && let Ok(set_lang) = js_sys::Reflect::get(&batch, &"setLang".into())
            && let Ok(set_lang) = set_lang.dyn_into::<js_sys::Function>()
        {
            let _ = set_lang.call1(&batch, &crate::batch_link::lang_key(lang).into());
        }
    });
    view! {
        <div class="app" class:compact=move || ui.config.get().compact.unwrap_or(false)>
            <UpdateBanner />
            <Header />
            // One layout for a filing and for a batch, the batch's parts shown or hidden (not two trees built
            // in turn: each reactive view is code the page downloads).
            <main class="workspace" class:batch-mode=move || ui.batch_active.get() id="main">
                <aside class="panel" aria-label=move || ui.t().findings>
                    {move || (ui.has_batch.get() && !ui.batch_active.get()).then(|| view! {
                        <button class="secondary back" data-testid="back-to-batch" on:click=move |_| ui.batch_active.set(true)>
                            {ui.t().back_to_batch}
                        </button>
                    })}
                    <Picker />
                    <div class="filing-panel" hidden=move || ui.batch_active.get()>
                        <ScoreCard />
                        <FindingsPanel />
                    </div>
                </aside>
                <section class="viewer" aria-label=move || ui.t().viewer hidden=move || ui.batch_active.get()>
                    <Viewer />
                </section>
                // The batch module mounts its view here when a batch is first opened (batch_link.rs).
                <div id="batch-root" class="batch-root" hidden=move || !ui.batch_active.get()></div>
            </main>
            <RuleDialog />
        </div>
    }
}

pub(crate) fn use_ui() -> Ui {
    expect_context::<Ui>()
}
