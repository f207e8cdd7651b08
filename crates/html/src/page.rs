//! Findings of a serialised page as rows: what `adstrip scan --json` prints and what the
//! service worker returns to a content script that could not run wasm itself.

use crate::dom::{css_path, HtmlPage};
use crate::stepped::{IdDom, PageScan};
use adstrip_core::contract::MARKER;
use adstrip_core::detect::{scan, Options};
use adstrip_core::dom::Dom;
use adstrip_core::plan::{Finding, Guarded, Target};
use adstrip_core::text::excerpt;
use dom_query::NodeId;
use serde::Serialize;

#[derive(Serialize, Debug, Clone)]
pub struct Row {
    pub kind: &'static str,
    pub rule: &'static str,
    pub reason: &'static str,
    /// A CSS path selecting exactly the element (for a text run: its parent).
    pub selector: String,
    /// The element's first 80 characters of text, or the whole text of the run.
    pub text: String,
    /// "element" or "text".
    pub target: &'static str,
}

/// A candidate the article guard refused: where it is and why.
#[derive(Serialize, Debug, Clone)]
pub struct GuardedRow {
    pub rule: &'static str,
    pub selector: String,
    pub why: &'static str,
}

/// The rows of the service worker's path: the same detectors as the in-page session.
pub fn rows_in_browser(html: &str) -> Vec<Row> {
    scan_page_with(html, Options::default()).0
}

pub fn rows(html: &str) -> Vec<Row> {
    scan_page(html).0
}

/// The findings and the guarded candidates of a page.
pub fn scan_page(html: &str) -> (Vec<Row>, Vec<GuardedRow>) {
    scan_page_with(html, Options::default())
}

fn scan_page_with(html: &str, opts: Options) -> (Vec<Row>, Vec<GuardedRow>) {
    PageScan::new(html, opts).run()
}

/// A finding as a row.
pub(crate) fn row(dom: &IdDom, f: &Finding<NodeId>) -> Row {
    let (selector, text, target) = match &f.target {
        Target::Element(n) => (css_path(&dom.node(*n)), excerpt(&dom.text(n), 80), "element"),
        Target::Text { parent, text, .. } => (css_path(&dom.node(*parent)), text.trim().to_string(), "text"),
    };
    Row { kind: f.kind().as_str(), rule: f.rule(), reason: f.reason(), selector, text, target }
}

/// A refused candidate as a row.
pub(crate) fn guarded_row(dom: &IdDom, g: &Guarded<NodeId>) -> GuardedRow {
    GuardedRow { rule: g.finding.rule(), selector: css_path(&dom.node(*g.finding.target.node())), why: g.why }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The page without its findings, or with them marked (text runs wrapped in a marked span).
/// The output is UTF-8, and says so: a charset the page declared is replaced by `utf-8`, so a
/// browser opening the cleaned file of a legacy-encoded page shows the same text.
pub fn clean(html: &str, mark: bool) -> String {
    clean_with(html, mark, false)
}

/// The page without the findings that show something, for the extractor: an empty slot
/// (no text, no media) shows nothing, and removing it would only change the page's structure,
/// which the extractor scores.
pub fn clean_for_reading(html: &str) -> String {
    clean_with(html, false, true)
}

fn clean_with(html: &str, mark: bool, keep_empty: bool) -> String {
    let page = HtmlPage::parse(html);
    let dom = page.dom();
    let mut plan = scan(&dom);
    if keep_empty {
        plan.findings.retain(|f| match &f.target {
            Target::Element(n) => !adstrip_core::detect::climb::shows_nothing(&dom, n),
            Target::Text { .. } => true,
        });
    }
    // Resolve text runs to their nodes before anything moves.
    let mut texts = Vec::new();
    let mut elements = Vec::new();
    for f in &plan.findings {
        match &f.target {
            Target::Element(n) => elements.push((*n, f.marker())),
            Target::Text { parent, index, .. } => {
                if let Some(t) = parent.children().get(*index).copied().filter(|t| t.is_text()) {
                    texts.push((t, f.marker()));
                }
            }
        }
    }
    for (t, marker) in texts {
        if mark {
            let content = t.text().to_string();
            t.replace_with_html(format!("<span {MARKER}=\"{marker}\">{}</span>", escape(&content)));
        } else {
            t.remove_from_parent();
        }
    }
    for (n, marker) in elements {
        if mark {
            n.set_attr(MARKER, &marker);
        } else {
            n.remove_from_parent();
        }
    }
    declare_utf8(&page);
    split_long_text(page.document());
    page.document().html().to_string()
}

/// Text nodes longer than this are cut into several before serialising.
const TEXT_PIECE: usize = 1024;

/// Cuts long text nodes into adjacent pieces of about [`TEXT_PIECE`] bytes. The serialised
/// page is the same; html5ever's serialiser, which searches the rest of a text node again after
/// each character it escapes, then takes linear time instead of quadratic on a text of 2M `&`.
pub fn split_long_text(doc: &dom_query::Document) {
    let long: Vec<_> = doc.root().descendants_it().filter(|n| n.is_text() && n.text().len() > TEXT_PIECE).collect();
    for node in long {
        let text = node.text();
        let mut at = 0;
        while at < text.len() {
            let mut end = (at + TEXT_PIECE).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            node.insert_before(&doc.tree.new_text(&text[at..end]));
            at = end;
        }
        node.remove_from_parent();
    }
}

/// Rewrites every charset declaration of the page to UTF-8 (the encoding the output is in).
fn declare_utf8(page: &HtmlPage) {
    let doc = page.document();
    for meta in doc.select("meta[charset]").nodes() {
        meta.set_attr("charset", "utf-8");
    }
    for meta in doc.select("meta[http-equiv][content]").nodes() {
        let is_type = meta.attr("http-equiv").is_some_and(|v| v.trim().eq_ignore_ascii_case("content-type"));
        if is_type && meta.attr("content").is_some_and(|c| c.to_ascii_lowercase().contains("charset")) {
            meta.set_attr("content", "text/html; charset=utf-8");
        }
    }
}
