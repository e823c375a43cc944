//! The document viewer: the sheets and reports with the findings on their cells and characters, and the overview before a filing is open.

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;

use crate::app::{Tab, Ui, use_ui};
use crate::display::{Checked, Severity};
use crate::i18n::{pick, texts};
use crate::state;
use crate::ui::findings::{after_next_paint, severity_class};

#[component]
pub(crate) fn Viewer() -> impl IntoView {
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
pub(crate) fn Overview() -> impl IntoView {
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

pub(crate) fn short_title(title: &str) -> String {
    let chars: Vec<char> = title.chars().collect();
    if chars.len() > 16 { format!("{}…", chars[..15].iter().collect::<String>()) } else { title.to_string() }
}

pub(crate) fn sheet_view(
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

pub(crate) fn sheet_row(
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

pub(crate) fn report_view(ui: Ui, checked: &Arc<Checked>, index: usize) -> impl IntoView {
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
