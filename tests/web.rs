//! Browser-bound code, tested in headless Chromium with wasm-bindgen-test.
//! Run by `make test` (step 3), or: `cargo test -p kpi-dashboard --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

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

/// Poll until `f` returns Some, or fail after ~5 s.
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
    let body: String = html
        .chars()
        .rev()
        .take(1500)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    panic!("timed out waiting for {what}; the page shows: {body}");
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

#[wasm_bindgen_test]
async fn fetch_of_a_missing_file_says_what_failed_in_japanese() {
    let err = kpi_dashboard::fetch::fetch_text("no-such-file.json")
        .await
        .unwrap_err();
    assert!(err.contains("no-such-file.json"), "{err}");
    assert!(err.contains("HTTP 404"), "{err}");
}

/// Mount the app in a fresh container at the given public link; unmounted when dropped.
fn mount_at(search: &str) -> impl Drop {
    let window = web_sys::window().unwrap();
    window
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
    leptos::mount::mount_to(container, kpi_dashboard::app::App)
}

fn find(selector: &str) -> Option<web_sys::Element> {
    document().query_selector(selector).ok().flatten()
}

#[wasm_bindgen_test]
async fn unknown_plan_in_a_link_gets_a_friendly_page_with_a_way_back() {
    let _app = mount_at("?plan=no-such-city");
    let alert = wait_for("role=alert", || find("[role=alert]")).await;
    let text = alert.text_content().unwrap_or_default();
    assert!(text.contains("ページが見つかりません"), "{text}");
    assert!(text.contains("no-such-city"), "{text}");
    let link = alert
        .query_selector("a")
        .unwrap()
        .expect("a way back")
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("?"));
    assert!(find(".site-header")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("行政改革 進捗ダッシュボード"));
}

#[wasm_bindgen_test]
async fn home_lists_the_plans_of_the_bundled_index() {
    // The test server serves the package root, so seeds/ is the real bundled data.
    let _app = mount_at("");
    let list = wait_for("the plan list", || find("[data-testid=plan-list]")).await;
    let summaries = wait_for("every plan summary", || {
        let s = list.query_selector_all(".plan-summary").ok()?;
        (s.length() == 4).then_some(s)
    })
    .await;
    assert_eq!(summaries.length(), 4);
    let text = list.text_content().unwrap();
    for city in ["湯沢市", "安中市", "東根市", "南アルプス市"] {
        assert!(text.contains(city), "{city} missing from: {text}");
    }
}

mod storage_tests {
    use super::*;
    use kpi_dashboard::storage::{self, draft_key, Carried, Loaded, SavedDraft};
    use plan_core::edits::{Cell, Draft};
    use plan_core::plan::Figure;
    use plan_core::synth::synthetic_plan;

    fn draft_with_one_edit(plan: &plan_core::plan::Plan) -> Draft {
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
        storage::save(&draft).unwrap();
        assert_eq!(storage::load(&plan), Loaded::Draft(draft.clone()));
        // Only the overlay is stored, never the plan.
        let stored = local().get_item(&draft_key(&plan.id)).unwrap().unwrap();
        assert!(stored.len() < 200, "{stored}");
        // An empty draft removes the key.
        storage::save(&Draft::new(&plan)).unwrap();
        assert_eq!(local().get_item(&draft_key(&plan.id)).unwrap(), None);
    }

    /// The staff home's count of saved changes reads the draft and leaves it as it was,
    /// readable or not (only opening the plan sets unreadable data aside, and says so).
    #[wasm_bindgen_test]
    fn a_saved_draft_is_looked_at_without_touching_it() {
        clear();
        let plan = synthetic_plan(3);
        assert_eq!(storage::saved_draft(&plan.id), None);
        storage::save(&draft_with_one_edit(&plan)).unwrap();
        assert_eq!(storage::saved_draft(&plan.id), Some(SavedDraft::Changes(1)));
        local()
            .set_item(&draft_key(&plan.id), "{ this is not json")
            .unwrap();
        assert_eq!(storage::saved_draft(&plan.id), Some(SavedDraft::Unreadable));
        assert_eq!(
            local().get_item(&draft_key(&plan.id)).unwrap().as_deref(),
            Some("{ this is not json")
        );
    }

    #[wasm_bindgen_test]
    fn corrupted_data_is_set_aside_not_deleted() {
        clear();
        let plan = synthetic_plan(3);
        local()
            .set_item(&draft_key(&plan.id), "{ this is not json")
            .unwrap();
        match storage::load(&plan) {
            Loaded::SetAside { aside_key, .. } => {
                assert_eq!(
                    local().get_item(&aside_key).unwrap().as_deref(),
                    Some("{ this is not json")
                );
                assert_eq!(local().get_item(&draft_key(&plan.id)).unwrap(), None);
            }
            other => panic!("expected SetAside, got {other:?}"),
        }
    }

    #[wasm_bindgen_test]
    fn a_draft_of_an_older_plan_revision_is_carried_over() {
        clear();
        let old = synthetic_plan(3);
        storage::save(&draft_with_one_edit(&old)).unwrap();
        let mut new = old.clone();
        new.revision = 2;
        match storage::load(&new) {
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

    /// A draft whose cells partly vanished in the new revision, as saved text.
    fn draft_with_a_vanishing_cell(old: &plan_core::plan::Plan) -> String {
        let mut draft = draft_with_one_edit(old);
        draft.changes.insert(
            Cell::Actual {
                kpi: "k3".into(),
                fy: 2024,
            },
            Some(Figure::Number(7.0)),
        );
        storage::save(&draft).unwrap();
        local().get_item(&draft_key(&old.id)).unwrap().unwrap()
    }

    fn newer_without_k3(old: &plan_core::plan::Plan) -> plan_core::plan::Plan {
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
        match storage::load(&newer_without_k3(&old)) {
            Loaded::Rebased(
                draft,
                Carried {
                    dropped,
                    aside_key: Some(key),
                    ..
                },
            ) => {
                assert_eq!((dropped, draft.changes.len()), (1, 1));
                assert_eq!(local().get_item(&key).unwrap(), Some(saved));
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
        let key = draft_key(&plan.id);
        local().set_item(&key, "{ this is not json").unwrap();
        fill_storage();
        let unreadable = storage::load(&plan);
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
        let rebased = storage::load(&newer_without_k3(&plan));
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
        storage::save(&draft_with_one_edit(&newer)).unwrap();
        let saved = local().get_item(&draft_key(&plan.id)).unwrap();
        match storage::load(&plan) {
            Loaded::Blocked(why) => assert!(why.contains("版 5"), "{why}"),
            other => panic!("expected Blocked, got {other:?}"),
        }
        assert_eq!(local().get_item(&draft_key(&plan.id)).unwrap(), saved);
    }

    #[wasm_bindgen_test]
    fn a_full_storage_refuses_with_a_japanese_message() {
        clear();
        fill_storage();
        let plan = synthetic_plan(3);
        let err = storage::save(&draft_with_one_edit(&plan)).unwrap_err();
        clear();
        assert!(err.contains("容量"), "{err}");
        assert!(err.contains("書き出"), "says what to do: {err}");
    }
}

/// Static markup (`src/dom.rs`) in a real DOM: text stays text, attributes are set, a rebuild
/// patches the nodes of the same shape and replaces the others, and unmounting removes them.
#[wasm_bindgen_test]
fn static_markup_mounts_inert_text_rebuilds_and_unmounts() {
    use kpi_dashboard::dom::{el, elc, Dom};
    use leptos::tachys::view::{Mountable, Render};

    let host = document().create_element("div").unwrap();
    let hostile = "<img src=x onerror=\"window.__pwned = 1\"><script>window.__pwned = 1</script>";
    let first: Dom = elc("p", "note").attr("title", hostile).text(hostile).into();
    let mut state = first.build();
    state.mount(&host, None);
    let p = host.first_element_child().expect("the element is mounted");
    assert_eq!(p.tag_name(), "P");
    assert_eq!(p.get_attribute("class").as_deref(), Some("note"));
    assert_eq!(p.get_attribute("title").as_deref(), Some(hostile));
    assert_eq!(p.text_content().as_deref(), Some(hostile));
    assert_eq!(host.query_selector_all("img, script").unwrap().length(), 0);

    // The same shape with other figures: the element is patched, not replaced, so what the
    // user did to it stays (here an attribute set from outside, like an opened <details>).
    p.set_attribute("data-user", "kept").unwrap();
    let patched: Dom = elc("p", "note warn")
        .text("達成率 ")
        .child(el("strong").text("93%"))
        .into();
    patched.rebuild(&mut state);
    let same = host.first_element_child().unwrap();
    assert!(same.is_same_node(Some(&p)), "patched in place");
    assert_eq!(p.get_attribute("class").as_deref(), Some("note warn"));
    assert_eq!(
        p.get_attribute("title"),
        None,
        "an attribute gone from the tree is removed"
    );
    assert_eq!(p.get_attribute("data-user").as_deref(), Some("kept"));
    assert_eq!(p.inner_html(), "達成率 <strong>93%</strong>");
    let strong = p.query_selector("strong").unwrap().unwrap();
    let fewer: Dom = elc("p", "note warn").child(el("strong").text("88%")).into();
    fewer.rebuild(&mut state);
    assert_eq!(
        p.inner_html(),
        "<strong>88%</strong>",
        "a child of another kind is replaced, the extra one removed"
    );
    assert!(!p.first_child().unwrap().is_same_node(Some(&strong)));
    let more: Dom = elc("p", "note warn")
        .child(el("strong").text("88%"))
        .child(el("em").text("（暫定）"))
        .into();
    more.rebuild(&mut state);
    let strong = p.query_selector("strong").unwrap().unwrap();
    assert_eq!(p.inner_html(), "<strong>88%</strong><em>（暫定）</em>");
    // A chart: its SVG comes before the children; a new SVG replaces the element.
    let chart = |svg: &str, caption: &str| -> Dom {
        elc("div", "chart-svg")
            .chart_svg(svg.to_string())
            .child(el("p").text(caption.to_string()))
            .into()
    };
    chart("<svg><rect width=\"1\"/></svg>", "a").rebuild(&mut state);
    assert!(!host.first_element_child().unwrap().is_same_node(Some(&p)));
    let div = host.first_element_child().unwrap();
    chart("<svg><rect width=\"1\"/></svg>", "b").rebuild(&mut state);
    assert!(host.first_element_child().unwrap().is_same_node(Some(&div)));
    assert_eq!(
        div.inner_html(),
        "<svg><rect width=\"1\"></rect></svg><p>b</p>"
    );
    chart("<svg><rect width=\"2\"/></svg>", "b").rebuild(&mut state);
    assert!(!host.first_element_child().unwrap().is_same_node(Some(&div)));
    assert!(strong.parent_node().is_none() || !host.contains(Some(&strong)));

    let second: Dom = el("table")
        .child(el("tr").child(el("td").text("93%")))
        .into();
    second.rebuild(&mut state);
    assert_eq!(
        host.child_element_count(),
        1,
        "the old node is replaced, not kept"
    );
    assert_eq!(host.text_content().as_deref(), Some("93%"));
    assert!(host.query_selector("table td").unwrap().is_some());

    state.unmount();
    assert_eq!(host.child_nodes().length(), 0);
}

fn search() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

/// A new 基準年度 is drawn first and written to the address after that frame; a link followed
/// before then still leaves the history in the order the reader went.
#[wasm_bindgen_test]
async fn a_year_change_reaches_the_address_and_history_keeps_the_readers_order() {
    clear();
    let _app = mount_at("?plan=yuzawa&fy=2023");
    let select = wait_for("the year select", || find("[data-testid=fy-select]")).await;
    // As the browser does when the reader picks an option.
    let pick = js_sys::Function::new_with_args(
        "el, v",
        "el.value = v; el.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    let change_year = |fy: &str| {
        pick.call2(&wasm_bindgen::JsValue::NULL, &select, &fy.into())
            .unwrap();
    };
    let shown_year = || {
        find("[data-testid=fy-select]")
            .and_then(|s| js_sys::Reflect::get(&s, &"value".into()).ok())
            .and_then(|v| v.as_string())
    };

    change_year("2022");
    assert_eq!(search(), "?plan=yuzawa&fy=2023", "written after the frame");
    wait_for("fy=2022 in the address", || {
        (search() == "?plan=yuzawa&fy=2022").then_some(())
    })
    .await;

    // Another year, and at once (before the frame) a link to a policy.
    change_year("2021");
    let link: web_sys::HtmlElement = find("a[href^='?plan=yuzawa&node=']")
        .expect("a link to a policy")
        .unchecked_into();
    let href = link.get_attribute("href").unwrap();
    link.click();
    assert_eq!(search(), href);
    sleep(100).await;
    assert_eq!(
        search(),
        href,
        "the year change does not land on top of the link"
    );

    // Back goes to the year the reader chose before following the link.
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .back()
        .unwrap();
    wait_for("the overview of 2021 after back", || {
        (search() == "?plan=yuzawa&fy=2021" && shown_year().as_deref() == Some("2021"))
            .then_some(())
    })
    .await;
}

/// A report row gains or loses a year's column in its middle: the cells after it are patched
/// against their own old selves (the target's cell is not touched), the year's input is a new
/// control for the other year (what was typed and not yet taken stays out of it), and
/// whatever the change, the page ends as a fresh rendering would show it.
#[wasm_bindgen_test]
fn a_column_added_or_removed_in_a_row_patches_the_cells_after_it_in_place() {
    use kpi_dashboard::dom::{control, el, elc, value_of, Dom};
    use leptos::tachys::view::{Mountable, Render};

    // 名称, the years up to `as_of` (the last an input, empty, as the actuals are), 目標,
    // 達成率, 取組内容等.
    let row = |as_of: i32, rate: &str| -> Dom {
        el("tr")
            .child(el("th").text("公共施設の延べ床面積"))
            .children((2021..=as_of).map(|y| {
                let td = elc("td", "num");
                if y == as_of {
                    td.child(control("input").attr("data-fy", y.to_string()).value(""))
                } else {
                    td.text("")
                }
                .into()
            }))
            .child(elc("td", "num").text("264,000"))
            .child(elc("td", "num").text(rate.to_string()))
            .child(el("td").child(control("textarea").value(format!("{as_of}年度の取組"))))
            .into()
    };
    let fresh = |dom: Dom| {
        let host = document().create_element("table").unwrap();
        let mut state = dom.build();
        state.mount(&host, None);
        host.inner_html()
    };
    // In the page, so that a control can have the focus.
    let host = document().create_element("table").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let mut state = row(2023, "93%").build();
    state.mount(&host, None);
    let tr = host.first_element_child().unwrap();
    let cell = |i: u32| tr.children().item(i).unwrap();
    let input = |i: u32| cell(i).first_element_child().unwrap();
    let target = cell(4);
    // A refused entry left in 2023's input (the reader has moved on; it keeps what was typed).
    let refused = input(3);
    kpi_dashboard::dom::set_value(&refused, "abc");

    row(2022, "92%").rebuild(&mut state);
    assert_eq!(host.inner_html(), fresh(row(2022, "92%")));
    assert!(
        cell(3).is_same_node(Some(&target)),
        "the target's cell is the same node"
    );
    assert_eq!(cell(4).text_content().as_deref(), Some("92%"));
    assert!(input(2).is_same_node(Some(&refused)), "patched for 2022");
    assert_eq!(input(2).get_attribute("data-fy").as_deref(), Some("2022"));
    assert_eq!(
        value_of(&input(2)),
        "",
        "2023's entry does not show under 2022"
    );
    assert_eq!(value_of(&input(5)), "2022年度の取組");

    // Typing in 2022's input, not yet taken (the input has the focus): the input is replaced,
    // so that its change event, on leaving it, writes to 2022's cell, and 2023's is empty.
    let typing = input(2);
    typing
        .unchecked_ref::<web_sys::HtmlElement>()
        .focus()
        .unwrap();
    kpi_dashboard::dom::set_value(&typing, "500");
    row(2023, "93%").rebuild(&mut state);
    assert_eq!(host.inner_html(), fresh(row(2023, "93%")));
    assert!(cell(4).is_same_node(Some(&target)));
    assert!(
        !input(3).is_same_node(Some(&typing)),
        "a new input for 2023"
    );
    assert_eq!(value_of(&input(3)), "");
    state.unmount();
    host.remove();

    // Lists that grow, shrink or change at either end come out as fresh, whichever way they
    // are matched.
    let list = |items: &[&str]| -> Dom {
        el("tr")
            .children(items.iter().map(|t| el("td").text(t.to_string()).into()))
            .into()
    };
    let cases: [(&[&str], &[&str]); 7] = [
        (&["a", "b", "c"], &["a", "b", "c", "d"]),
        (&["a", "b", "c", "d"], &["a", "d"]),
        (&["a", "b", "c"], &["x", "a", "b", "c"]),
        (&["x", "a", "b", "c"], &["b", "c"]),
        (&["a", "b", "c"], &["a2", "b2", "c2", "d2"]),
        (&["a", "b"], &[]),
        (&[], &["a", "b"]),
    ];
    for (before, after) in cases {
        let mut state = list(before).build();
        let host = document().create_element("table").unwrap();
        state.mount(&host, None);
        list(after).rebuild(&mut state);
        assert_eq!(
            host.inner_html(),
            fresh(list(after)),
            "{before:?} → {after:?}"
        );
    }
}

/// A form control's value is its live property: set when created (a select's after its
/// options), written again only when the tree's value changes, so what the user typed stays
/// until the plan's value moves (undo, another tab), and then the new value shows.
#[wasm_bindgen_test]
fn control_values_are_set_as_properties_and_only_when_they_change() {
    use kpi_dashboard::dom::{el, Dom};
    use leptos::tachys::view::{Mountable, Render};
    use wasm_bindgen::JsCast;

    let value = |e: &web_sys::Element| {
        js_sys::Reflect::get(e, &"value".into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    let form = |input: &str, choice: &str| -> Dom {
        el("div")
            .child(el("input").attr("type", "text").value(input))
            .child(
                el("select")
                    .child(el("option").attr("value", "").text("（未入力）"))
                    .child(el("option").attr("value", "実施").text("実施"))
                    .child(el("option").attr("value", "完了").text("完了"))
                    .value(choice),
            )
            .child(el("textarea").value("講座を開催した。"))
            .into()
    };
    let host = document().create_element("div").unwrap();
    let mut state = form("439", "実施").build();
    state.mount(&host, None);
    let input = host.query_selector("input").unwrap().unwrap();
    let select = host.query_selector("select").unwrap().unwrap();
    let textarea = host.query_selector("textarea").unwrap().unwrap();
    assert_eq!(value(&input), "439");
    assert_eq!(
        value(&select),
        "実施",
        "a select takes its value after its options"
    );
    assert_eq!(value(&textarea), "講座を開催した。");

    // The user types; a rebuild with the same values leaves the typing alone.
    input
        .unchecked_ref::<web_sys::HtmlInputElement>()
        .set_value("たくさん");
    form("439", "実施").rebuild(&mut state);
    assert_eq!(value(&input), "たくさん");

    // The plan's value moved: it shows, in the same nodes.
    form("100", "完了").rebuild(&mut state);
    assert!(host
        .query_selector("input")
        .unwrap()
        .unwrap()
        .is_same_node(Some(&input)));
    assert_eq!(value(&input), "100");
    assert_eq!(value(&select), "完了");
    assert_eq!(value(&textarea), "講座を開催した。");
    state.unmount();
}

mod editing {
    use super::*;
    use kpi_dashboard::edit::PlanState;
    use leptos::prelude::*;
    use plan_core::edits::Cell;
    use plan_core::plan::Figure;
    use plan_core::synth::synthetic_plan;
    use std::sync::Arc;

    #[wasm_bindgen_test]
    fn edit_mode_copies_the_published_plan_once_and_edits_write_into_that_copy() {
        super::clear();
        let owner = Owner::new();
        owner.set();
        let base = Arc::new(synthetic_plan(3));
        let state = PlanState::open(base.clone(), 2023);
        // No draft: the working plan is the published one, shared.
        assert!(Arc::ptr_eq(&state.plan.get_untracked().0, &base));

        state.toggle_editing();
        assert!(state.editing.get_untracked());
        let copy = Arc::as_ptr(&state.plan.get_untracked().0);
        assert!(!std::ptr::eq(copy, Arc::as_ptr(&base)));
        assert_eq!(*state.plan.get_untracked().0, *base);

        // The first edit writes into that copy (no second copy), and the published plan
        // is left as it was.
        let cell = Cell::Actual {
            kpi: "k1".into(),
            fy: 2023,
        };
        assert!(state.set_cell(cell.clone(), Some(Figure::Number(4321.0))));
        assert!(std::ptr::eq(
            Arc::as_ptr(&state.plan.get_untracked().0),
            copy
        ));
        assert_eq!(
            plan_core::edits::read_cell(&state.plan.get_untracked().0, &cell),
            Some(Figure::Number(4321.0))
        );
        assert_ne!(
            plan_core::edits::read_cell(&base, &cell),
            Some(Figure::Number(4321.0))
        );
        // Turning edit mode off and on again copies nothing more.
        state.toggle_editing();
        assert!(!state.editing.get_untracked());
        state.toggle_editing();
        assert!(std::ptr::eq(
            Arc::as_ptr(&state.plan.get_untracked().0),
            copy
        ));
        // Closed, so the scheduled draft save finds nothing to write (other tests use the
        // same plan id).
        owner.cleanup();
        super::clear();
    }
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
