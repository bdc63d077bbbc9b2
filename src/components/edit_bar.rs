//! Staff editing: the edit-mode toggle and toolbar (save state, undo/redo, what changed,
//! export, import, discard), and the inputs for actuals, comments and progress status.

use crate::components::import::ImportControl;
use crate::dom::{el, elc, Dom};
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
            let role = if serious { "alert" } else { "status" };
            view! {
                <div class="notice" class:serious=serious role=role>
                    <p>{text}</p>
                    <button type="button" on:click=move |_| state.notice.set(None)>"閉じる"</button>
                </div>
            }
        })
    }
}

#[component]
pub fn EditBar() -> impl IntoView {
    let ctx = use_plan();
    let state = ctx.state;
    let editing = state.editing;
    let toggle = move |_| editing.update(|e| *e = !*e);

    let export_json_click = move |_| {
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
    let export_csv_click = move |_| {
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
    let discard = move |_| {
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

    let status = move || {
        let (class, text, alert) = match state.save_state.get() {
            SaveState::Saved => ("save-state", "保存済み".to_string(), false),
            SaveState::Pending => ("save-state", "保存中…".to_string(), false),
            SaveState::Failed(reason) => (
                "save-state failed",
                format!("保存できません: {reason}"),
                true,
            ),
        };
        let span = elc("span", class).attr("data-testid", "save-state");
        Dom::from(
            if alert {
                span.attr("role", "alert")
            } else {
                span
            }
            .text(text),
        )
    };

    // What changed, described once per draft change (the summary and the list read it).
    let changed = Memo::new(move |_| {
        state
            .changes()
            .into_iter()
            .map(|c| c.describe())
            .collect::<Vec<String>>()
    });
    let unexported = move || {
        let n = state.unexported();
        Dom::from(elc("p", "unexported").attr("data-testid", "unexported").text(if n > 0 {
            format!("書き出していない変更が {n} 件あります。ブラウザのデータは消えることがあるため、JSONで書き出して保管してください。")
        } else {
            "すべての変更を書き出し済みです。".to_string()
        }))
    };
    // The tools follow the mode only: an edit updates the counts and the list in place, so
    // the focused button, an open list and a pending import survive it.
    let tools = move || {
        editing.get().then(|| {
            view! {
                <div class="edit-tools" data-testid="edit-tools">
                    <p class="edit-note">
                        "編集モード: 入力はこの端末のブラウザにだけ保存されます。 "{status}
                    </p>
                    {unexported}
                    <div class="toolbar">
                        <button type="button" data-testid="undo" disabled=move || !state.can_undo() on:click=move |_| state.undo()>"元に戻す"</button>
                        <button type="button" data-testid="redo" disabled=move || !state.can_redo() on:click=move |_| state.redo()>"やり直す"</button>
                        <button type="button" data-testid="export-json" on:click=export_json_click>"JSONを書き出す"</button>
                        <button type="button" data-testid="export-csv" on:click=export_csv_click>"進捗報告をCSVで書き出す"</button>
                        <ImportControl/>
                        <button type="button" class="danger" data-testid="discard" disabled=move || changed.with(Vec::is_empty) on:click=discard>"編集を破棄"</button>
                    </div>
                    <details class="changes" data-testid="changes">
                        <summary>{move || format!("公表値からの変更: {}件", changed.with(Vec::len))}</summary>
                        <ul>{move || changed.with(|list| list.iter().map(|c| Dom::from(el("li").text(c.clone()))).collect::<Vec<_>>())}</ul>
                    </details>
                </div>
            }
        })
    };

    view! {
        <section class="edit-bar no-print" aria-label="職員向け編集">
            <button type="button" class="edit-toggle" data-testid="edit-toggle" aria-pressed=move || editing.get().to_string() on:click=toggle>
                {move || if editing.get() { "編集モードを終える" } else { "職員向け: 実績を入力する" }}
            </button>
            {tools}
        </section>
    }
}
