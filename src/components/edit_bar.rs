//! Staff editing: the notices about the user's data, the edit-mode toggle and toolbar (save
//! state, undo/redo, what changed, export, import, discard). The inputs of the cells are in
//! `cell_inputs`.

use crate::components::import::ImportControl;
use crate::dom::{action_button, el, elc, Dom};
use crate::download::{download, today_yyyymmdd};
use crate::edit::{Notice, SaveState};
use crate::pages::plan_scope::use_plan;
use leptos::prelude::*;
use plan_core::io::{export_file_name, export_json, report_csv};

/// Messages about the user's data; serious ones interrupt (role="alert").
#[component]
pub fn NoticeBanner() -> impl IntoView {
    let state = use_plan().state;
    move || {
        state.notice.get().map(|Notice { text, serious }| {
            let (class, role) = if serious {
                ("notice serious", "alert")
            } else {
                ("notice", "status")
            };
            view! {
                <div class=class role=role>
                    <p>{text}</p>
                    <button type="button" on:click=move |_| state.notice.set(None)>"閉じる"</button>
                </div>
            }
        })
    }
}

/// The edit-mode toggle and, in edit mode, the tools. The markup is `Dom` data re-rendered
/// from the state (an edit patches the counts and the list in place, so the focused button
/// and an open list survive it) and one click listener reads the button's `data-action`:
/// as `view!` code with a handler and a reactive attribute per button it cost several times
/// the wasm.
#[component]
pub fn EditBar() -> impl IntoView {
    let ctx = use_plan();
    let state = ctx.state;
    let editing = state.editing;

    let export_json_click = move || {
        state.save_now();
        let plan = state.plan.get_untracked();
        let name = export_file_name(&plan.id, &today_yyyymmdd(), "json");
        match download(&name, "application/json", &export_json(&plan)) {
            Ok(()) => state.mark_exported(),
            Err(e) => state.notice.set(Some(Notice {
                text: e,
                serious: true,
            })),
        }
    };
    let export_csv_click = move || {
        let plan = state.plan.get_untracked();
        let score = state.score.get_untracked();
        let fy = ctx.fy.get_untracked();
        let name = export_file_name(
            &format!("{}-report-{fy}", plan.id),
            &today_yyyymmdd(),
            "csv",
        );
        if let Err(e) = download(
            &name,
            "text/csv;charset=utf-8",
            &report_csv(&plan, &score, fy),
        ) {
            state.notice.set(Some(Notice {
                text: e,
                serious: true,
            }));
        }
    };
    let discard = move || {
        let n = state.changes().len();
        let ok = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(&format!(
                    "この計画の編集（{n}件）をすべて破棄して、公表値に戻します。元に戻せません。よろしいですか？"
                ))
                .ok()
            })
            .unwrap_or(false);
        if ok {
            state.discard();
        }
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let action = crate::dom::action_of(&ev);
        match action.as_deref() {
            Some("toggle") => state.toggle_editing(),
            Some("undo") => state.undo(),
            Some("redo") => state.redo(),
            Some("export-json") => export_json_click(),
            Some("export-csv") => export_csv_click(),
            Some("discard") => discard(),
            _ => {}
        }
    };

    // What changed, described once per draft change (the summary and the list read it).
    let changed = Memo::new(move |_| {
        state
            .changes()
            .into_iter()
            .map(|c| c.describe())
            .collect::<Vec<String>>()
    });
    let toggle = move || {
        let on = editing.get();
        Dom::from(
            elc("button", "edit-toggle")
                .attr("type", "button")
                .attr("data-testid", "edit-toggle")
                .attr("data-action", "toggle")
                .attr("aria-pressed", on.to_string())
                .text(if on {
                    "編集モードを終える"
                } else {
                    "職員向け: 実績を入力する"
                }),
        )
    };
    // The save state, the buttons and the list of changes as one tree; the import under it.
    let tools_head = move || {
        changed.with(|list| {
            tools_dom(
                &state.save_state.get(),
                state.unexported(),
                state.can_undo(),
                state.can_redo(),
                list,
            )
        })
    };
    let tools = move || {
        editing.get().then(|| {
            view! {
                <div class="edit-tools" data-testid="edit-tools">
                    {tools_head}
                    <ImportControl/>
                </div>
            }
        })
    };

    view! {
        <section class="edit-bar no-print" aria-label="職員向け編集" on:click=on_click>
            {toggle}
            {tools}
        </section>
    }
}

/// The tools above the import: save state, what is not exported yet, the buttons and the
/// list of changes (`changed`, described).
fn tools_dom(
    save: &SaveState,
    unexported: usize,
    can_undo: bool,
    can_redo: bool,
    changed: &[String],
) -> Dom {
    let (class, text, alert) = match save {
        SaveState::Saved => ("save-state", "保存済み".to_string(), false),
        SaveState::Pending => ("save-state", "保存中…".to_string(), false),
        SaveState::Failed(reason) => (
            "save-state failed",
            format!("保存できません: {reason}"),
            true,
        ),
    };
    let status = elc("span", class).attr("data-testid", "save-state");
    let status = if alert {
        status.attr("role", "alert")
    } else {
        status
    };
    el("div")
        .child(
            elc("p", "edit-note")
                .text("編集モード: 入力はこの端末のブラウザにだけ保存されます。 ")
                .child(status.text(text)),
        )
        .child(
            elc("p", "unexported")
                .attr("data-testid", "unexported")
                .text(if unexported > 0 {
                    format!("書き出していない変更が {unexported} 件あります。ブラウザのデータは消えることがあるため、JSONで書き出して保管してください。")
                } else {
                    "すべての変更を書き出し済みです。".to_string()
                }),
        )
        .child(
            elc("div", "toolbar")
                .child(action_button("undo", "元に戻す", can_undo))
                .child(action_button("redo", "やり直す", can_redo))
                .child(action_button("export-json", "JSONを書き出す", true))
                .child(action_button("export-csv", "進捗報告をCSVで書き出す", true))
                .child(
                    action_button("discard", "編集を破棄", !changed.is_empty()).attr("class", "danger"),
                ),
        )
        .child(changes_dom(changed))
        .into()
}

/// 公表値からの変更: a native disclosure, so whether it is open stays the user's choice.
fn changes_dom(list: &[String]) -> Dom {
    elc("details", "changes")
        .attr("data-testid", "changes")
        .child(el("summary").text(format!("公表値からの変更: {}件", list.len())))
        .child(el("ul").children(list.iter().map(|c| el("li").text(c.clone()).into())))
        .into()
}
