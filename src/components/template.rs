//! The plan template workbook on the survey page (staff): a plan written to it, and a new plan
//! read from one, kept in this browser like an imported plan JSON (and exported as JSON from
//! the staff app). The spreadsheet work runs in the worker (sheets::jobs).

use super::file_drop::FileDrop;
use super::sheets::{ProblemList, XLSX};
use crate::state::app::use_app;
use crate::state::download::download_bytes;
use crate::state::plan::use_open_plan;
use crate::state::sheets::{file_bytes, run};
use leptos::prelude::*;
use plan_core::io::export_json;
use plan_core::route::Route;
use plan_core::validate::parse_plan;
use sheets::jobs::{Job, Outcome};

/// The open plan (with this browser's draft) as a template workbook.
#[component]
pub fn TemplateExport() -> impl IntoView {
    let open = use_open_plan();
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let export = move |_| {
        let plan = export_json(&open.plan.get_untracked());
        busy.set(true);
        failed.set(None);
        leptos::task::spawn_local(async move {
            let failure = match run(Job::ToTemplate { plan }).await {
                Outcome::Workbook { name, bytes } => download_bytes(&name, XLSX, &bytes).err(),
                Outcome::Failed(why) => Some(why),
                _ => None,
            };
            busy.set(false);
            failed.set(failure);
        });
    };
    view! {
        <section aria-labelledby="template-heading">
            <h2 id="template-heading">"計画テンプレート（Excel）"</h2>
            <p>"この計画の全体（体系・指標・目標・実績）を、Excel で直せる計画テンプレートとして書き出します。入力中の下書きも含みます。"</p>
            <button type="button" data-testid="template-export" disabled=move || busy.get() on:click=export>
                "計画テンプレートで書き出す"
            </button>
            {move || failed.get().map(|why| view! { <p class="failed" role="alert">{why}</p> })}
        </section>
    }
}

/// A new plan from a template workbook, kept in this browser.
#[component]
pub fn TemplateImport() -> impl IntoView {
    let app = use_app();
    let busy = RwSignal::new(false);
    let problems = RwSignal::new(None::<(String, Vec<String>)>);
    let added = RwSignal::new(None::<(String, String)>);
    let read = move |files: Vec<web_sys::File>| {
        let Some(file) = files.into_iter().next() else {
            return;
        };
        problems.set(None);
        added.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let name = file.name();
            let outcome = match file_bytes(&file).await {
                Ok(bytes) => run(Job::FromTemplate { bytes }).await,
                Err(why) => Outcome::Problems(vec![why]),
            };
            busy.set(false);
            let plan = match outcome {
                Outcome::Plan(json) => parse_plan(&json)
                    .map_err(|p| p.iter().map(|p| p.to_string()).collect::<Vec<_>>()),
                Outcome::Problems(list) => Err(list),
                Outcome::Failed(why) => Err(vec![why]),
                _ => Err(Vec::new()),
            };
            let plan = plan.and_then(|plan| {
                // Published plans, and plans imported earlier, are not replaced from here.
                let published = app
                    .index_now()
                    .is_some_and(|i| i.plans.iter().any(|e| e.id == plan.id));
                let local = app.local.with_untracked(|l| l.iter().any(|e| e.id == plan.id));
                if published || local {
                    return Err(vec![format!(
                        "計画ID「{}」の計画はすでにあります。別の計画IDにしてください（いまの計画の実績は、その計画のページで取り込みます）。",
                        plan.id
                    )]);
                }
                app.add_local_plan(&plan).map_err(|e| vec![e])?;
                Ok(plan)
            });
            match plan {
                Ok(plan) => added.set(Some((plan.id, plan.title))),
                Err(list) => problems.set(Some((name, list))),
            }
        });
    };
    view! {
        <section aria-labelledby="template-import-heading">
            <h2 id="template-import-heading">"計画テンプレート（Excel）から新しい計画を取り込む"</h2>
            <p>
                "計画の全体を Excel の計画テンプレートに書いて取り込むと、この端末のブラウザに新しい計画として保存されます（JSON で書き出して公開できます）。書き方は docs/template.md と記入例を見てください。"
            </p>
            <FileDrop
                label="計画テンプレートを取り込む（.xlsx、ここにドロップも可）"
                accept=".xlsx"
                testid="template-file"
                on_files=Callback::new(read)
            >
                {move || busy.get().then(|| view! { <p class="muted" role="status">"計画テンプレートを読んでいます…"</p> })}
                {move || {
                    added.get().map(|(id, title)| {
                        let staff = format!("staff.html{}", Route::plan(&id).to_query());
                        view! {
                            <p role="status" data-testid="template-added">
                                {format!("計画「{title}」をこの端末に取り込みました。 ")}
                                <a href=staff>"職員用の画面で開く"</a>
                            </p>
                        }
                    })
                }}
                {move || {
                    problems.get().map(|(file, list)| {
                        view! {
                            <ProblemList
                                testid="template-problems"
                                lead=format!("「{file}」は取り込めませんでした。何も変えていません。")
                                problems=list
                            />
                        }
                    })
                }}
            </FileDrop>
        </section>
    }
}
