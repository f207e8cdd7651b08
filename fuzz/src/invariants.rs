//! Invariants of the native pipeline and of reader mode, checked by the fuzz targets
//! (`fuzz/fuzz_targets/*.rs`) and by `tests/hostile.rs`, which includes this file.
//!
//! Each check panics with the broken invariant and the evidence; it never judges how long the
//! page took.

use adstrip::contract::MARKER;
use adstrip::detect::scan;
use adstrip::dom::Dom;
use adstrip::html::HtmlPage;
use adstrip::plan::{Kind, Target};
use adstrip::rules::by_id;
use dom_query::Document;

/// Elements that are page structure: never a finding.
const STRUCTURE_TAGS: &[&str] = &["html", "head", "body", "main", "article"];
/// An `article` the guard takes for a box like any other (a sidebar widget, a card of a list
/// of teasers), not for page structure.
use adstrip::guard::ARTICLE_AS_BOX;
/// Comment forms: never inside a finding.
const COMMENT_FORM: &str = "#respond, #commentform, form.comment-form";
/// The page's comments: never inside a finding (as the guard sees them).
use adstrip::rules::lists::GUARD_COMMENTS;
/// An `h1` inside one of these is a widget title, not the headline (as the guard sees it).
use adstrip::rules::lists::NOT_HEADLINE_INSIDE;

/// Bytes as the CLI reads them: `None` when `decode` refuses them.
pub fn decode(bytes: &[u8]) -> Option<String> {
    let res = adstrip::cli::input::decode(bytes).map_err(|e| format!("{e:?}"));
    if let Ok(s) = &res {
        assert!(!s.is_empty(), "decode accepted input and returned nothing");
    }
    res.ok()
}

/// What the pipeline produced for one page, for tests that want to look further.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: usize,
    pub guarded: usize,
    pub rows: Vec<adstrip::html::Row>,
}

/// The whole native pipeline on one page: scan, rows, clean with and without marks.
///
/// Row selectors are checked only for elements whose tag names, and their ancestors', are
/// plain lower-case CSS identifiers: `css_path` writes tag names unescaped and lower-cased, so
/// `<x.y>`, `<a:b>` or SVG's `foreignObject` give a selector that selects nothing or another
/// element (see [`check_row_paths`] and `tests/hostile.rs`, `row_selectors_of_odd_tag_names`).
pub fn check_pipeline(html: &str) -> Outcome {
    check_pipeline_inner(html, false)
}

/// Every row selector selects exactly its finding's element, whatever the tag names.
pub fn check_row_paths(html: &str) -> Outcome {
    check_pipeline_inner(html, true)
}

/// Whether the element and its ancestors have tag names a CSS type selector can spell as is.
fn plain_path(node: &dom_query::NodeRef<'_>) -> bool {
    let mut cur = Some(*node);
    while let Some(n) = cur.filter(|n| n.is_element()) {
        let name = n.node_name().map(|t| t.to_string()).unwrap_or_default();
        let plain = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !plain {
            return false;
        }
        cur = n.parent();
    }
    true
}

/// The plan and the rows only (no cleaning), for pages too big to go through everything:
/// the guard holds and every row selector selects its finding.
pub fn check_plan(html: &str) -> Outcome {
    check_plan_inner(html, false)
}

/// One parse and scan, and the guard (no rows, no cleaning): for the largest pages.
pub fn check_scan(html: &str) -> usize {
    let page = HtmlPage::parse(html);
    let dom = page.dom();
    let plan = scan(&dom);
    check_guard(&dom, &plan);
    plan.findings.len()
}

/// No finding is page structure, holds the headline or a comment form; text findings point
/// at text nodes.
fn check_guard<'a>(dom: &adstrip::html::HtmlDom<'a>, plan: &adstrip::plan::Plan<dom_query::NodeRef<'a>>) {
    let dom = *dom;
    // The guard: no finding is page structure, holds the headline or a comment form.
    let headlines: Vec<_> = dom.select(None, "h1").into_iter().filter(|h| !dom.is_or_inside(h, NOT_HEADLINE_INSIDE)).collect();
    for f in &plan.findings {
        assert!(valid_rule(f.kind(), f.rule()), "finding with unknown rule {:?}", f.rule());
        match &f.target {
            Target::Element(n) => {
                let tag = dom.tag(n);
                let a_box = tag == "article" && dom.matches(n, ARTICLE_AS_BOX);
                assert!(a_box || !STRUCTURE_TAGS.contains(&tag.as_str()), "finding is page structure: <{tag}> ({})", f.rule());
                assert!(!dom.matches(n, "[role='main']"), "finding is role=main ({})", f.rule());
                assert!(!headlines.iter().any(|h| dom.contains(n, h)), "finding <{tag}> holds the headline ({})", f.rule());
                assert!(
                    !dom.matches(n, COMMENT_FORM) && dom.select(Some(n), COMMENT_FORM).is_empty(),
                    "finding <{tag}> holds a comment form ({})",
                    f.rule()
                );
                assert!(!dom.is_or_has(n, GUARD_COMMENTS), "finding <{tag}> holds the comments ({})", f.rule());
            }
            Target::Text { parent, index, .. } => {
                let child = parent.children().get(*index).copied();
                assert!(child.is_some_and(|c| c.is_text()), "text finding points at child {index}, not a text node");
            }
        }
    }
}

fn check_plan_inner(html: &str, paths: bool) -> Outcome {
    let page = HtmlPage::parse(html);
    let dom = page.dom();
    let plan = scan(&dom);
    check_guard(&dom, &plan);

    // Rows: each selector selects exactly the finding's element (for a text run, its parent).
    let rows = adstrip::html::rows(html);
    assert_eq!(rows.len(), plan.findings.len(), "rows and findings differ in number");
    for (row, f) in rows.iter().zip(&plan.findings) {
        let node = match &f.target {
            Target::Element(n) => n,
            Target::Text { parent, .. } => parent,
        };
        if !paths && !plain_path(node) {
            continue;
        }
        let hits = dom.select(None, &row.selector);
        assert_eq!(hits.len(), 1, "row selector {:?} selects {} elements, not 1", row.selector, hits.len());
        assert!(dom.same(&hits[0], node), "row selector {:?} selects another element", row.selector);
    }

    Outcome { findings: plan.findings.len(), guarded: plan.guarded.len(), rows }
}

/// [`check_plan`], then clean with and without marks: with marks, every finding carries one
/// valid marker; without, none is left.
fn check_pipeline_inner(html: &str, paths: bool) -> Outcome {
    let outcome = check_plan_inner(html, paths);
    let findings = outcome.findings;
    let page_has_markers = html.to_ascii_lowercase().contains(MARKER);
    let marked = adstrip::html::clean(html, true);
    let removed = adstrip::html::clean(html, false);
    // Serialising and parsing again does not give back every tree html5ever builds (a `form`
    // nested in a `form` through misnested tags is dropped on the second parse): marks are
    // counted only on pages that survive that round trip.
    if !page_has_markers && round_trips(html) {
        let marked_doc = Document::from(marked.as_str());
        let values: Vec<String> =
            marked_doc.select(&format!("[{MARKER}]")).nodes().iter().filter_map(|n| n.attr(MARKER).map(|v| v.to_string())).collect();
        for v in &values {
            let (kind, rule) = v.split_once(':').unwrap_or(("", ""));
            let kind = match kind {
                "ad" => Kind::Ad,
                "subscribe" => Kind::Subscribe,
                _ => panic!("marker {v:?} has no kind"),
            };
            assert!(valid_rule(kind, rule), "marker {v:?} names no rule");
        }
        assert_eq!(values.len(), findings, "marked page has {} markers for {findings} findings", values.len());
        let removed_doc = Document::from(removed.as_str());
        assert!(removed_doc.select(&format!("[{MARKER}]")).is_empty(), "cleaned page still has a marked element");
    }
    outcome
}

/// Whether the page's tree has as many elements after serialising and parsing it again.
fn round_trips(html: &str) -> bool {
    let once = Document::from(html);
    let twice = Document::from(once.html().to_string().as_str());
    once.select("*").length() == twice.select("*").length()
}

fn valid_rule(kind: Kind, rule: &str) -> bool {
    // Selector rules and code rules alike.
    by_id(rule).is_some_and(|r| r.kind == kind)
}

/// Elements that run, embed, submit or style: never in reader output.
const READER_FORBIDDEN: &[&str] = &[
    "script",
    "style",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "option",
    "link",
    "meta",
    "base",
    "svg",
    "template",
    "frame",
    "frameset",
    "noscript",
    "xmp",
    "plaintext",
    "noembed",
    "noframes",
    "portal",
    "title",
    "audio",
    "video",
    "slot",
    "dialog",
    "annotation-xml",
    "maction",
];
/// Attributes that hold a URL the browser may load or navigate to.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "cite",
    "srcset",
    "action",
    "formaction",
    "poster",
    "background",
    "data",
    "xlink:href",
    "codebase",
    "longdesc",
    "ping",
    "lowsrc",
    "dynsrc",
    "manifest",
    "icon",
];
/// The sandbox reader mode gives the video iframes it keeps.
const VIDEO_SANDBOX: &str = "allow-scripts allow-same-origin allow-presentation allow-popups";

/// Reader mode on one page: if an article comes out, nothing of it can run.
pub fn check_reader(html: &str) {
    let _ = adstrip::reader::is_readerable(html);
    if let Ok(a) = adstrip::reader::extract(html, Some("https://example.com/post/")) {
        check_safe_html(&a.content_html);
        if let Some(img) = &a.lead_image {
            let lower = img.trim().to_ascii_lowercase();
            assert!(lower.starts_with("http://") || lower.starts_with("https://"), "lead image {img:?}");
        }
    }
}

/// A URL as a browser reads it: no white space or control characters anywhere, lower case.
fn url_as_browser(v: &str) -> String {
    v.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_lowercase()
}

/// Sanitised article markup: no element that runs or embeds, no handler or style attribute,
/// no script URL, `data:` only as a raster image, iframes only sandboxed over https.
pub fn check_safe_html(out: &str) {
    assert!(!out.to_ascii_lowercase().contains("<script"), "reader output holds <script: {out:.300}");
    let doc = Document::fragment(out);
    for n in doc.select("*").nodes() {
        let tag = n.node_name().map(|t| t.to_ascii_lowercase()).unwrap_or_default();
        assert!(!READER_FORBIDDEN.contains(&tag.as_str()), "reader output holds <{tag}>");
        for a in n.attrs() {
            let name = a.name.local.to_string().to_ascii_lowercase();
            let full = match a.name.prefix.as_ref() {
                Some(p) => format!("{}:{name}", p.to_string().to_ascii_lowercase()),
                None => name.clone(),
            };
            let value: &str = &a.value;
            assert!(!name.starts_with("on"), "reader output has handler {full}={value:?} on <{tag}>");
            assert!(!matches!(name.as_str(), "style" | "srcdoc" | "formaction" | "is"), "reader output has {full} on <{tag}>");
            if URL_ATTRS.contains(&full.as_str()) || URL_ATTRS.contains(&name.as_str()) {
                // A srcset is a list of "URL descriptors" candidates; every URL counts.
                let urls: Vec<String> = if name == "srcset" {
                    value.split(',').filter_map(|c| c.split_whitespace().next()).map(url_as_browser).collect()
                } else {
                    vec![url_as_browser(value)]
                };
                for bad in ["javascript:", "vbscript:", "livescript:"] {
                    assert!(!urls.iter().any(|u| u.starts_with(bad)), "reader output has {full}={value:?} on <{tag}>");
                }
                let url = urls.first().cloned().unwrap_or_default();
                if url.starts_with("data:") {
                    assert!(
                        matches!((tag.as_str(), name.as_str()), ("img", "src")) && url.starts_with("data:image/"),
                        "reader output has {full}={value:?} on <{tag}>"
                    );
                    assert!(!url.starts_with("data:image/svg"), "reader output has an SVG data URL on <{tag}>");
                }
            }
        }
        if tag == "iframe" {
            assert_eq!(n.attr("sandbox").as_deref(), Some(VIDEO_SANDBOX), "reader iframe without its sandbox");
            let src = n.attr("src").map(|s| s.to_string()).unwrap_or_default();
            assert!(src.starts_with("https://"), "reader iframe src {src:?}");
        }
    }
}

/// The reader's sanitiser on its own, over any fragment.
pub fn check_sanitize(html: &str) {
    check_safe_html(&adstrip::reader::sanitize_fragment(html));
}

/// The depth cap: the capped page parses no deeper than 16 times [`adstrip::html::MAX_DEPTH`]
/// (the pass before the parse follows the parser closely, not perfectly), what the pass
/// flattens are elements of the page, and a page it leaves alone is returned as it was.
pub fn check_depth(html: &str) {
    let (capped, shape) = adstrip::html::cap_depth(html);
    if shape.flattened == 0 {
        assert_eq!(capped.as_ref(), html, "nothing flattened, yet the page changed");
    }
    assert!(shape.flattened <= shape.elements, "flattened {} of {} elements", shape.flattened, shape.elements);
    let doc = Document::from(capped.as_ref());
    let mut deepest = 0;
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((n, d)) = stack.pop() {
        deepest = deepest.max(d);
        stack.extend(n.element_children().into_iter().map(|c| (c, d + 1)));
    }
    // Within twice the cap for the common ways of nesting (tests/hostile.rs); some rare
    // combinations still count short, by less than this.
    assert!(deepest <= 16 * adstrip::html::MAX_DEPTH, "the capped page parses {deepest} deep");
}
