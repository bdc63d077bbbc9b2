//! The cells a staff draft can change — a KPI's 実績値 and 取組内容等 for a year, an item's
//! 取組内容 and 進捗状況 — shown as text, or in the staff app's edit mode as a control.
//!
//! The controls exist only in the staff build (`staff` feature): in the citizens' build
//! these components show the text and nothing else. Each control names its cell in `data-`
//! attributes (for tests and for the reader of the markup), and writes the cell on `change`.
//! Their values are the draft's, so the browser is told not to autocomplete them: it then
//! neither offers to fill in a figure nor keeps every control with each history entry.

use leptos::prelude::*;
use plan_core::edits::Cell;
use plan_core::plan::FiscalYear;

/// Whether the draft's cells are controls now: the staff app's edit mode; never in the
/// citizens' app.
pub fn use_editing() -> Signal<bool> {
    #[cfg(feature = "staff")]
    {
        crate::state::draft::use_drafting().editing.into()
    }
    #[cfg(not(feature = "staff"))]
    {
        Signal::stored(false)
    }
}

/// The 実績値 of `kpi` in `fy`: `shown` (with its unit), or an input holding `value` while
/// `control` is true.
#[component]
pub fn ActualCell(
    kpi: String,
    fy: FiscalYear,
    #[prop(into)] shown: Signal<String>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] control: Signal<bool>,
) -> impl IntoView {
    #[cfg(feature = "staff")]
    {
        move || {
            if control.get() {
                view! { <staff::ActualInput kpi=kpi.clone() fy=fy value=value/> }.into_any()
            } else {
                shown.get().into_any()
            }
        }
    }
    #[cfg(not(feature = "staff"))]
    {
        let _ = (kpi, fy, value, control);
        shown
    }
}

/// A KPI's 取組内容等 or an item's 取組内容 (`cell`): the text, or a text area while `control`
/// is true.
#[component]
pub fn CommentCell(
    cell: Cell,
    #[prop(into)] text: Signal<String>,
    #[prop(into)] control: Signal<bool>,
) -> impl IntoView {
    #[cfg(feature = "staff")]
    {
        move || {
            if control.get() {
                view! { <staff::CommentInput cell=cell.clone() text=text/> }.into_any()
            } else {
                text.get().into_any()
            }
        }
    }
    #[cfg(not(feature = "staff"))]
    {
        let _ = (cell, control);
        text
    }
}

/// The 進捗状況 of `node` in `fy`: the status as printed or entered, or a select while
/// `control` is true.
#[component]
pub fn ProgressCell(
    node: String,
    fy: FiscalYear,
    #[prop(into)] status: Signal<String>,
    #[prop(into)] control: Signal<bool>,
) -> impl IntoView {
    #[cfg(feature = "staff")]
    {
        move || {
            if control.get() {
                view! { <staff::ProgressSelect node=node.clone() fy=fy status=status/> }.into_any()
            } else {
                status.get().into_any()
            }
        }
    }
    #[cfg(not(feature = "staff"))]
    {
        let _ = (node, fy, control);
        status
    }
}

#[cfg(feature = "staff")]
mod staff {
    //! The controls of the staff app's edit mode.

    use crate::state::draft::use_drafting;
    use leptos::prelude::*;
    use plan_core::edits::Cell;
    use plan_core::plan::{Figure, FiscalYear, PROGRESS_CHOICES};

    /// A text typed into a cell: `None` when blank.
    fn entered(text: &str) -> Option<Figure> {
        let text = text.trim();
        (!text.is_empty()).then(|| Figure::Text(text.to_string()))
    }

    /// The 実績値 input, with the reason beside it when what was typed is refused.
    #[component]
    pub fn ActualInput(kpi: String, fy: FiscalYear, value: Signal<String>) -> impl IntoView {
        let drafting = use_drafting();
        let error_id = format!("err-{kpi}-{fy}");
        let refusal = {
            let kpi = kpi.clone();
            Memo::new(move |_| drafting.refusal(&kpi, fy))
        };
        let on_change = {
            let kpi = kpi.clone();
            move |ev: web_sys::Event| {
                let input: web_sys::HtmlInputElement = event_target(&ev);
                // Shown as the app reads it ("２７０，０００" → "270,000"), even when the
                // value did not move and so nothing else would redraw it.
                if let Some(shown) = drafting.enter_actual(&kpi, fy, &input.value()) {
                    input.set_value(&shown);
                }
            }
        };
        view! {
            <span class="cell-input">
                <input
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    class="actual-input"
                    data-testid="actual-input"
                    data-cell="actual"
                    data-kpi=kpi
                    data-fy=fy.to_string()
                    aria-label=format!("{fy}年度の実績値")
                    aria-invalid=move || refusal.with(Option::is_some).to_string()
                    aria-describedby=error_id.clone()
                    prop:value=value
                    on:change=on_change
                />
                {move || {
                    refusal
                        .get()
                        .map(|message| {
                            view! {
                                <span class="input-error" id=error_id.clone() role="alert">
                                    {message}
                                </span>
                            }
                        })
                }}
            </span>
        }
    }

    /// The text area of a KPI's 取組内容等 or an item's 取組内容 (`cell`).
    #[component]
    pub fn CommentInput(cell: Cell, text: Signal<String>) -> impl IntoView {
        let drafting = use_drafting();
        let (kpi, node) = match &cell {
            Cell::Actual { kpi, .. } | Cell::Comment { kpi, .. } => (Some(kpi.clone()), None),
            Cell::Progress { node, .. } | Cell::NodeComment { node, .. } => {
                (None, Some(node.clone()))
            }
        };
        let (fy, what) = (cell.fy(), cell.what());
        let (testid, kind) = if node.is_some() {
            ("node-comment-input", "node-comment")
        } else {
            ("comment-input", "comment")
        };
        view! {
            <textarea
                autocomplete="off"
                class="comment-input"
                data-testid=testid
                data-cell=kind
                data-kpi=kpi
                data-node=node
                data-fy=fy.to_string()
                aria-label=format!("{fy}年度の{what}")
                rows="3"
                prop:value=text
                on:change=move |ev| {
                    drafting.set_cell(cell.clone(), entered(&event_target_value(&ev)));
                }
            ></textarea>
        }
    }

    /// The 進捗状況 select.
    #[component]
    pub fn ProgressSelect(node: String, fy: FiscalYear, status: Signal<String>) -> impl IntoView {
        let drafting = use_drafting();
        let cell = Cell::Progress {
            node: node.clone(),
            fy,
        };
        let choices = PROGRESS_CHOICES
            .iter()
            .map(|choice| {
                view! {
                    <option value=*choice prop:selected=move || status.with(|s| s == choice)>
                        {*choice}
                    </option>
                }
            })
            .collect_view();
        // A status printed in the document that is none of the choices stays one.
        let printed = move || {
            let now = status.get();
            (!now.is_empty() && !PROGRESS_CHOICES.contains(&now.as_str())).then(|| {
                view! { <option value=now.clone() prop:selected=true>{now.clone()}</option> }
            })
        };
        view! {
            <select
                autocomplete="off"
                data-testid="progress-select"
                data-cell="progress"
                data-node=node
                data-fy=fy.to_string()
                aria-label=format!("{fy}年度の進捗状況")
                on:change=move |ev| {
                    drafting.set_cell(cell.clone(), entered(&event_target_value(&ev)));
                }
            >
                // (Each option says whether it is the chosen one: a select's value set before
                // its options exist would choose nothing.)
                <option value="" prop:selected=move || status.with(String::is_empty)>
                    "（未入力）"
                </option>
                {choices}
                {printed}
            </select>
        }
    }
}
