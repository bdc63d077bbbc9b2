//! Import of a plan JSON file (file picker or drag-and-drop; staff app only). A file of the
//! open plan shows its differences and applies them as edits on confirmation; a plan with a
//! new id is kept in this browser and added to the plan list; anything invalid changes nothing
//! and says what is wrong and where.

use super::file_drop::FileDrop;
use crate::state::app::use_app;
use crate::state::draft::use_drafting;
use crate::state::plan::{use_open_plan, Notice};
use crate::state::route::use_router;
use leptos::prelude::*;
use plan_core::edits::{changes as list_changes, Cell, Draft};
use plan_core::io::{read_import, ImportPlan, MAX_IMPORT_BYTES};
use plan_core::plan::Figure;
use plan_core::route::Route;
use plan_core::validate::Problem;
use wasm_bindgen_futures::JsFuture;

/// An update read from a file, waiting for the user's confirmation.
#[derive(Clone)]
struct Pending {
    file: String,
    changes: Vec<(Cell, Option<Figure>)>,
    lines: Vec<String>,
    other_differences: usize,
}

/// One problem at the top of a file (`$`).
fn whole_file(message: String) -> Vec<Problem> {
    vec![Problem {
        path: "$".into(),
        message,
    }]
}

#[component]
pub fn ImportControl() -> impl IntoView {
    let open = use_open_plan();
    let drafting = use_drafting();
    let app = use_app();
    let router = use_router();
    let problems = RwSignal::new(None::<(String, Vec<Problem>)>);
    let pending = RwSignal::new(None::<Pending>);

    let read_file = move |file: web_sys::File| {
        problems.set(None);
        pending.set(None);
        let name = file.name();
        if file.size() > MAX_IMPORT_BYTES as f64 {
            let message = format!(
                "ファイルが大きすぎます（{:.1} MB、上限 {} MB）",
                file.size() / 1048576.0,
                MAX_IMPORT_BYTES / 1048576
            );
            problems.set(Some((name, whole_file(message))));
            return;
        }
        leptos::task::spawn_local(async move {
            let Some(text) = JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string())
            else {
                let message =
                    "ファイルを文字として読めません（UTF-8 の JSON を選んでください）".into();
                problems.set(Some((name, whole_file(message))));
                return;
            };
            let current = open.plan.get_untracked();
            // Published plans, and plans imported earlier: a file of one of them is imported
            // on that plan's page (as an update), never over it from here.
            let mut known: Vec<String> = app
                .index_now()
                .map(|i| i.plans.iter().map(|e| e.id.clone()).collect())
                .unwrap_or_default();
            known.extend(
                app.local
                    .with_untracked(|l| l.iter().map(|e| e.id.clone()).collect::<Vec<_>>()),
            );
            match read_import(&text, |id| (id == current.id).then(|| (*current.0).clone())) {
                Err(list) => problems.set(Some((name, list))),
                Ok(ImportPlan::New(plan)) if known.contains(&plan.id) => {
                    let message = format!(
                        "このファイルは別の計画「{}」（id: {}）です。その計画のページで取り込んでください。",
                        plan.title, plan.id
                    );
                    problems.set(Some((
                        name,
                        vec![Problem {
                            path: "$.id".into(),
                            message,
                        }],
                    )));
                }
                Ok(ImportPlan::New(plan)) => match app.add_local_plan(&plan) {
                    Ok(()) => {
                        // Said on the page of the new plan (this page's state is left behind).
                        app.carry_notice(Notice {
                            text: format!(
                                "計画「{}」をこの端末に取り込み、一覧に加えました。",
                                plan.title
                            ),
                            serious: false,
                        });
                        router.go(Route::plan(&plan.id));
                    }
                    Err(e) => problems.set(Some((name, whole_file(e)))),
                },
                Ok(ImportPlan::Update {
                    changes,
                    other_differences,
                    ..
                }) => {
                    // Every imported cell, even one going back to its published value,
                    // described against the plan as it is now (draft included).
                    let mut preview = Draft::new(&open.base());
                    preview.changes.extend(changes.iter().cloned());
                    let lines = list_changes(&current, &preview)
                        .into_iter()
                        .map(|c| c.describe())
                        .collect();
                    pending.set(Some(Pending {
                        file: name,
                        changes,
                        lines,
                        other_differences,
                    }));
                }
            }
        });
    };

    let apply = move |_| {
        if let Some(p) = pending.get_untracked() {
            let mut draft = drafting.draft.get_untracked();
            draft.put_all(&open.base(), p.changes.iter().cloned());
            drafting.replace_draft(draft);
            drafting.save_now();
            open.notice.set(Some(Notice {
                text: format!(
                    "「{}」の {} 件の変更を取り込みました。",
                    p.file,
                    p.changes.len()
                ),
                serious: false,
            }));
        }
        pending.set(None);
    };

    let problems_panel = move || {
        problems.get().map(|(file, list)| {
            view! {
                <div class="import-problems" role="alert" data-testid="import-error">
                    <p>{format!("「{file}」は取り込めませんでした。計画は変更していません。")}</p>
                    <ul>
                        {list
                            .into_iter()
                            .map(|p| view! { <li><code>{p.path}</code>{format!(" {}", p.message)}</li> })
                            .collect_view()}
                    </ul>
                    <button type="button" data-testid="import-close" on:click=move |_| problems.set(None)>
                        "閉じる"
                    </button>
                </div>
            }
        })
        .into_any()
    };
    let confirm_panel = move || {
        pending.get().map(|p| {
            view! {
                <div class="import-confirm" role="dialog" aria-label="取り込みの確認" data-testid="import-confirm">
                    <p>{format!("「{}」を取り込むと、次の {} 件が変わります。", p.file, p.changes.len())}</p>
                    <ul>{p.lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    {(p.other_differences > 0).then(|| view! {
                        <p class="muted">"実績値・取組内容・進捗状況以外の違い（題名や目標など）は取り込みません。"</p>
                    })}
                    <button type="button" data-testid="import-apply" disabled=p.changes.is_empty() on:click=apply>
                        "取り込む"
                    </button>
                    " "
                    <button type="button" data-testid="import-cancel" on:click=move |_| pending.set(None)>
                        "やめる"
                    </button>
                </div>
            }
        })
        .into_any()
    };

    view! {
        <FileDrop
            label="JSONを取り込む（ここにドロップも可）"
            accept=".json,application/json"
            testid="import-file"
            on_files=Callback::new(move |files: Vec<web_sys::File>| {
                if let Some(file) = files.into_iter().next() {
                    read_file(file);
                }
            })
        >
            {problems_panel}
            {confirm_panel}
        </FileDrop>
    }
}
