//! The score card: declared and recomputed totals, grade, execution rate, counts, and the exports.

use leptos::prelude::*;

use crate::app::{download, export_review_copy, use_ui};
use crate::display::Severity;
use crate::i18n::{self, pick};
use crate::state;

#[component]
pub(crate) fn ScoreCard() -> impl IntoView {
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
