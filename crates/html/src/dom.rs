//! Native DOM adapter over html5ever (through `dom_query`), for the CLI, tests and benches.
//!
//! It answers the [`Dom`] trait exactly as the web adapter does over a live `document`:
//! elements in document order, text without script/style, text nodes with their index among
//! the parent's child nodes.

use adstrip_core::dom::{
    hides_text, host_from_page_urls, text_matches, truncate_utf16, Dom, TextHit, TextQuery, HIDDEN_TEXT_ATTR, MAX_TEXT_UTF16,
};
use dom_query::{Document, Matcher, NodeRef, Selection};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// A parsed page.
pub struct HtmlPage {
    doc: Document,
    matchers: RefCell<HashMap<String, Option<Rc<Matcher>>>>,
}

impl HtmlPage {
    /// Parses a whole document or a fragment (html5ever wraps a fragment in html/body, as a
    /// browser does). Elements nested deeper than [`crate::MAX_DEPTH`] are flattened first, as
    /// browsers do ([`crate::cap_depth`]).
    pub fn parse(html: &str) -> Self {
        Self::from_document(Document::from(crate::cap_depth(html).0.as_ref()))
    }

    /// A page parsed elsewhere (by [`parser`], in pieces).
    pub fn from_document(doc: Document) -> Self {
        HtmlPage { doc, matchers: RefCell::new(HashMap::new()) }
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn dom(&self) -> HtmlDom<'_> {
        HtmlDom { page: self }
    }

    pub(crate) fn matcher(&self, selector: &str) -> Option<Rc<Matcher>> {
        if let Some(m) = self.matchers.borrow().get(selector) {
            return m.clone();
        }
        let m = Matcher::new(selector).ok().map(Rc::new);
        self.matchers.borrow_mut().insert(selector.to_string(), m.clone());
        m
    }
}

/// A parser that builds the same document as [`HtmlPage::parse`] (scripting off, as
/// `Document::from`), fed in chunks with `TendrilSink::process` and ended with `finish`.
/// The caller applies the depth cap to the whole input first.
pub fn parser() -> html5ever::driver::Parser<Document> {
    let opts = html5ever::ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts { scripting_enabled: false, ..Default::default() },
        ..Default::default()
    };
    html5ever::parse_document(Document::default(), opts)
}

/// The [`Dom`] view of an [`HtmlPage`].
#[derive(Clone, Copy)]
pub struct HtmlDom<'a> {
    page: &'a HtmlPage,
}

fn tag_of(n: &NodeRef<'_>) -> String {
    n.node_name().map(|t| t.to_ascii_lowercase()).unwrap_or_default()
}

/// An element whose text no reader sees ([`hides_text`]).
pub(crate) fn hidden_tag(n: &NodeRef<'_>) -> bool {
    n.is_element() && n.node_name().is_some_and(|t| hides_text(&t, || n.has_attr(HIDDEN_TEXT_ATTR)))
}

/// Visible text below `n`, without recursion (pages nest thousands deep).
fn collect_text(n: &NodeRef<'_>, out: &mut String) {
    let mut stack = Vec::new();
    let mut child = n.first_child();
    loop {
        while let Some(c) = child {
            if c.is_text() {
                out.push_str(&c.text());
                if out.len() > MAX_TEXT_UTF16 && out.encode_utf16().nth(MAX_TEXT_UTF16).is_some() {
                    truncate_utf16(out, MAX_TEXT_UTF16);
                    return;
                }
            } else if c.is_element() && !hidden_tag(&c) && c.first_child().is_some() {
                stack.push(c.next_sibling());
                child = c.first_child();
                continue;
            }
            child = c.next_sibling();
        }
        match stack.pop() {
            Some(next) => child = next,
            None => break,
        }
    }
}

impl<'a> HtmlDom<'a> {
    /// Text nodes matching the query below `root`, in document order, without recursion.
    fn walk_text(&self, root: &NodeRef<'a>, q: &TextQuery<'_>, out: &mut Vec<TextHit<NodeRef<'a>>>) {
        // Each frame: the parent, its next child to visit and that child's index.
        let mut stack: Vec<(NodeRef<'a>, Option<NodeRef<'a>>, usize)> = vec![(*root, root.first_child(), 0)];
        while let Some((parent, next, index)) = stack.pop() {
            let Some(c) = next else { continue };
            stack.push((parent, c.next_sibling(), index + 1));
            if c.is_text() {
                let t = c.text();
                if text_matches(q, &t) {
                    out.push(TextHit { parent, index, text: t.to_string() });
                }
            } else if c.is_element() && !hidden_tag(&c) {
                stack.push((c, c.first_child(), 0));
            }
        }
    }
}

impl<'a> Dom for HtmlDom<'a> {
    type Node = NodeRef<'a>;
    type Key = dom_query::NodeId;

    fn body(&self) -> Option<NodeRef<'a>> {
        self.page.doc.body().or_else(|| Some(self.page.doc.html_root()))
    }

    fn select(&self, scope: Option<&NodeRef<'a>>, selector: &str) -> Vec<NodeRef<'a>> {
        let Some(m) = self.page.matcher(selector) else { return Vec::new() };
        let sel = match scope {
            Some(n) => Selection::from(*n).select_matcher(&m),
            None => self.page.doc.select_matcher(&m),
        };
        sel.nodes().to_vec()
    }

    fn matches(&self, node: &NodeRef<'a>, selector: &str) -> bool {
        match self.page.matcher(selector) {
            Some(m) => node.is_element() && node.is_match(&m),
            None => false,
        }
    }

    fn tag(&self, node: &NodeRef<'a>) -> String {
        tag_of(node)
    }

    fn attr(&self, node: &NodeRef<'a>, name: &str) -> Option<String> {
        node.attr(name).map(|v| v.to_string())
    }

    fn parent(&self, node: &NodeRef<'a>) -> Option<NodeRef<'a>> {
        node.parent().filter(|p| p.is_element())
    }

    fn children(&self, node: &NodeRef<'a>) -> Vec<NodeRef<'a>> {
        node.element_children()
    }

    fn has_more_children_than(&self, node: &NodeRef<'a>, n: usize) -> bool {
        let mut count = 0;
        let mut child = node.first_child();
        while let Some(c) = child {
            count += c.is_element() as usize;
            if count > n {
                return true;
            }
            child = c.next_sibling();
        }
        false
    }

    fn text(&self, node: &NodeRef<'a>) -> String {
        let mut s = String::new();
        collect_text(node, &mut s);
        s
    }

    fn own_text(&self, node: &NodeRef<'a>) -> String {
        let mut s = String::new();
        let mut child = node.first_child();
        while let Some(c) = child {
            if c.is_text() {
                s.push_str(&c.text());
            }
            child = c.next_sibling();
        }
        truncate_utf16(&mut s, MAX_TEXT_UTF16);
        s
    }

    fn contains(&self, ancestor: &NodeRef<'a>, node: &NodeRef<'a>) -> bool {
        let mut cur = Some(*node);
        while let Some(c) = cur {
            if c.id == ancestor.id {
                return true;
            }
            cur = c.parent();
        }
        false
    }

    fn same(&self, a: &NodeRef<'a>, b: &NodeRef<'a>) -> bool {
        a.id == b.id
    }

    fn key(&self, node: &NodeRef<'a>) -> dom_query::NodeId {
        node.id
    }

    type TextCursor = ();

    fn find_text_step(&self, query: &TextQuery<'_>, _: &mut (), out: &mut Vec<TextHit<NodeRef<'a>>>, _: &mut dyn FnMut() -> bool) -> bool {
        self.walk_text(&self.page.doc.html_root(), query, out);
        true
    }

    fn host(&self) -> Option<String> {
        host_from_page_urls(self)
    }
}

/// Paths deeper than this start at the nearest ancestor with a unique id instead of `html`,
/// so that a 5,000-deep page does not give a 100 KB selector.
const MAX_PATH_DEPTH: usize = 32;

/// The element's name as a CSS type selector when it is a plain HTML name; `*` otherwise
/// (SVG's `foreignObject` keeps its case, `a:b` or `span.x` are not identifiers).
fn type_selector(n: &NodeRef<'_>) -> String {
    let name = n.node_name().map(|t| t.to_string()).unwrap_or_default();
    let plain = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if plain {
        name
    } else {
        "*".into()
    }
}

fn unique_id(node: &NodeRef<'_>) -> Option<String> {
    let id = node.attr("id")?.to_string();
    if id.is_empty() || id.contains(['"', '\\', '\n']) {
        return None;
    }
    let mut root = *node;
    while let Some(p) = root.parent() {
        root = p;
    }
    let sel = format!("[id=\"{id}\"]");
    (Selection::from(root).select(&sel).length() == 1).then_some(sel)
}

/// A CSS path that selects exactly this element in the page as a browser parses it:
/// `html > body:nth-child(2) > div:nth-child(1) > p:nth-child(3)`.
pub fn css_path(node: &NodeRef<'_>) -> String {
    let mut parts = Vec::new();
    let mut cur = Some(*node);
    while let Some(n) = cur.filter(|n| n.is_element()) {
        if parts.len() >= MAX_PATH_DEPTH {
            if let Some(anchor) = unique_id(&n) {
                parts.push(format!("{}{anchor}", type_selector(&n)));
                break;
            }
        }
        let parent = n.parent().filter(|p| p.is_element());
        match parent {
            None => parts.push(type_selector(&n)),
            Some(ref p) => {
                let pos = p.element_children().iter().position(|c| c.id == n.id).unwrap_or(0) + 1;
                parts.push(format!("{}:nth-child({pos})", type_selector(&n)));
            }
        }
        cur = parent;
    }
    parts.reverse();
    parts.join(" > ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_skips_scripts_and_styles() {
        let page = HtmlPage::parse("<div id=a>Hi <script>var x=1</script><style>p{}</style><b>there</b></div>");
        let dom = page.dom();
        let a = dom.select(None, "#a");
        assert_eq!(dom.text(&a[0]), "Hi there");
    }

    #[test]
    fn find_text_reports_parent_and_child_index() {
        let page = HtmlPage::parse("<div id=a><p>x</p>\nAdvertisement\n<script>Advertisement</script></div>");
        let dom = page.dom();
        let hits = dom.find_text(&TextQuery { contains: &[], equals: &["advertisement"] });
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].index, 1);
        assert_eq!(dom.attr(&hits[0].parent, "id").as_deref(), Some("a"));
    }

    #[test]
    fn css_path_selects_the_element() {
        let page = HtmlPage::parse("<div><p>a</p><p id=t>b</p></div>");
        let dom = page.dom();
        let t = &dom.select(None, "#t")[0];
        let path = css_path(t);
        assert_eq!(path, "html > body:nth-child(2) > div:nth-child(1) > p:nth-child(2)");
        let again = dom.select(None, &path);
        assert_eq!(again.len(), 1);
        assert!(dom.same(&again[0], t));
    }

    #[test]
    fn invalid_selector_matches_nothing() {
        let page = HtmlPage::parse("<div></div>");
        assert!(page.dom().select(None, "div[").is_empty());
    }

    #[test]
    fn host_comes_from_canonical_link() {
        let page = HtmlPage::parse("<head><link rel=canonical href='https://www.Example.com/a'></head>");
        assert_eq!(page.dom().host().as_deref(), Some("www.example.com"));
    }
}
