//! The rule's documentation, in a dialog.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use crate::app::use_ui;
use crate::i18n::{self, pick, texts};

#[component]
pub(crate) fn RuleDialog() -> impl IntoView {
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
