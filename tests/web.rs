//! Browser-bound code, tested in headless Chromium with wasm-bindgen-test, for both apps:
//! `make test` runs it built as the citizens' app (`--features csr`) and as the staff app
//! (`--features staff,csr`); the drafting tests are the staff app's.
#![cfg(target_arch = "wasm32")]

use kpi_dashboard::state::app::AppState;
use plan_core::plan::Plan;
use plan_core::route::Route;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Poll until `f` returns Some, or fail after ~5 s with what the page shows.
async fn wait_for<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    for _ in 0..100 {
        if let Some(v) = f() {
            return v;
        }
        sleep(50).await;
    }
    let html = document()
        .body()
        .map(|b| b.inner_html())
        .unwrap_or_default();
    let tail: String = html
        .chars()
        .rev()
        .take(1500)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    panic!("timed out waiting for {what}; the page shows: {tail}");
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Empty this origin's localStorage (tests share it, and some use the same plan id).
fn clear() {
    local().clear().unwrap();
}

fn find(selector: &str) -> Option<web_sys::Element> {
    document().query_selector(selector).ok().flatten()
}

fn search() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

/// The app at the public link `search`, in a fresh container, with `state` (the files it
/// has before its first render) (it fetches the rest from the test server, which serves the
/// package root: `seeds/` is the bundled data). Unmounted when dropped.
fn mount_at(search: &str, state: AppState) -> impl Drop {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("/{search}")),
        )
        .unwrap();
    let container: web_sys::HtmlElement =
        document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let route = Route::parse(search);
    leptos::mount::mount_to(container, move || kpi_dashboard::app::root(route, state))
}

/// The bundled plan `id`, parsed.
fn seed(id: &str) -> Plan {
    let text = match id {
        "yuzawa" => include_str!("../seeds/yuzawa.json"),
        "annaka" => include_str!("../seeds/annaka.json"),
        _ => panic!("no seed {id}"),
    };
    plan_core::validate::parse_plan(text).unwrap()
}

/// `plan` as the only plan there is, loaded before the first render.
fn loaded(plan: Plan) -> AppState {
    let index = plan_core::plan::PlanIndex {
        schema_version: 1,
        plans: vec![plan.index_entry(&format!("{}.json", plan.id))],
    };
    AppState::with_files(Some(Arc::new(index)), vec![Arc::new(plan)])
}

#[wasm_bindgen_test]
async fn fetch_of_a_missing_file_says_what_failed_in_japanese() {
    let err = kpi_dashboard::state::fetch::fetch_text("no-such-file.json")
        .await
        .unwrap_err();
    assert!(err.contains("no-such-file.json"), "{err}");
    assert!(err.contains("HTTP 404"), "{err}");
}

#[wasm_bindgen_test]
async fn unknown_plan_in_a_link_gets_a_friendly_page_with_a_way_back() {
    let _app = mount_at("?plan=no-such-city", AppState::new());
    let alert = wait_for("role=alert", || find("[role=alert]")).await;
    let text = alert.text_content().unwrap_or_default();
    assert!(text.contains("ページが見つかりません"), "{text}");
    assert!(text.contains("no-such-city"), "{text}");
    let link = alert.query_selector("a").unwrap().expect("a way back");
    assert_eq!(link.get_attribute("href").as_deref(), Some("?"));
    assert!(find(".site-header")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("行政改革 進捗ダッシュボード"));
}

#[wasm_bindgen_test]
async fn home_lists_the_plans_of_the_bundled_index() {
    let _app = mount_at("", AppState::new());
    let list = wait_for("the plan list", || find("[data-testid=plan-list]")).await;
    wait_for("every plan summary", || {
        let s = list.query_selector_all(".plan-summary").ok()?;
        (s.length() == 4).then_some(())
    })
    .await;
    let text = list.text_content().unwrap();
    for city in ["湯沢市", "安中市", "東根市", "南アルプス市"] {
        assert!(text.contains(city), "{city} missing from: {text}");
    }
}

/// Plan text is only ever text: a title or a comment holding markup makes no element.
#[wasm_bindgen_test]
async fn markup_in_plan_text_is_shown_as_text() {
    let hostile = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>";
    let mut plan = seed("yuzawa");
    plan.title = hostile.to_string();
    let k07 = plan.find_kpi_mut("k07").unwrap();
    k07.name = hostile.to_string();
    k07.comments.insert(2023, hostile.to_string());
    let _app = mount_at("?plan=yuzawa&kpi=k07&fy=2023", loaded(plan));
    let h1 = wait_for("the heading", || find("main h1")).await;
    assert_eq!(h1.text_content().as_deref(), Some(hostile));
    let comment = find("table.values tr:nth-child(3) td.comment").expect("2023's comment");
    assert_eq!(comment.text_content().as_deref(), Some(hostile));
    assert!(find("main img").is_none());
    assert!(find("main script").is_none());
    sleep(50).await;
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined());
}

/// A new 基準年度 shows the same page with that year's figures, is a new history entry, and
/// back returns to the year before.
#[wasm_bindgen_test]
async fn a_year_change_is_a_history_entry_and_back_returns_to_the_year_before() {
    clear();
    let _app = mount_at("?plan=yuzawa&kpi=k07&fy=2023", loaded(seed("yuzawa")));
    let rate = || find("[data-testid=kpi-rate]").and_then(|r| r.text_content());
    wait_for("the year select enabled", || {
        find("[data-testid=fy-select]:not([disabled])")
    })
    .await;
    assert_eq!(rate().as_deref(), Some("93%"));
    // As the browser does when the reader picks an option.
    let select = find("[data-testid=fy-select]").unwrap();
    let pick = js_sys::Function::new_with_args(
        "el, v",
        "el.value = v; el.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    pick.call2(&wasm_bindgen::JsValue::NULL, &select, &"2022".into())
        .unwrap();
    assert_eq!(search(), "?plan=yuzawa&kpi=k07&fy=2022");
    // 目標 264,000 ÷ 実績 285,615 (R4) = 92%.
    wait_for("the rate of 2022", || {
        (rate().as_deref() == Some("92%")).then_some(())
    })
    .await;
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .back()
        .unwrap();
    wait_for("the rate of 2023 after back", || {
        (search() == "?plan=yuzawa&kpi=k07&fy=2023" && rate().as_deref() == Some("93%"))
            .then_some(())
    })
    .await;
    let shown = js_sys::Reflect::get(&find("[data-testid=fy-select]").unwrap(), &"value".into())
        .unwrap()
        .as_string();
    assert_eq!(shown.as_deref(), Some("2023"), "the select follows back");
}

/// The tree's branches the reader opened stay open when the year changes.
#[wasm_bindgen_test]
async fn a_new_year_keeps_the_branches_the_reader_opened() {
    let _app = mount_at("?plan=yuzawa&fy=2023", loaded(seed("yuzawa")));
    let branch = wait_for("a closed branch", || {
        find(".tree-root details details:not([open])")
    })
    .await;

    // As the reader opens it.
    branch
        .query_selector("summary")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();

    wait_for("the branch's KPIs", || {
        branch.query_selector(".tree-kpi").ok().flatten()
    })
    .await;
    let select = wait_for("the year select enabled", || {
        find("[data-testid=fy-select]:not([disabled])")
    })
    .await;
    select
        .unchecked_ref::<web_sys::HtmlSelectElement>()
        .set_value("2022");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    sleep(50).await;
    assert!(branch.is_connected(), "the same branch, not a new one");
    assert!(branch.unchecked_ref::<web_sys::HtmlDetailsElement>().open());
}

#[wasm_bindgen_test]
fn a_stopped_app_says_so_once_at_the_top_of_the_page_in_japanese() {
    let body = document().body().unwrap();
    let before = body.child_element_count();
    kpi_dashboard::show_stopped_notice();
    kpi_dashboard::show_stopped_notice();
    let notice = document()
        .get_element_by_id("app-stopped")
        .expect("the notice");
    assert_eq!(body.first_element_child().as_ref(), Some(&notice));
    assert_eq!(
        body.child_element_count(),
        before + 1,
        "one notice, however often called"
    );
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
    let text = notice.text_content().unwrap();
    assert!(
        text.starts_with(
            "予期しないエラーでアプリが止まりました。ページを再読み込みしてください。"
        ),
        "{text}"
    );
    notice.remove();
}

#[cfg(feature = "staff")]
mod drafts {
    //! The staff app's drafts in this browser's storage.

    use super::*;
    use kpi_dashboard::state::draft::{load, save, saved_draft, Carried, Loaded, SavedDraft};
    use kpi_dashboard::state::storage::Key;
    use plan_core::edits::{Cell, Draft};
    use plan_core::plan::Figure;
    use plan_core::synth::synthetic_plan;

    fn key(plan: &Plan) -> String {
        Key::Draft(&plan.id).name()
    }

    fn draft_with_one_edit(plan: &Plan) -> Draft {
        let mut d = Draft::new(plan);
        d.changes.insert(
            Cell::Actual {
                kpi: "k1".into(),
                fy: 2024,
            },
            Some(Figure::Number(1234.0)),
        );
        d
    }

    #[wasm_bindgen_test]
    fn a_saved_draft_loads_back() {
        clear();
        let plan = synthetic_plan(3);
        let draft = draft_with_one_edit(&plan);
        save(&draft).unwrap();
        assert_eq!(load(&plan), Loaded::Draft(draft.clone()));
        // Only the overlay is stored, never the plan.
        let stored = local().get_item(&key(&plan)).unwrap().unwrap();
        assert!(stored.len() < 200, "{stored}");
        // An empty draft removes the key.
        save(&Draft::new(&plan)).unwrap();
        assert_eq!(local().get_item(&key(&plan)).unwrap(), None);
    }

    /// The staff home's count of saved changes reads the draft and leaves it as it was,
    /// readable or not (only opening the plan sets unreadable data aside, and says so).
    #[wasm_bindgen_test]
    fn a_saved_draft_is_looked_at_without_touching_it() {
        clear();
        let plan = synthetic_plan(3);
        assert_eq!(saved_draft(&plan.id), None);
        save(&draft_with_one_edit(&plan)).unwrap();
        assert_eq!(saved_draft(&plan.id), Some(SavedDraft::Changes(1)));
        local().set_item(&key(&plan), "{ this is not json").unwrap();
        assert_eq!(saved_draft(&plan.id), Some(SavedDraft::Unreadable));
        assert_eq!(
            local().get_item(&key(&plan)).unwrap().as_deref(),
            Some("{ this is not json")
        );
    }

    #[wasm_bindgen_test]
    fn corrupted_data_is_set_aside_not_deleted() {
        clear();
        let plan = synthetic_plan(3);
        local().set_item(&key(&plan), "{ this is not json").unwrap();
        match load(&plan) {
            Loaded::SetAside { aside_key, .. } => {
                assert_eq!(
                    local().get_item(&aside_key).unwrap().as_deref(),
                    Some("{ this is not json")
                );
                assert_eq!(local().get_item(&key(&plan)).unwrap(), None);
            }
            other => panic!("expected SetAside, got {other:?}"),
        }
    }

    #[wasm_bindgen_test]
    fn a_draft_of_an_older_plan_revision_is_carried_over() {
        clear();
        let old = synthetic_plan(3);
        save(&draft_with_one_edit(&old)).unwrap();
        let mut new = old.clone();
        new.revision = 2;
        match load(&new) {
            Loaded::Rebased(
                draft,
                Carried {
                    dropped,
                    from,
                    aside_key,
                },
            ) => {
                assert_eq!((draft.revision, dropped, from), (2, 0, 1));
                assert_eq!(draft.changes.len(), 1);
                assert_eq!(aside_key, None, "nothing dropped, nothing to keep aside");
            }
            other => panic!("expected Rebased, got {other:?}"),
        }
    }

    /// A draft whose cells partly vanish in the new revision, as saved text.
    fn draft_with_a_vanishing_cell(old: &Plan) -> String {
        let mut draft = draft_with_one_edit(old);
        draft.changes.insert(
            Cell::Actual {
                kpi: "k3".into(),
                fy: 2024,
            },
            Some(Figure::Number(7.0)),
        );
        save(&draft).unwrap();
        local().get_item(&key(old)).unwrap().unwrap()
    }

    fn newer_without_k3(old: &Plan) -> Plan {
        let mut new = old.clone();
        new.revision = 2;
        fn drop_k3(nodes: &mut [plan_core::plan::Node]) {
            for node in nodes {
                node.kpis.retain(|k| k.id != "k3");
                drop_k3(&mut node.children);
            }
        }
        drop_k3(&mut new.nodes);
        assert!(new.find_kpi("k3").is_none());
        new
    }

    #[wasm_bindgen_test]
    fn cells_that_cannot_move_to_a_new_revision_are_kept_aside_as_they_were() {
        clear();
        let old = synthetic_plan(3);
        let saved = draft_with_a_vanishing_cell(&old);
        match load(&newer_without_k3(&old)) {
            Loaded::Rebased(
                draft,
                Carried {
                    dropped,
                    aside_key: Some(aside),
                    ..
                },
            ) => {
                assert_eq!((dropped, draft.changes.len()), (1, 1));
                assert_eq!(local().get_item(&aside).unwrap(), Some(saved));
            }
            other => panic!("expected Rebased with a copy aside, got {other:?}"),
        }
    }

    /// Fill localStorage until the browser refuses even a single character.
    fn fill_storage() {
        let mut i = 0;
        for size in [512 * 1024, 32 * 1024, 2048, 128, 8, 1] {
            let chunk = "x".repeat(size);
            while local().set_item(&format!("f{i}"), &chunk).is_ok() {
                i += 1;
                assert!(i < 10_000, "localStorage never filled up");
            }
        }
    }

    #[wasm_bindgen_test]
    fn with_storage_full_what_cannot_be_kept_aside_is_not_saved_over() {
        clear();
        let plan = synthetic_plan(3);
        let key = key(&plan);
        local().set_item(&key, "{ this is not json").unwrap();
        fill_storage();
        let unreadable = load(&plan);
        assert_eq!(
            local().get_item(&key).unwrap().as_deref(),
            Some("{ this is not json")
        );
        clear();
        match unreadable {
            Loaded::Blocked(why) => assert!(why.contains("退避もできませんでした"), "{why}"),
            other => panic!("expected Blocked, got {other:?}"),
        }

        let saved = draft_with_a_vanishing_cell(&plan);
        fill_storage();
        let rebased = load(&newer_without_k3(&plan));
        assert_eq!(local().get_item(&key).unwrap(), Some(saved));
        clear();
        match rebased {
            Loaded::Blocked(why) => assert!(why.contains("1 件は新しい版に移せず"), "{why}"),
            other => panic!("expected Blocked, got {other:?}"),
        }
    }

    #[wasm_bindgen_test]
    fn a_draft_of_a_newer_revision_is_left_alone() {
        clear();
        let plan = synthetic_plan(3);
        let mut newer = plan.clone();
        newer.revision = 5;
        save(&draft_with_one_edit(&newer)).unwrap();
        let saved = local().get_item(&key(&plan)).unwrap();
        match load(&plan) {
            Loaded::Blocked(why) => assert!(why.contains("版 5"), "{why}"),
            other => panic!("expected Blocked, got {other:?}"),
        }
        assert_eq!(local().get_item(&key(&plan)).unwrap(), saved);
    }

    #[wasm_bindgen_test]
    fn a_full_storage_refuses_with_a_japanese_message() {
        clear();
        fill_storage();
        let plan = synthetic_plan(3);
        let err = save(&draft_with_one_edit(&plan)).unwrap_err();
        clear();
        assert!(err.contains("容量"), "{err}");
        assert!(err.contains("書き出"), "says what to do: {err}");
    }
}

#[cfg(feature = "staff")]
mod editing {
    //! The staff app's edit mode in a real DOM.

    use super::*;

    fn value(e: &web_sys::Element) -> String {
        js_sys::Reflect::get(e, &"value".into())
            .unwrap()
            .as_string()
            .unwrap()
    }

    /// Put `text` in the input as typing does, then leave it (its change event).
    fn enter(input: &web_sys::Element, text: &str) {
        input
            .unchecked_ref::<web_sys::HtmlInputElement>()
            .set_value(text);
        input
            .dispatch_event(&web_sys::Event::new("change").unwrap())
            .unwrap();
    }

    /// Yuzawa's report for 令和5年度 in edit mode, with nothing saved before: the app (kept
    /// while the returned handle lives) and the edit toggle.
    async fn report_in_edit_mode() -> (impl Drop, web_sys::HtmlElement) {
        clear();
        let app = mount_at("?plan=yuzawa&view=report&fy=2023", loaded(seed("yuzawa")));
        let toggle: web_sys::HtmlElement =
            wait_for("the edit toggle", || find("[data-testid=edit-toggle]"))
                .await
                .unchecked_into();
        toggle.click();
        (app, toggle)
    }

    /// An input shows the plan's value; what is typed in it stays while other cells change;
    /// a value the app reads is shown as it reads it; and when its cell moves (undo), the
    /// same input shows the new value.
    #[wasm_bindgen_test]
    async fn an_input_keeps_what_is_typed_until_its_own_cell_moves() {
        let (_app, toggle) = report_in_edit_mode().await;
        let k02 = r#"tr[data-kpi="k02"] [data-testid=actual-input]"#;
        let k07 = r#"tr[data-kpi="k07"] [data-testid=actual-input]"#;
        let input = wait_for("k02's input", || find(k02)).await;
        assert_eq!(value(&input), "439");
        let rate = || {
            find(r#"tr[data-kpi="k02"] [data-testid=report-rate]"#).and_then(|r| r.text_content())
        };
        assert_eq!(rate().as_deref(), Some("220%"));

        // Typing not yet taken (no change event) stays while another row is edited.
        input
            .unchecked_ref::<web_sys::HtmlInputElement>()
            .set_value("12");
        enter(&find(k07).unwrap(), "270000");
        sleep(20).await;
        assert_eq!(value(&input), "12");

        // Entered in full-width digits, it is read and shown as the app reads it.
        enter(&input, "１００");
        wait_for("the new rate", || {
            (rate().as_deref() == Some("50%")).then_some(())
        })
        .await;
        assert_eq!(value(&input), "100");

        // Undo twice (k02, then k07): the same input shows the published value again.
        let undo: web_sys::HtmlElement = find("[data-testid=undo]").unwrap().unchecked_into();
        undo.click();
        wait_for("k02's value back", || {
            (value(&input) == "439").then_some(())
        })
        .await;
        assert!(
            find(k02).unwrap().is_same_node(Some(&input)),
            "the same input"
        );
        assert_eq!(rate().as_deref(), Some("220%"));
        undo.click();
        wait_for("k07's value back", || {
            (value(&find(k07).unwrap()) == "283,179").then_some(())
        })
        .await;
        // Closed: nothing of this test is left to save.
        toggle.click();
        sleep(400).await;
        clear();
    }

    /// Junk is refused beside its input, in Japanese, and changes nothing.
    #[wasm_bindgen_test]
    async fn junk_is_refused_beside_its_input() {
        let (_app, toggle) = report_in_edit_mode().await;
        let input = wait_for("k07's input", || {
            find(r#"tr[data-kpi="k07"] [data-testid=actual-input]"#)
        })
        .await;
        enter(&input, "たくさん");
        let alert = wait_for("the refusal", || find(r#"tr[data-kpi="k07"] [role=alert]"#)).await;
        assert!(alert
            .text_content()
            .unwrap()
            .starts_with("入力「たくさん」を受け付けません"));
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
        let rate = find(r#"tr[data-kpi="k07"] [data-testid=report-rate]"#).unwrap();
        assert_eq!(rate.text_content().as_deref(), Some("93%"));
        toggle.click();
        clear();
    }
}

#[cfg(feature = "staff")]
mod survey_files {
    //! Returned files as the survey page takes them from the user's disk: a CSV decoded by
    //! the browser's TextDecoder (UTF-8, or Shift_JIS as Japanese Excel saves it), anything
    //! else handed to the worker as a workbook's bytes.

    use super::*;
    use kpi_dashboard::state::sheets::returned;
    use sheets::jobs::Content;

    fn file(name: &str, bytes: &[u8]) -> web_sys::File {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap()
    }

    #[wasm_bindgen_test]
    async fn a_shift_jis_csv_is_decoded_and_a_utf8_one_kept() {
        // "ＩＤ,値" + CRLF in Shift_JIS (not valid UTF-8).
        let sjis = [0x82, 0x68, 0x82, 0x63, 0x2C, 0x92, 0x6C, 0x0D, 0x0A];
        let r = returned(file("企画課.CSV", &sjis)).await.unwrap();
        assert_eq!(r.name, "企画課.CSV");
        assert_eq!(r.content, Content::Csv("ＩＤ,値\r\n".into()));
        let r = returned(file("総務課.csv", "ID,値\n".as_bytes()))
            .await
            .unwrap();
        assert_eq!(r.content, Content::Csv("ID,値\n".into()));
    }

    #[wasm_bindgen_test]
    async fn an_undecodable_csv_is_refused_in_japanese_and_a_workbook_passes_as_bytes() {
        let why = returned(file("壊れた.csv", &[0xFF, 0xFF, 0x41]))
            .await
            .unwrap_err();
        assert!(
            why.starts_with("壊れた.csv: 文字コードを判別できません"),
            "{why}"
        );
        let r = returned(file("回答.xlsx", &[0x50, 0x4B, 0x03, 0x04]))
            .await
            .unwrap();
        assert_eq!(r.content, Content::Xlsx(vec![0x50, 0x4B, 0x03, 0x04]));
    }
}
