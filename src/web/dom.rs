//! The web DOM adapter: the [`Dom`] trait over the live `document` through web-sys.
//!
//! Bulk work is left to the browser: selectors go to `querySelectorAll`, text search to one
//! TreeWalker over text nodes, text through `textContent` where no script or style hides
//! inside, so the core crosses into JS only for the few candidates it inspects.

use crate::dom::{Dom, TextHit, TextQuery, HIDDEN_TEXT_SELECTOR, HIDDEN_TEXT_TAGS};
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

    /// Visible text below `node`, without recursion (pages nest thousands deep).
    fn collect_text(node: &Node, out: &mut String) {
        let mut stack: Vec<Option<Node>> = Vec::new();
        let mut child = node.first_child();
        loop {
            while let Some(c) = child {
                match c.node_type() {
                    TEXT_NODE => out.push_str(&c.node_value().unwrap_or_default()),
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

    /// Text nodes below `root` matching the query, in document order. A TreeWalker over text
    /// nodes: one call per node, the matching in Rust (Blink's XPath with `translate` was two
    /// orders of magnitude slower).
    fn walk_text(&self, root: &Node, q: &TextQuery<'_>, out: &mut Vec<TextHit<Element>>) {
        const SHOW_TEXT: u32 = 4;
        let Ok(walker) = self.doc.create_tree_walker_with_what_to_show(root, SHOW_TEXT) else { return };
        while let Ok(Some(t)) = walker.next_node() {
            // The length first: a long text node is never a hit and is not copied over.
            if t.unchecked_ref::<web_sys::CharacterData>().length() as usize > crate::dom::MAX_HIT_UTF16 {
                continue;
            }
            let Some(text) = t.node_value() else { continue };
            if !crate::dom::text_matches(q, &text) {
                continue;
            }
            let Some(parent) = t.parent_element() else { continue };
            let mut hidden = false;
            let mut cur = Some(parent.clone());
            while let Some(e) = cur {
                if HIDDEN_TEXT_TAGS.contains(&e.local_name().to_ascii_lowercase().as_str()) {
                    hidden = true;
                    break;
                }
                cur = e.parent_element();
            }
            if hidden {
                continue;
            }
            let kids = parent.child_nodes();
            let index = (0..kids.length()).position(|k| kids.item(k).is_some_and(|c| c == t)).unwrap_or(0);
            out.push(TextHit { parent, index, text });
        }
    }
}

impl Dom for WebDom {
    type Node = Element;
    type Key = u32;

    fn body(&self) -> Option<Element> {
        self.doc.body().map(Into::into).or_else(|| self.doc.document_element())
    }

    fn select(&self, scope: Option<&Element>, selector: &str) -> Vec<Element> {
        let mut out = Vec::new();
        match (scope, &self.roots) {
            (Some(s), _) => {
                if let Ok(list) = s.query_selector_all(selector) {
                    to_elements(list, &mut out);
                }
            }
            (None, None) => {
                if let Ok(list) = self.doc.query_selector_all(selector) {
                    to_elements(list, &mut out);
                }
            }
            (None, Some(roots)) => {
                for r in roots {
                    if r.matches(selector).unwrap_or(false) {
                        out.push(r.clone());
                    }
                    if let Ok(list) = r.query_selector_all(selector) {
                        to_elements(list, &mut out);
                    }
                }
            }
        }
        out
    }

    fn matches(&self, node: &Element, selector: &str) -> bool {
        node.matches(selector).unwrap_or(false)
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
        // One call when nothing inside hides its text (the common case), else the walk.
        if node.query_selector(HIDDEN_TEXT_SELECTOR).ok().flatten().is_none() {
            return node.text_content().unwrap_or_default();
        }
        let mut s = String::new();
        Self::collect_text(node, &mut s);
        s
    }

    fn own_text(&self, node: &Element) -> String {
        let mut s = String::new();
        let kids = node.child_nodes();
        for i in 0..kids.length() {
            if let Some(c) = kids.item(i).filter(|c| c.node_type() == TEXT_NODE) {
                s.push_str(&c.node_value().unwrap_or_default());
            }
        }
        s
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

    fn find_text(&self, query: &TextQuery<'_>) -> Vec<TextHit<Element>> {
        let mut out = Vec::new();
        match &self.roots {
            None => {
                if let Some(root) = self.doc.document_element() {
                    self.walk_text(&root, query, &mut out);
                }
            }
            Some(roots) => {
                for r in roots {
                    self.walk_text(r, query, &mut out);
                }
            }
        }
        out
    }

    fn host(&self) -> Option<String> {
        // The location when the document has a web one; else (a playground frame, a parsed
        // copy) the canonical URL the page declares, as the native adapter does.
        let web = self.doc.location().filter(|l| l.protocol().is_ok_and(|p| p == "http:" || p == "https:"));
        if let Some(h) = web.and_then(|l| l.hostname().ok()).filter(|h| !h.is_empty()) {
            return Some(h.to_ascii_lowercase());
        }
        for (sel, attr) in [("link[rel='canonical'][href]", "href"), ("meta[property='og:url'][content]", "content")] {
            let url = self.doc.query_selector(sel).ok().flatten().and_then(|e| e.get_attribute(attr));
            if let Some(h) = url.as_deref().and_then(crate::dom::url_host) {
                return Some(h);
            }
        }
        None
    }
}
