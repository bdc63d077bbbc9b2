//! Static markup as plain data: the read-only parts of pages (tables of figures, text fields,
//! facts) are built as a `Dom` tree and handed to Leptos as one kind of view.
//!
//! Why: every distinct `view!` shape is its own Rust type, and Leptos compiles build, mount,
//! unmount and drop code for each one into the wasm. A page of static tables written as
//! `view!` cost tens of kilobytes; the same markup as `Dom` values costs a few function calls
//! per element and shares one renderer. Reactive parts (inputs, the year select, anything that
//! changes after it is shown) stay `view!` code.
//!
//! Safety: text is only ever set as text nodes and attribute values, never parsed as HTML
//! (the one exception, `El::chart_svg`, takes SVG drawn by `crate::charts` from numbers).
//! `markup` (escaped) lets native tests check what a page would show.

use leptos::tachys::html::attribute::{any_attribute::AnyAttribute, Attribute};
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types;
use leptos::tachys::view::{add_attr::AddAnyAttr, Mountable, Position, PositionState};
use leptos::tachys::view::{Render, RenderHtml};
use std::borrow::Cow;
#[cfg(feature = "staff")]
use std::sync::Arc;

/// A node of static markup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dom {
    Text(String),
    El(Box<El>),
    /// A subtree kept from an earlier build (a long report's unchanged rows, as an edit
    /// rebuilds it): putting it in the new tree costs no copy, and comparing it with itself is
    /// one pointer comparison (`Arc`'s equality checks identity first for `Eq` types). In the
    /// staff app only, which edits: its code was 0.4 KB gzip of the citizens' wasm.
    #[cfg(feature = "staff")]
    Shared(Arc<Dom>),
}

/// An element: tag, attributes in order, children.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct El {
    pub tag: &'static str,
    /// Values are mostly constants ("num", "row", "text"): borrowed, they cost no allocation,
    /// which a long report rebuilt for an edit makes by the thousand.
    pub attrs: Vec<(&'static str, Cow<'static, str>)>,
    pub children: Vec<Dom>,
    /// SVG markup drawn by `crate::charts` from numbers and years only, never from plan
    /// text; the one place markup is inserted as markup.
    pub chart_svg: Option<String>,
    /// The `value` *property* of a form control (an input, textarea or select). An attribute
    /// would only set the initial value: once typed in, a control ignores it, so a value
    /// changed by undo or another tab would not show.
    pub value: Option<String>,
}

/// Start an element.
pub fn el(tag: &'static str) -> El {
    El {
        tag,
        attrs: Vec::new(),
        children: Vec::new(),
        chart_svg: None,
        value: None,
    }
}

/// A form control (input, select, textarea). Its value is the app's, kept in the draft, the
/// plan or the link, so the browser is told not to autocomplete it: then it neither offers
/// to fill in a figure nor saves every control with each history entry, which Chromium's
/// `pushState` does (11 ms with the inputs of a 1,000-row report in edit mode, 0.6 ms
/// without; measured in headless Chromium).
pub fn control(tag: &'static str) -> El {
    el(tag).attr("autocomplete", "off")
}

/// An element with a class, the commonest start.
pub fn elc(tag: &'static str, class: &'static str) -> El {
    el(tag).attr("class", class)
}

/// A link to a public route; the app's delegated click handler keeps it in the page.
pub fn link(route: &plan_core::route::Route, label: String) -> El {
    el("a").attr("href", route.to_query()).text(label)
}

/// A wide table in its own scroll box, so the page itself never scrolls sideways on a phone.
pub fn table_scroll(table: El) -> El {
    elc("div", "table-scroll")
        .attr("tabindex", "0")
        .child(table)
}

impl El {
    pub fn attr(mut self, name: &'static str, value: impl Into<Cow<'static, str>>) -> Self {
        self.attrs.push((name, value.into()));
        self
    }

    pub fn child(mut self, child: impl Into<Dom>) -> Self {
        self.children.push(child.into());
        self
    }

    /// Add a child only when there is one.
    pub fn opt(self, child: Option<impl Into<Dom>>) -> Self {
        match child {
            Some(c) => self.child(c),
            None => self,
        }
    }

    /// Put a chart drawn by `crate::charts` inside (see `chart_svg`).
    pub fn chart_svg(mut self, svg: String) -> Self {
        self.chart_svg = Some(svg);
        self
    }

    /// What a control is bound to: its `data-` attributes (the cell, the KPI, the year). What
    /// was typed in it and not yet taken (the change event comes on leaving it) must not show
    /// under another year or KPI, where a matching value would leave it in place (`patch`).
    fn binding(&self) -> impl Iterator<Item = &(&'static str, Cow<'static, str>)> {
        self.attrs.iter().filter(|(k, _)| k.starts_with("data-"))
    }

    /// Set the control's current value (see `value`).
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }

    pub fn text(self, text: impl Into<String>) -> Self {
        self.child(Dom::Text(text.into()))
    }

    pub fn children(mut self, children: impl IntoIterator<Item = Dom>) -> Self {
        self.children.extend(children);
        self
    }

    /// The text of this element and all its descendants, as a browser's `textContent`.
    pub fn text_content(&self) -> String {
        let mut out = String::new();
        for c in &self.children {
            c.collect_text(&mut out);
        }
        out
    }
}

impl From<El> for Dom {
    fn from(el: El) -> Self {
        Dom::El(Box::new(el))
    }
}

impl From<String> for Dom {
    fn from(text: String) -> Self {
        Dom::Text(text)
    }
}

impl From<&str> for Dom {
    fn from(text: &str) -> Self {
        Dom::Text(text.to_string())
    }
}

/// Append `text` escaped for HTML text or a double-quoted attribute value.
pub fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

impl Dom {
    /// Escaped HTML of this node (native tests, and Leptos' server rendering API).
    pub fn markup(&self) -> String {
        let mut out = String::new();
        self.write_html(&mut out);
        out
    }

    /// The node itself, through any number of `Shared` wrappers.
    #[cfg(feature = "staff")]
    fn resolved(&self) -> &Dom {
        match self {
            Dom::Shared(d) => d.resolved(),
            d => d,
        }
    }

    #[cfg(not(feature = "staff"))]
    fn resolved(&self) -> &Dom {
        self
    }

    fn write_html(&self, out: &mut String) {
        match self {
            Dom::Text(t) => escape_html(t, out),
            Dom::El(e) => {
                out.push('<');
                out.push_str(e.tag);
                for (k, v) in &e.attrs {
                    out.push(' ');
                    out.push_str(k);
                    out.push_str("=\"");
                    escape_html(v, out);
                    out.push('"');
                }
                // (The live value property, written where an attribute would be.)
                if let Some(v) = &e.value {
                    out.push_str(" value=\"");
                    escape_html(v, out);
                    out.push('"');
                }
                out.push('>');
                if let Some(svg) = &e.chart_svg {
                    out.push_str(svg);
                }
                for c in &e.children {
                    c.write_html(out);
                }
                out.push_str("</");
                out.push_str(e.tag);
                out.push('>');
            }
            #[cfg(feature = "staff")]
            Dom::Shared(d) => d.write_html(out),
        }
    }

    /// The text the browser shows for this node (`textContent`).
    pub fn text_content(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    /// Every element with this tag, in document order (tests read tables with it).
    pub fn find_tag(&self, tag: &str) -> Vec<&El> {
        let mut found = Vec::new();
        self.walk(&mut |e| {
            if e.tag == tag {
                found.push(e)
            }
        });
        found
    }

    fn walk<'a>(&'a self, f: &mut impl FnMut(&'a El)) {
        if let Dom::El(e) = self.resolved() {
            f(e);
            e.children.iter().for_each(|c| c.walk(f));
        }
    }

    fn collect_text(&self, out: &mut String) {
        match self {
            Dom::Text(t) => out.push_str(t),
            Dom::El(e) => e.children.iter().for_each(|c| c.collect_text(out)),
            #[cfg(feature = "staff")]
            Dom::Shared(d) => d.collect_text(out),
        }
    }

    /// Create the browser nodes. Text goes in as text nodes, so markup in plan data stays inert.
    fn create(&self, doc: &web_sys::Document) -> web_sys::Node {
        match self {
            #[cfg(feature = "staff")]
            Dom::Shared(d) => d.create(doc),
            Dom::Text(t) => doc.create_text_node(t).into(),
            Dom::El(e) => {
                let el = doc.create_element(e.tag).expect("a valid tag name");
                for (k, v) in &e.attrs {
                    let _ = el.set_attribute(k, v);
                }
                if let Some(svg) = &e.chart_svg {
                    el.set_inner_html(svg);
                }
                for c in &e.children {
                    let _ = el.append_child(&c.create(doc));
                }
                // After the children: a select takes a value only once its options exist.
                if let Some(v) = &e.value {
                    set_value(&el, v);
                }
                el.into()
            }
        }
    }

    fn build_node(&self) -> types::Node {
        self.create(&leptos::tachys::dom::document())
    }

    /// Bring `node`, which shows `old`, up to date with `self`, touching only what differs.
    /// Returns false when `node` cannot be patched (another tag, another chart, or a node
    /// changed by someone else) and must be replaced by a new one.
    fn patch(&self, old: &Dom, node: &web_sys::Node, doc: &web_sys::Document) -> bool {
        use wasm_bindgen::JsCast;
        match (old.resolved(), self.resolved()) {
            (Dom::Text(was), Dom::Text(now)) => {
                if was != now {
                    node.set_text_content(Some(now));
                }
                true
            }
            (Dom::El(was), Dom::El(now))
                if was.tag == now.tag
                    && was.chart_svg == now.chart_svg
                    && was.value.is_some() == now.value.is_some() =>
            {
                let Some(element) = node.dyn_ref::<web_sys::Element>() else {
                    return false;
                };
                // A control bound to another cell (a year change moves the report's inputs
                // to the other year's column). The one with the focus may hold typing not yet
                // taken, which its change event writes to its own cell: it is replaced, not
                // patched. Any other is patched and shows its new cell's value, whatever it
                // showed (a refused entry). Re-creating every control instead took 45 ms more
                // of a year change with 1,000 report rows.
                let rebound = now.value.is_some() && !now.binding().eq(was.binding());
                if rebound && doc.active_element().as_ref() == Some(element) {
                    return false;
                }
                for (k, v) in &now.attrs {
                    if !was.attrs.iter().any(|(ok, ov)| ok == k && ov == v) {
                        let _ = element.set_attribute(k, v);
                    }
                }
                for (k, _) in &was.attrs {
                    if !now.attrs.iter().any(|(nk, _)| nk == k) {
                        let _ = element.remove_attribute(k);
                    }
                }
                if !now.patch_children(&was.children, node, doc) {
                    return false;
                }
                // Only a value that changed is written: the user's typing is left alone.
                if let Some(v) = now
                    .value
                    .as_ref()
                    .filter(|v| rebound || was.value.as_ref() != Some(*v))
                {
                    set_value(element, v);
                }
                true
            }
            _ => false,
        }
    }
}

/// Set the `value` property of whatever form control `element` is (input, textarea, select).
pub fn set_value(element: &web_sys::Element, value: &str) {
    let _ = js_sys::Reflect::set(element, &"value".into(), &value.into());
}

/// A button that names its action for the area's one click listener (`action_of`); tests find
/// it by the same name.
pub fn action_button(action: &'static str, label: &str, enabled: bool) -> El {
    let b = el("button")
        .attr("type", "button")
        .attr("data-testid", action)
        .attr("data-action", action);
    if enabled { b } else { b.attr("disabled", "") }.text(label)
}

/// The `data-action` of the element a click landed in (the button, or an element inside it):
/// markup names what its buttons do, and one listener per area dispatches on the name.
pub fn action_of(ev: &web_sys::Event) -> Option<String> {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("[data-action]").ok().flatten())
        .and_then(|b| b.get_attribute("data-action"))
}

/// The `value` property of whatever form control `element` is ("" for anything else).
pub fn value_of(element: &web_sys::Element) -> String {
    js_sys::Reflect::get(element, &"value".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

impl El {
    /// `Dom::patch` for the children of `node`, which come after the chart's nodes.
    fn patch_children(&self, old: &[Dom], node: &web_sys::Node, doc: &web_sys::Document) -> bool {
        let new = &self.children;
        let shown = node.child_nodes();
        let Some(first) = (shown.length() as usize).checked_sub(old.len()) else {
            return false;
        };
        let (head, tail) = align(old, new);
        // The head and the tail first, while the old children are where they were.
        let pairs = (0..head)
            .map(|i| (i, i))
            .chain((1..=tail).map(|k| (old.len() - k, new.len() - k)));
        for (i, j) in pairs {
            let (was, now) = (&old[i], &new[j]);
            // An unchanged subtree is left alone without asking the browser for its node: a
            // long table patched for one edited row costs a comparison per row in the wasm,
            // not calls into the DOM for every cell (the app's part of an edit with 1,000
            // report rows shown: 20.7 → 12.0 ms in a trace).
            if was == now {
                continue;
            }
            let Some(child) = shown.item((first + i) as u32) else {
                return false;
            };
            if !now.patch(was, &child, doc) {
                let _ = node.replace_child(&now.create(doc), &child);
            }
        }
        // Then the old children between them go, and the new ones take their place.
        for _ in head..old.len() - tail {
            if let Some(gone) = shown.item((first + head) as u32) {
                let _ = node.remove_child(&gone);
            }
        }
        let before = shown.item((first + head) as u32);
        for now in &new[head..new.len() - tail] {
            let _ = node.insert_before(&now.create(doc), before.as_ref());
        }
        true
    }
}

/// Which children to patch in place when a parent's children are `old` and are to be `new`:
/// the first `head` by position and the last `tail` counted from the end; the old children
/// between them are removed and the new ones inserted there.
///
/// When as many children as before, all by position. When a child was added or removed in
/// the middle (another year gives each report row a column more or less, before the target,
/// the rate and the comment), the children after the equal leading ones are matched from the
/// end, if that matches more of them unchanged: then each cell is patched against its own old
/// self, not against the neighbour shifted into its place. A year change on the staff report
/// with 1,000 rows in edit mode: the app's script ≈ 110 → 58 ms, and as fewer nodes are new,
/// the browser's style, layout and paint less too; to the end of the frame ≈ 300–440 →
/// 170–340 ms (trace, headless Chromium).
fn align(old: &[Dom], new: &[Dom]) -> (usize, usize) {
    let common = old.len().min(new.len());
    if old.len() == new.len() {
        return (common, 0);
    }
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let by_position = (head..common).filter(|&i| old[i] == new[i]).count();
    let from_end = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(common - head)
        .filter(|(a, b)| a == b)
        .count();
    if from_end > by_position {
        (head, common - head)
    } else {
        (common, 0)
    }
}

/// The mounted node of a `Dom`, and the tree it shows (a rebuild patches the difference).
pub struct DomState(types::Node, Dom);

impl Mountable for DomState {
    fn unmount(&mut self) {
        // (tachys leaves `Mountable::unmount` for a bare `Node` unimplemented.)
        if let Some(parent) = self.0.parent_node() {
            let _ = parent.remove_child(&self.0);
        }
    }

    fn mount(&mut self, parent: &types::Element, marker: Option<&types::Node>) {
        self.0.mount(parent, marker)
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.0.insert_before_this(child)
    }

    fn elements(&self) -> Vec<types::Element> {
        use wasm_bindgen::JsCast;
        self.0.clone().dyn_into().into_iter().collect()
    }
}

impl Render for Dom {
    type State = DomState;

    fn build(self) -> DomState {
        DomState(self.build_node(), self)
    }

    /// Patch the shown nodes rather than replace them: a new year or an edit changes a few
    /// figures of a section, and re-creating all of it cost most of a year change's time.
    /// It also keeps what the user did to those nodes (a `<details>` opened or closed).
    fn rebuild(self, state: &mut DomState) {
        let doc = leptos::tachys::dom::document();
        if !self.patch(&state.1, &state.0, &doc) {
            let mut new = DomState(self.create(&doc), Dom::Text(String::new()));
            state.insert_before_this(&mut new);
            state.unmount();
            state.0 = new.0;
        }
        state.1 = self;
    }
}

impl AddAnyAttr for Dom {
    type Output<SomeNewAttr: Attribute> = Self;

    fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> Self
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        // Attributes belong in the tree itself (`El::attr`); spreading onto it is not used.
        self
    }
}

impl RenderHtml for Dom {
    type AsyncOutput = Self;
    type Owned = Self;
    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self {
        self
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        _escape: bool,
        _mark_branches: bool,
        _extra_attrs: Vec<AnyAttribute>,
    ) {
        self.write_html(buf);
        *position = Position::NextChild;
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        _cursor: &Cursor,
        _position: &PositionState,
    ) -> DomState {
        // The app is client-rendered only (no server HTML to hydrate).
        self.build()
    }

    fn into_owned(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let d: Dom = elc("td", "num")
            .attr("title", "\"x\" & y")
            .text("<script>alert(1)</script>")
            .into();
        assert_eq!(
            d.markup(),
            "<td class=\"num\" title=\"&quot;x&quot; &amp; y\">&lt;script&gt;alert(1)&lt;/script&gt;</td>"
        );
    }

    #[test]
    fn text_content_joins_descendants() {
        let e = el("p").text("達成率 ").child(el("strong").text("93%"));
        assert_eq!(e.text_content(), "達成率 93%");
    }
}
