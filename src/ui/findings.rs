//! The findings panel: filters, the findings grouped by form and rule, each finding with its places.

use leptos::ev;
use leptos::prelude::*;

use crate::app::{Ui, use_ui};
use crate::display::{Checked, Finding, Severity};
use crate::i18n::{self, Lang, pick, texts};
use crate::state;

#[component]
pub(crate) fn FindingsPanel() -> impl IntoView {
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
pub(crate) const FIRST_GROUPS: usize = 8;

pub(crate) fn group_view(ui: Ui, lang: Lang, checked: &Checked, group: &state::Group) -> impl IntoView + use<> {
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
pub(crate) fn after_next_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || {
        request_animation_frame(move || set_timeout(f, std::time::Duration::ZERO));
    });
}

pub(crate) fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

pub(crate) fn column_letters(col: u32) -> String {
    zicha_core::grid::column_letters(col)
}

#[component]
pub(crate) fn FindingItem(index: usize, finding: Finding) -> impl IntoView {
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
