//! The web DOM adapter: the [`Dom`] trait over the live `document` through web-sys.
//!
//! Bulk work is left to the browser: selectors go to `querySelectorAll`, text search to one
//! TreeWalker over text nodes, text through `textContent` where no script or style hides
//! inside, so the core crosses into JS only for the few candidates it inspects.

use crate::js_str::{asked, js};
use adstrip_core::dom::{
    text_matches, truncate_utf16, url_host, Dom, TextHit, TextQuery, HIDDEN_TEXT_SELECTOR, HIDDEN_TEXT_TAGS, MAX_HIT_UTF16, MAX_TEXT_UTF16,
    PAGE_URL_SOURCES,
};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Node};

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
        WebDom { doc, roots: None, keys: js_sys::WeakMap::new(), next_key: std::cell::Cell::new(0) }
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
                        let hidden = HIDDEN_TEXT_TAGS.contains(&e.local_name().to_ascii_lowercase().as_str());
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
        if !text_matches(q, &text) {
            return;
        }
        let Some(parent) = t.parent_element() else { return };
        if asked(&parent).closest_of(&js(HIDDEN_TEXT_SELECTOR)).ok().flatten().is_some() {
            return;
        }
        let kids = parent.child_nodes();
        let index = (0..kids.length()).position(|k| kids.item(k).is_some_and(|c| &c == t)).unwrap_or(0);
        out.push(TextHit { parent, index, text });
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

    fn any(&self, selector: &str) -> bool {
        let selector = &js(selector);
        // A selector the browser refuses: "cannot tell", so nothing is skipped.
        let found = |r: Result<Option<Element>, JsValue>| r.map_or(true, |e| e.is_some());
        match &self.roots {
            None => found(asked(&self.doc).select_one(selector)),
            Some(roots) => roots.iter().any(|r| asked(r).is_match(selector).unwrap_or(true) || found(asked(r).select_one(selector))),
        }
    }

    fn matches(&self, node: &Element, selector: &str) -> bool {
        asked(node).is_match(&js(selector)).unwrap_or(false)
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
        let mut since_clock = 0u32;
        while let Some(root) = roots.get(cursor.root) {
            let walker = match &cursor.walker {
                Some(w) => {
                    // Its node was taken out of the page since the last step: the walk would
                    // end there. Start this root again, once (hits found twice collapse).
                    let lost = !w.current_node().is_connected() && root.is_connected();
                    if lost && !cursor.restarted {
                        cursor.restarted = true;
                        w.set_current_node(root);
                    }
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
            loop {
                match walker.next_node() {
                    Ok(Some(t)) => Self::visit_text(&t, query, out),
                    _ => break,
                }
                since_clock += 1;
                if since_clock >= NODES_PER_CLOCK {
                    since_clock = 0;
                    if out_of_time() {
                        return false;
                    }
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
