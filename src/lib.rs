//! The zicha web app (Leptos, client-side rendered). For now a minimal page that reads the chosen files of one
//! filing with the shared core, in the browser, and lists what it recognised: proof that the core runs in wasm.

mod summary;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use zicha_core::InputFile;

pub use summary::{Summary, summarise};

#[component]
pub fn App() -> impl IntoView {
    let (result, set_result) = signal::<Option<Result<Summary, String>>>(None);
    let on_change = move |event: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&event);
        let Some(list) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        spawn_local(async move {
            let mut inputs = Vec::new();
            for file in files {
                match JsFuture::from(file.array_buffer()).await {
                    Ok(buffer) => inputs.push(InputFile::new(file.name(), js_sys::Uint8Array::new(&buffer).to_vec())),
                    Err(_) => {
                        set_result.set(Some(Err(format!("{}: 无法读取文件", file.name()))));
                        return;
                    }
                }
            }
            set_result.set(Some(zicha_core::inspect(&inputs).map(|f| summarise(&f)).map_err(|e| e.to_string())));
        });
    };
    view! {
        <header class="masthead">
            <h1>"自查 · 绩效自评检查"</h1>
            <p class="lede">"在浏览器内检查预算绩效自评材料。文件不会上传到任何地方。"</p>
        </header>
        <main>
            <label class="picker">
                "选择文件（xlsx、xlsm、xls、ods、docx，可多选）"
                <input type="file" multiple accept=".xlsx,.xlsm,.xls,.ods,.docx" on:change=on_change />
            </label>
            {move || match result.get() {
                None => view! { <p class="hint">"尚未选择文件。"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
                Some(Ok(summary)) => view! {
                    <section class="summary" aria-live="polite">
                        <h2>"识别结果"</h2>
                        <ul>{summary.lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    </section>
                }.into_any(),
            }}
        </main>
    }
}
