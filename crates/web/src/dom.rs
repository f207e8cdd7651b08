//! The web DOM adapter: the [`Dom`] trait over the live `document` through web-sys.
//!
//! Bulk work is left to the browser: selectors go to `querySelectorAll`, text search to one
//! TreeWalker over text nodes, text through `textContent` where no script or style hides
//! inside, and a gather (`js/gather.js`, the crate's one JS helper) hands over the attribute
//! values of every element a cheap selector matches in one string, for the core to decide over
//! (the class and id names of the page), so the core crosses into JS only for the few
//! candidates it inspects. A gather over a huge page walks it a slice at a time, and one read
//! serves every gather of the scan while a MutationObserver sees the page unchanged.

use crate::js_str::{asked, js};
use adstrip_core::dom::{
    hides_text, text_matches, texts_one_by_one, truncate_utf16, url_host, Dom, Gather, SelectCursor, TextHit, TextQuery, HIDDEN_TEXT_ATTR,
    HIDDEN_TEXT_SELECTOR, MAX_HIT_UTF16, MAX_TEXT_UTF16, PAGE_URL_SOURCES,
};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Node};

#[wasm_bindgen::prelude::wasm_bindgen(module = "/js/gather.js")]
extern "C" {
    /// See `js/gather.js`: pushes the matches of `selector` in `scope` to `nodes`.
    #[wasm_bindgen(catch)]
    fn collect(scope: &JsValue, with_root: bool, selector: &JsValue, nodes: &js_sys::Array) -> Result<(), JsValue>;
    /// See `js/gather.js`: how many elements `scope` holds.
    #[wasm_bindgen(catch)]
    fn size(scope: &JsValue) -> Result<u32, JsValue>;
    /// See `js/gather.js`: the walker's next `max` elements, those `selector` matches into
    /// `nodes`; false once the walk is over.
    #[wasm_bindgen(catch)]
    fn walk(walker: &web_sys::TreeWalker, selector: &JsValue, max: u32, nodes: &js_sys::Array) -> Result<bool, JsValue>;
    /// See `js/gather.js`: a watch on `doc` for elements added or removed and changes to
    /// `attrs`.
    #[wasm_bindgen(catch)]
    fn watch(doc: &Document, attrs: &js_sys::Array) -> Result<JsValue, JsValue>;
    /// See `js/gather.js`: whether the page changed since the watch began (or cannot tell).
    #[wasm_bindgen(catch)]
    fn changed(watch: &JsValue) -> Result<bool, JsValue>;
    /// See `js/gather.js`: ends a watch.
    #[wasm_bindgen(catch)]
    fn unwatch(watch: &JsValue) -> Result<(), JsValue>;
    /// See `js/gather.js`: the values of `attrs` of `nodes[from..to]`, joined by NUL.
    #[wasm_bindgen(catch)]
    fn values(nodes: &js_sys::Array, from: u32, to: u32, attrs: &js_sys::Array) -> Result<String, JsValue>;
    /// See `js/gather.js`: the walker's next `max` text nodes into `nodes`, their texts by NUL.
    #[wasm_bindgen(catch)]
    fn texts(walker: &web_sys::TreeWalker, max: u32, longest: u32, nodes: &js_sys::Array) -> Result<String, JsValue>;
    /// See `js/gather.js`: the matches of `selector` in `scope` into `nodes`, their texts by
    /// NUL ('\u{1}' for one the core reads itself).
    #[wasm_bindgen(catch, js_name = textsOf)]
    fn texts_of(scope: &JsValue, selector: &JsValue, hidden: &JsValue, longest: u32, nodes: &js_sys::Array) -> Result<String, JsValue>;
}

/// Rows of values read per call of `values` (the clock is read between two calls).
const ROWS_PER_CALL: u32 = 1024;

/// Elements in a scope of the view above which a selector is matched by walking the scope a
/// slice at a time ([`ELEMENTS_PER_CALL`]): one `querySelectorAll` over 100,000 elements takes
/// 10 to 30 ms, too long for one piece of a scan.
const BIG_SCOPE: u32 = 16_384;
/// Elements a walk looks at between two looks at the clock.
const ELEMENTS_PER_CALL: u32 = 2048;

/// A selector's matches over the view being collected (a whole scope per `querySelectorAll`,
/// or a big one a slice at a time), then their values being read: the elements found so far,
/// where the collecting is, and the next element to read.
struct Gathering {
    selector: String,
    nodes: js_sys::Array,
    /// The values read so far, kept for reuse (`None` past [`REUSED_VALUES`]), and the watch
    /// that says whether they still hold (begun before the first element was collected).
    rows: Option<Vec<String>>,
    watch: Option<Watch>,
    /// The scope of the view being collected (the document, or the view's roots in turn); the
    /// walk over it when it is big.
    scope: usize,
    walker: Option<web_sys::TreeWalker>,
    /// The walker's node was taken out of the page between two steps once already.
    restarted: bool,
    collected: bool,
    next: u32,
}

impl Gathering {
    fn new(selector: &str) -> Self {
        Gathering {
            selector: selector.to_string(),
            nodes: js_sys::Array::new(),
            rows: None,
            watch: None,
            scope: 0,
            walker: None,
            restarted: false,
            collected: false,
            next: 0,
        }
    }
}

const ELEMENT_NODE: u16 = 1;
const TEXT_NODE: u16 = 3;

/// The whole document, or (for nodes added later) a few subtrees of it: `select(None, ..)`
/// and `find_text` then look only inside `roots`, while climbing and the guard still see the
/// whole page.
pub struct WebDom {
    pub doc: Document,
    pub roots: Option<Vec<Element>>,
    /// Keys handed out to elements, held weakly (the page never sees them).
    keys: js_sys::WeakMap,
    next_key: std::cell::Cell<u32>,
    /// The gather in progress ([`WebDom::rows_step`]).
    gathering: std::cell::RefCell<Option<Gathering>>,
    /// The last gather read whole, while no element was added to the page or removed from it
    /// and none of the attributes it read changed: the next gather of the same selector and
    /// attributes reuses it (the names stage, the ad slots and the sign-up boxes all read the
    /// page's names).
    last_read: std::cell::RefCell<Option<Read>>,
    /// Gathers that read the page (the others reused a read): a figure for tests and probes.
    reads: std::cell::Cell<u32>,
}

/// A gather read whole: its selector and attributes, elements and values, and the watch that
/// says whether they still hold.
struct Read {
    selector: String,
    attrs: Vec<String>,
    nodes: js_sys::Array,
    rows: Vec<String>,
    watch: Watch,
}

/// A watch on the page (a MutationObserver of the attributes a read took), ended when dropped.
struct Watch(JsValue);

impl Watch {
    fn new(doc: &Document, attrs: &[&str]) -> Option<Self> {
        watch(doc, &attrs.iter().map(|a| js(a)).collect()).ok().map(Watch)
    }
    fn changed(&self) -> bool {
        changed(&self.0).unwrap_or(true)
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = unwatch(&self.0);
    }
}

/// Values kept for reuse at most (a bigger page reads them again): a few megabytes.
const REUSED_VALUES: usize = 1 << 18;

/// Element `i` of a gather's nodes (only elements match a selector; unchecked, as another
/// frame's elements have that frame's classes).
fn element(nodes: &js_sys::Array, i: usize) -> Element {
    nodes.get(i as u32).unchecked_into::<Element>()
}

fn to_elements(list: web_sys::NodeList, out: &mut Vec<Element>) {
    for i in 0..list.length() {
        // By node type, not `instanceof`: another frame's nodes have that frame's classes.
        if let Some(n) = list.item(i).filter(|n| n.node_type() == ELEMENT_NODE) {
            out.push(n.unchecked_into::<Element>());
        }
    }
}

impl WebDom {
    pub fn new(doc: Document) -> Self {
        WebDom {
            doc,
            roots: None,
            keys: js_sys::WeakMap::new(),
            next_key: std::cell::Cell::new(0),
            gathering: Default::default(),
            last_read: Default::default(),
            reads: Default::default(),
        }
    }

    /// The elements `selector` matches in the view (the document, or each root and what it
    /// holds; [`collect_step`](WebDom::collect_step)), then their values of `attrs` a thousand
    /// rows per call, handed to `each` with the elements and the index of the chunk's first:
    /// until done (true) or `out_of_time()` (false; call again with the same cursor). The last
    /// read is reused while the page has not changed. When a value held a NUL (set by a script) the
    /// rows of a chunk cannot be told apart: its elements are then read one by one. A selector
    /// the browser refuses gives nothing.
    fn rows_step(
        &self,
        selector: &str,
        attrs: &[&str],
        cursor: &mut SelectCursor<Element>,
        out_of_time: &mut dyn FnMut() -> bool,
        mut each: impl FnMut(&js_sys::Array, u32, &[String]),
    ) -> bool {
        if !cursor.started {
            let mut last = self.last_read.borrow_mut();
            if last.as_ref().is_some_and(|r| r.watch.changed()) {
                last.take();
            }
            if let Some(read) = last.as_ref().filter(|r| r.selector == selector && r.attrs.iter().eq(attrs)) {
                each(&read.nodes, 0, &read.rows);
                return true;
            }
        }
        let mut state = self.gathering.borrow_mut();
        if !cursor.started || state.as_ref().is_none_or(|g| g.selector != selector) {
            let mut g = Gathering::new(selector);
            g.watch = Watch::new(&self.doc, attrs);
            g.rows = g.watch.is_some().then(Vec::new);
            *state = Some(g);
            self.reads.set(self.reads.get() + 1);
            cursor.started = true;
        }
        if let Some(g) = state.as_mut().filter(|g| !g.collected) {
            if !self.collect_step(g, out_of_time) {
                return false;
            }
            if g.next < g.nodes.length() && out_of_time() {
                return false;
            }
        }
        let Some(g) = state.as_mut() else { return true };
        let names: js_sys::Array = attrs.iter().map(|a| js(a)).collect();
        let total = g.nodes.length();
        while g.next < total {
            let (from, to) = (g.next, (g.next + ROWS_PER_CALL).min(total));
            let mut rows: Vec<String> =
                values(&g.nodes, from, to, &names).map(|v| v.split('\0').map(str::to_string).collect()).unwrap_or_default();
            if rows.len() != (to - from) as usize * attrs.len() {
                rows = Vec::new();
                for i in from..to {
                    let e = element(&g.nodes, i as usize);
                    rows.extend(attrs.iter().map(|a| e.get_attribute(a).unwrap_or_default()));
                }
            }
            each(&g.nodes, from, &rows);
            if let Some(all) = g.rows.as_mut().filter(|all| all.len() + rows.len() <= REUSED_VALUES) {
                all.extend(rows);
            } else {
                g.rows = None;
            }
            g.next = to;
            if g.next < total && out_of_time() {
                return false;
            }
        }
        // Kept for the next gather while the page stays as it was read (a page that changed
        // meanwhile may have been read half before and half after).
        if let Some(Gathering { selector, nodes, rows: Some(rows), watch: Some(watch), .. }) = state.take() {
            if !watch.changed() {
                let attrs = attrs.iter().map(|a| a.to_string()).collect();
                *self.last_read.borrow_mut() = Some(Read { selector, attrs, nodes, rows, watch });
            }
        }
        true
    }

    /// The scopes of the view: the document, or each root (itself included).
    fn scopes(&self) -> Vec<(Node, bool)> {
        match &self.roots {
            None => vec![(self.doc.clone().into(), false)],
            Some(roots) => roots.iter().map(|r| (r.clone().into(), true)).collect(),
        }
    }

    /// Collects `g`'s selector's matches over the view into `g.nodes`, in document order: a
    /// scope of up to [`BIG_SCOPE`] elements in one `querySelectorAll`, a bigger one by a walk
    /// over its elements, a slice per call; until done (true) or `out_of_time()` (false; call
    /// again with the same `g`). A selector the browser refuses matches nothing.
    fn collect_step(&self, g: &mut Gathering, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        const SHOW_ELEMENT: u32 = 1;
        let scopes = self.scopes();
        let sel = js(&g.selector);
        while let Some((scope, with_root)) = scopes.get(g.scope) {
            let walker = match &g.walker {
                Some(w) => {
                    resume(w, scope, &mut g.restarted);
                    w.clone()
                }
                None if size(scope).unwrap_or(0) <= BIG_SCOPE => {
                    let _ = collect(scope, *with_root, &sel, &g.nodes);
                    g.scope += 1;
                    if g.scope < scopes.len() && out_of_time() {
                        return false;
                    }
                    continue;
                }
                None => {
                    let Ok(w) = self.doc.create_tree_walker_with_what_to_show(scope, SHOW_ELEMENT) else {
                        g.scope += 1;
                        continue;
                    };
                    if *with_root && asked(scope.unchecked_ref::<Element>()).is_match(&sel).unwrap_or(false) {
                        g.nodes.push(scope);
                    }
                    g.walker = Some(w.clone());
                    w
                }
            };
            while walk(&walker, &sel, ELEMENTS_PER_CALL, &g.nodes).unwrap_or(false) {
                if out_of_time() {
                    return false;
                }
            }
            g.walker = None;
            g.restarted = false;
            g.scope += 1;
        }
        g.collected = true;
        true
    }

    /// How many gathers read the page rather than reuse a read (tests and probes).
    pub fn reads(&self) -> u32 {
        self.reads.get()
    }

    /// Visible text below `node`, without recursion (pages nest thousands deep), stopping at
    /// [`MAX_TEXT_UTF16`] units without copying more of a long text node than that.
    fn collect_text(node: &Node, out: &mut String) {
        let mut units = 0usize;
        let mut stack: Vec<Option<Node>> = Vec::new();
        let mut child = node.first_child();
        loop {
            while let Some(c) = child {
                match c.node_type() {
                    // A text node is appended by the guard; a full `out` ends the walk.
                    TEXT_NODE if !Self::push_capped(&c, out, &mut units) => return,
                    ELEMENT_NODE => {
                        let e = c.unchecked_ref::<Element>();
                        let hidden = hides_text(&e.local_name(), || e.has_attribute(HIDDEN_TEXT_ATTR));
                        if !hidden {
                            if let Some(first) = c.first_child() {
                                stack.push(c.next_sibling());
                                child = Some(first);
                                continue;
                            }
                        }
                    }
                    _ => {}
                }
                child = c.next_sibling();
            }
            match stack.pop() {
                Some(next) => child = next,
                None => break,
            }
        }
    }

    /// Appends a text node's text to `out`, which holds `units` UTF-16 units so far; past
    /// [`MAX_TEXT_UTF16`] only the part that fits is copied, `out` is cut there and the answer
    /// is false (stop).
    fn push_capped(text_node: &Node, out: &mut String, units: &mut usize) -> bool {
        let data = text_node.unchecked_ref::<web_sys::CharacterData>();
        let len = data.length() as usize;
        if *units + len > MAX_TEXT_UTF16 {
            let room = (MAX_TEXT_UTF16 - *units) as u32;
            // One unit more than the room, so a pair cut at the end is seen whole.
            out.push_str(&data.substring_data(0, room + 1).unwrap_or_default());
            truncate_utf16(out, MAX_TEXT_UTF16);
            return false;
        }
        *units += len;
        out.push_str(&text_node.node_value().unwrap_or_default());
        true
    }

    /// A JS string as Rust text, cut to [`MAX_TEXT_UTF16`] units first (a lone surrogate
    /// left at the cut is dropped, as the native cut keeps characters whole).
    fn capped(s: &js_sys::JsString) -> String {
        let len = s.length() as usize;
        if len <= MAX_TEXT_UTF16 {
            return String::from(s);
        }
        let mut end = MAX_TEXT_UTF16 as u32;
        if s.char_code_at(end - 1) as u32 & 0xFC00 == 0xD800 {
            end -= 1;
        }
        String::from(s.slice(0, end))
    }

    /// One text node of a search: a hit if it matches and no hidden-text element holds it.
    fn visit_text(t: &Node, q: &TextQuery<'_>, out: &mut Vec<TextHit<Element>>) {
        // The length first: a long text node is never a hit and is not copied over.
        if t.unchecked_ref::<web_sys::CharacterData>().length() as usize > MAX_HIT_UTF16 {
            return;
        }
        let Some(text) = t.node_value() else { return };
        if text_matches(q, &text) {
            Self::hit(t, text, out);
        }
    }

    /// A text node that matches: a hit unless a hidden-text element holds it.
    fn hit(t: &Node, text: String, out: &mut Vec<TextHit<Element>>) {
        let Some(parent) = t.parent_element() else { return };
        if asked(&parent).closest_of(&js(HIDDEN_TEXT_SELECTOR)).ok().flatten().is_some() {
            return;
        }
        let kids = parent.child_nodes();
        let index = (0..kids.length()).position(|k| kids.item(k).is_some_and(|c| &c == t)).unwrap_or(0);
        out.push(TextHit { parent, index, text });
    }

    /// The walker's next [`NODES_PER_CLOCK`] text nodes, read in one call; false once the walk
    /// has no more. When a text held a NUL (put there by a script) the texts cannot be told
    /// apart, and those nodes are read one by one.
    fn visit_slice(walker: &web_sys::TreeWalker, q: &TextQuery<'_>, out: &mut Vec<TextHit<Element>>) -> bool {
        let nodes = js_sys::Array::new();
        let Ok(values) = texts(walker, NODES_PER_CLOCK, MAX_HIT_UTF16 as u32, &nodes) else { return false };
        let n = nodes.length();
        let node = |i: usize| nodes.get(i as u32).unchecked_into::<Node>();
        let fields: Vec<&str> = if n == 0 { Vec::new() } else { values.split('\0').collect() };
        if fields.len() == n as usize {
            for (i, text) in fields.into_iter().enumerate() {
                if text_matches(q, text) {
                    Self::hit(&node(i), text.to_string(), out);
                }
            }
        } else {
            (0..n as usize).for_each(|i| Self::visit_text(&node(i), q, out));
        }
        n == NODES_PER_CLOCK
    }
}

/// A walk resumed in a later step: when its node was taken out of the page meanwhile (the walk
/// would end there), it starts its scope again, once (what is found twice collapses).
fn resume(walker: &web_sys::TreeWalker, scope: &Node, restarted: &mut bool) {
    if !walker.current_node().is_connected() && scope.is_connected() && !*restarted {
        *restarted = true;
        walker.set_current_node(scope);
    }
}

/// Where a text search over the page stopped: which root, and a TreeWalker over its text
/// nodes (the browser keeps a walker's place while the page changes around it).
#[derive(Default)]
pub struct TextCursor {
    root: usize,
    walker: Option<web_sys::TreeWalker>,
    /// The walker's node was removed from the page between two steps once already.
    restarted: bool,
}

/// Text nodes visited between two looks at the clock.
const NODES_PER_CLOCK: u32 = 256;

impl Dom for WebDom {
    type Node = Element;
    type Key = u32;

    fn whole(&self) -> bool {
        self.roots.is_none()
    }

    fn body(&self) -> Option<Element> {
        self.doc.body().map(Into::into).or_else(|| self.doc.document_element())
    }

    fn select(&self, scope: Option<&Element>, selector: &str) -> Vec<Element> {
        let selector = &js(selector);
        let mut out = Vec::new();
        match (scope, &self.roots) {
            (Some(s), _) => {
                if let Ok(list) = asked(s).select_all(selector) {
                    to_elements(list, &mut out);
                }
            }
            (None, None) => {
                if let Ok(list) = asked(&self.doc).select_all(selector) {
                    to_elements(list, &mut out);
                }
            }
            (None, Some(roots)) => {
                for r in roots {
                    if asked(r).is_match(selector).unwrap_or(false) {
                        out.push(r.clone());
                    }
                    if let Ok(list) = asked(r).select_all(selector) {
                        to_elements(list, &mut out);
                    }
                }
            }
        }
        out
    }

    fn select_texts(&self, selector: &str) -> Vec<(Element, String)> {
        // A view of added subtrees matches root by root: the plain way.
        if self.roots.is_some() {
            return texts_one_by_one(self, selector);
        }
        let nodes = js_sys::Array::new();
        let Ok(joined) = texts_of(&self.doc, &js(selector), &js(HIDDEN_TEXT_SELECTOR), MAX_TEXT_UTF16 as u32, &nodes) else {
            return Vec::new(); // a selector the browser refuses matches nothing, as in `select`
        };
        // Only elements match a selector.
        let elements: Vec<Element> = nodes.iter().map(|n| n.unchecked_into::<Element>()).collect();
        if elements.is_empty() {
            return Vec::new();
        }
        // A count that differs (a NUL the check missed) reads every one itself.
        let parts: Vec<&str> = joined.split('\0').collect();
        let whole = parts.len() == elements.len();
        elements
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                let t = match parts.get(i) {
                    Some(t) if whole && *t != "\u{1}" => t.to_string(),
                    _ => self.text(&e),
                };
                (e, t)
            })
            .collect()
    }

    fn any(&self, selector: &str) -> bool {
        let selector = &js(selector);
        // A selector the browser refuses: "cannot tell", so nothing is skipped.
        let found = |r: Result<Option<Element>, JsValue>| r.map_or(true, |e| e.is_some());
        match &self.roots {
            None => found(asked(&self.doc).select_one(selector)),
            Some(roots) => roots.iter().any(|r| asked(r).is_match(selector).unwrap_or(true) || found(asked(r).select_one(selector))),
        }
    }

    fn gather_step(
        &self,
        g: &Gather,
        cursor: &mut SelectCursor<Element>,
        out: &mut Vec<Element>,
        out_of_time: &mut dyn FnMut() -> bool,
    ) -> bool {
        self.rows_step(g.select, g.attrs, cursor, out_of_time, |nodes, from, rows| {
            let kept = rows.chunks(g.attrs.len().max(1)).enumerate().filter(|(_, row)| (g.keep)(row));
            out.extend(kept.map(|(i, _)| element(nodes, from as usize + i)));
        })
    }

    fn attr_values_step(
        &self,
        selector: &str,
        attrs: &[&str],
        cursor: &mut SelectCursor<Element>,
        each: &mut dyn FnMut(&[String]),
        out_of_time: &mut dyn FnMut() -> bool,
    ) -> bool {
        self.rows_step(selector, attrs, cursor, out_of_time, |_, _, rows| each(rows))
    }

    fn matches(&self, node: &Element, selector: &str) -> bool {
        asked(node).is_match(&js(selector)).unwrap_or(false)
    }

    fn has(&self, node: &Element, selector: &str) -> bool {
        asked(node).select_one(&js(selector)).ok().flatten().is_some()
    }

    fn tag(&self, node: &Element) -> String {
        node.local_name().to_ascii_lowercase()
    }

    fn attr(&self, node: &Element, name: &str) -> Option<String> {
        node.get_attribute(name)
    }

    fn parent(&self, node: &Element) -> Option<Element> {
        node.parent_element()
    }

    fn children(&self, node: &Element) -> Vec<Element> {
        let kids = node.children();
        (0..kids.length()).filter_map(|i| kids.item(i)).collect()
    }

    fn has_more_children_than(&self, node: &Element, n: usize) -> bool {
        node.child_element_count() as usize > n
    }

    fn text(&self, node: &Element) -> String {
        // One call when nothing inside hides its text (the common case), else the walk. The
        // string stays in JS until its length is known.
        if asked(node).select_one(&js(HIDDEN_TEXT_SELECTOR)).ok().flatten().is_none() {
            let v = js_sys::Reflect::get(node, &js("textContent")).unwrap_or(JsValue::NULL);
            return v.dyn_ref::<js_sys::JsString>().map(Self::capped).unwrap_or_default();
        }
        let mut s = String::new();
        Self::collect_text(node, &mut s);
        s
    }

    fn own_text(&self, node: &Element) -> String {
        let mut s = String::new();
        let mut units = 0usize;
        let mut child = node.first_child();
        while let Some(c) = child {
            if c.node_type() == TEXT_NODE && !Self::push_capped(&c, &mut s, &mut units) {
                break;
            }
            child = c.next_sibling();
        }
        s
    }

    fn is_or_inside(&self, node: &Element, selector: &str) -> bool {
        asked(node).closest_of(&js(selector)).ok().flatten().is_some()
    }

    fn contains(&self, ancestor: &Element, node: &Element) -> bool {
        ancestor.contains(Some(node))
    }

    fn same(&self, a: &Element, b: &Element) -> bool {
        a == b
    }

    fn key(&self, node: &Element) -> u32 {
        let obj: &js_sys::Object = node.unchecked_ref();
        if let Some(k) = self.keys.get(obj).as_f64() {
            return k as u32;
        }
        let k = self.next_key.get() + 1;
        self.next_key.set(k);
        self.keys.set(obj, &JsValue::from(k));
        k
    }

    type TextCursor = TextCursor;

    fn find_text_step(
        &self,
        query: &TextQuery<'_>,
        cursor: &mut TextCursor,
        out: &mut Vec<TextHit<Element>>,
        out_of_time: &mut dyn FnMut() -> bool,
    ) -> bool {
        const SHOW_TEXT: u32 = 4;
        let whole = self.doc.document_element().map(|e| vec![e]);
        let roots = match (&self.roots, &whole) {
            (Some(r), _) => r,
            (None, Some(w)) => w,
            (None, None) => return true,
        };
        while let Some(root) = roots.get(cursor.root) {
            let walker = match &cursor.walker {
                Some(w) => {
                    resume(w, root, &mut cursor.restarted);
                    w.clone()
                }
                None => match self.doc.create_tree_walker_with_what_to_show(root, SHOW_TEXT) {
                    Ok(w) => {
                        cursor.walker = Some(w.clone());
                        w
                    }
                    Err(_) => {
                        cursor.root += 1;
                        continue;
                    }
                },
            };
            while Self::visit_slice(&walker, query, out) {
                if out_of_time() {
                    return false;
                }
            }
            cursor.walker = None;
            cursor.restarted = false;
            cursor.root += 1;
        }
        true
    }

    fn host(&self) -> Option<String> {
        // The location when the document has a web one; else (a playground frame, a parsed
        // copy) the canonical URL the page declares, as the native adapter does.
        let web = self.doc.location().filter(|l| l.protocol().is_ok_and(|p| p == "http:" || p == "https:"));
        if let Some(h) = web.and_then(|l| l.hostname().ok()).filter(|h| !h.is_empty()) {
            return Some(h.to_ascii_lowercase());
        }
        // The whole document's head, even when this view covers only added subtrees.
        PAGE_URL_SOURCES.iter().find_map(|(sel, attr)| {
            let url = self.doc.query_selector(sel).ok().flatten().and_then(|e| e.get_attribute(attr));
            url.as_deref().and_then(url_host)
        })
    }
}
