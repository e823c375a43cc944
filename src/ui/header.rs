//! The masthead: the brand, the privacy note, the profile choice, the language switch; and the banner that offers a new build.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::app::{Status, use_ui};
use crate::config::is_profile_file;
use crate::i18n::{Lang, texts};
use crate::protocol::ProfileSource;
use crate::ui::picker::{file_list, read_files};

/// The profile select's value for a profile told from the filing.
pub(crate) const AUTO: &str = "__auto__";

#[component]
pub(crate) fn Header() -> impl IntoView {
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
pub(crate) fn UpdateBanner() -> impl IntoView {
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
