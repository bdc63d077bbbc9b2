//! A file button that is also a drop zone (staff app): the JSON import and the survey returns.

use leptos::prelude::*;
use leptos_use_drop_zone::{use_drop_zone_with_options, UseDropZoneOptions, UseDropZoneReturn};

/// A button labelled `label` that opens the file picker (`accept`, one file or `multiple`),
/// on an area that takes the same files dropped on it; either way `on_files` gets them.
/// `children` follow inside the area (what the files gave).
#[component]
pub fn FileDrop(
    label: &'static str,
    accept: &'static str,
    #[prop(optional)] multiple: bool,
    testid: &'static str,
    on_files: Callback<Vec<web_sys::File>>,
    children: Children,
) -> impl IntoView {
    let area = NodeRef::<leptos::html::Div>::new();
    let UseDropZoneReturn {
        is_over_drop_zone, ..
    } = use_drop_zone_with_options(
        area,
        UseDropZoneOptions::default().on_drop(move |ev| on_files.run(ev.files)),
    );
    let on_pick = move |ev: web_sys::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let files = input.files().map_or(Vec::new(), |list| {
            (0..list.length()).filter_map(|i| list.get(i)).collect()
        });
        // The same file picked again is a new pick.
        input.set_value("");
        on_files.run(files);
    };
    view! {
        <div class="import-area" class:dragging=move || is_over_drop_zone.get() node_ref=area>
            <div class="import">
                <label class="button">
                    {label}
                    <input
                        class="visually-hidden"
                        type="file"
                        multiple=multiple
                        autocomplete="off"
                        accept=accept
                        data-testid=testid
                        on:change=on_pick
                    />
                </label>
            </div>
            {children()}
        </div>
    }
}
