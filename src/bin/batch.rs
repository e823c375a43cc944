//! The batch review's module: loaded into the page only when a folder or zip is opened (`batch_link.rs`,
//! `assets/batch-boot.js`), it mounts the batch view into the page's `#batch-root` and takes the files through
//! `window.zichaBatch.start(json, files)`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use zicha_web::batch_link::Start;
use zicha_web::i18n::Lang;
use zicha_web::ui::batch::{BatchPanel, BatchUi, start_zip};

fn main() {
    console_error_panic_hook::set_once();
    let Some(root) = document().get_element_by_id("batch-root") else { return };
    let lang = RwSignal::new(Lang::Zh);
    let ui = BatchUi::new(lang);
    let handle = leptos::mount::mount_to(root.unchecked_into(), move || {
        provide_context(ui);
        view! { <BatchPanel /> }
    });
    handle.forget();
    let start = Closure::<dyn Fn(String, js_sys::Array)>::new(move |json: String, files: js_sys::Array| {
        let Ok(start) = serde_json::from_str::<Start>(&json) else { return };
        lang.set(if start.lang == "en" { Lang::En } else { Lang::Zh });
        let pairs: Vec<(String, JsValue)> = files
            .iter()
            .map(|pair| {
                let pair: js_sys::Array = pair.unchecked_into();
                (pair.get(0).as_string().unwrap_or_default(), pair.get(1))
            })
            .collect();
        if start.zip {
            let Some((name, file)) = pairs.into_iter().next() else { return };
            wasm_bindgen_futures::spawn_local(start_zip(
                ui,
                name,
                file.unchecked_into(),
                start.profile,
                start.templates,
            ));
        } else {
            let files = pairs
                .into_iter()
                .map(|(path, blob)| (path, zicha_web::pool::Source::File(blob.unchecked_into())))
                .collect();
            ui.start(files, start.profile, start.templates);
        }
    });
    let set_lang =
        Closure::<dyn Fn(String)>::new(move |key: String| lang.set(if key == "en" { Lang::En } else { Lang::Zh }));
    let prepare = Closure::<dyn Fn()>::new(|| zicha_web::pool::prepare(zicha_web::pool::worker_count()));
    let api = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&api, &"start".into(), start.as_ref());
    let _ = js_sys::Reflect::set(&api, &"setLang".into(), set_lang.as_ref());
    let _ = js_sys::Reflect::set(&api, &"prepare".into(), prepare.as_ref());
    let _ = js_sys::Reflect::set(&window(), &"zichaBatch".into(), &api);
    start.forget();
    set_lang.forget();
    prepare.forget();
}
