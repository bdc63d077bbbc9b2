//! Staff editing (staff app only): the edit-mode toggle and, in edit mode, the tools — save
//! state, what is not exported yet, undo and redo, export, discard, the list of changes, and
//! the import, and the way to the survey round's page (進捗調査票 out, returns in).

use super::import::ImportControl;
use crate::state::download::{download, today_yyyymmdd};
use crate::state::draft::{use_drafting, SaveState};
use crate::state::plan::{use_open_plan, Notice};
use leptos::prelude::*;
use plan_core::io::{export_file_name, export_json, report_csv};
use plan_core::route::Route;

#[component]
pub fn EditBar() -> impl IntoView {
    let drafting = use_drafting();
    let editing = drafting.editing;
    view! {
        <section class="edit-bar no-print" aria-label="職員向け編集">
            <button
                type="button"
                class="edit-toggle"
                data-testid="edit-toggle"
                aria-pressed=move || editing.get().to_string()
                on:click=move |_| drafting.toggle_editing()
            >
                {move || if editing.get() { "編集モードを終える" } else { "職員向け: 実績を入力する" }}
            </button>
            {move || {
                editing
                    .get()
                    .then(|| view! {
                        <div class="edit-tools" data-testid="edit-tools">
                            <EditTools/>
                            <ImportControl/>
                        </div>
                    })
                    .into_any()
            }}
        </section>
    }
}

/// The tools above the import.
#[component]
fn EditTools() -> impl IntoView {
    let open = use_open_plan();
    let drafting = use_drafting();
    let tell = move |text: String| {
        open.notice.set(Some(Notice {
            text,
            serious: true,
        }))
    };
    let export_json_file = move |_| {
        drafting.save_now();
        let plan = open.plan.get_untracked();
        let name = export_file_name(&plan.id, &today_yyyymmdd(), "json");
        match download(&name, "application/json", &export_json(&plan)) {
            Ok(()) => drafting.mark_exported(),
            Err(e) => tell(e),
        }
    };
    let export_csv_file = move |_| {
        let plan = open.plan.get_untracked();
        let score = open.score.get_untracked();
        let fy = open.fy.get_untracked();
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
            tell(e);
        }
    };
    // The survey round's page, for this plan and year (survey.html).
    let plan_id = open.base().id.clone();
    let survey_link = move || {
        format!(
            "survey.html{}",
            Route::plan(&plan_id)
                .with_fy(Some(open.fy.get()))
                .to_query()
        )
    };
    // What changed, described once per draft change (the count and the list read it).
    let changed = Memo::new(move |_| {
        drafting
            .changes()
            .into_iter()
            .map(|c| c.describe())
            .collect::<Vec<String>>()
    });
    let discard = move |_| {
        let n = changed.with_untracked(Vec::len);
        let confirmed = window()
            .confirm_with_message(&format!(
                "この計画の編集（{n}件）をすべて破棄して、公表値に戻します。元に戻せません。よろしいですか？"
            ))
            .unwrap_or(false);
        if confirmed {
            drafting.discard();
        }
    };
    let save_state = move || match drafting.save_state.get() {
        SaveState::Saved => {
            view! { <span class="save-state" data-testid="save-state">"保存済み"</span> }.into_any()
        }
        SaveState::Pending => {
            view! { <span class="save-state" data-testid="save-state">"保存中…"</span> }.into_any()
        }
        SaveState::Failed(reason) => view! {
            <span class="save-state failed" data-testid="save-state" role="alert">
                {format!("保存できません: {reason}")}
            </span>
        }
        .into_any(),
    };
    let unexported = move || {
        match drafting.unexported() {
        0 => "すべての変更を書き出し済みです。".to_string(),
        n => format!("書き出していない変更が {n} 件あります。ブラウザのデータは消えることがあるため、JSONで書き出して保管してください。"),
    }
    };
    view! {
        <p class="edit-note">"編集モード: 入力はこの端末のブラウザにだけ保存されます。 " {save_state}</p>
        <p class="unexported" data-testid="unexported">{unexported}</p>
        <div class="toolbar">
            <button type="button" data-testid="undo" disabled=move || !drafting.can_undo() on:click=move |_| drafting.undo()>
                "元に戻す"
            </button>
            <button type="button" data-testid="redo" disabled=move || !drafting.can_redo() on:click=move |_| drafting.redo()>
                "やり直す"
            </button>
            <button type="button" data-testid="export-json" on:click=export_json_file>"JSONを書き出す"</button>
            <button type="button" data-testid="export-csv" on:click=export_csv_file>"進捗報告をCSVで書き出す"</button>
            <button type="button" class="danger" data-testid="discard" disabled=move || changed.with(Vec::is_empty) on:click=discard>
                "編集を破棄"
            </button>
        </div>
        <p>
            <a href=survey_link data-testid="survey-link">"進捗調査票（Excel）: 各課への調査票の作成と回答の取り込み"</a>
        </p>
        // 公表値からの変更: a native disclosure, so whether it is open stays the user's choice.
        <details class="changes" data-testid="changes">
            <summary>{move || format!("公表値からの変更: {}件", changed.with(Vec::len))}</summary>
            <ul>
                {move || changed.get().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
        </details>
    }
}
