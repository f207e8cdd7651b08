//! Hostile input for the native core: generated broken WordPress-like pages and fixed
//! pathological pages. Nothing may panic, and the guard must hold: no finding is page
//! structure (html, body, main, article), holds the headline or a comment form, and every
//! row's selector selects exactly its finding. Time is not asserted.
//!
//! The invariants are shared with the fuzz targets (`fuzz/src/invariants.rs`); inputs the
//! fuzzers found are kept in `tests/fixtures/hostile/` and replayed here.

#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/src/invariants.rs"]
mod invariants;

use adstrip::detect::scan;
use adstrip::dom::Dom;
use adstrip::html::HtmlPage;
use adstrip::plan::Target;
use invariants::{check_depth, check_pipeline, check_plan, check_reader, check_row_paths, check_sanitize, check_scan, decode, Outcome};
use proptest::prelude::*;
use std::path::Path;

// ---------------------------------------------------------------- generated pages

/// Tags of WordPress pages, page structure and a few the parser treats specially.
const TAGS: &[&str] = &[
    "div", "div", "div", "p", "p", "span", "span", "ins", "aside", "section", "article", "main", "h1", "h2", "form", "iframe", "a", "img",
    "script", "table", "td", "ul", "li", "body", "template", "svg", "noscript", "textarea", "select", "b", "header", "footer", "nav",
];
/// Classes and ids the rules look for, and a few they must not mistake for ads.
const CLASSES: &[&str] = &[
    "wpcnt",
    "wpa",
    "wpa-about",
    "wpmrec",
    "u top",
    "code-block code-block-1",
    "adsbygoogle",
    "google-auto-placed",
    "widget",
    "widget_text",
    "jetpack_subscription_widget",
    "wp-block-jetpack-subscriptions",
    "jetpack-subscribe-overlay",
    "ad",
    "ad-slot",
    "banner",
    "mc4wp-form",
    "journ-target",
    "journ-widget",
    "advads-ad",
    "comment-form",
    "sidebar",
    "entry-content",
    "wordads-ad-wrapper",
    "td-a-rec",
    "mv-ad-box",
    "OUTBRAIN",
    "",
];
const IDS: &[&str] = &[
    "respond",
    "commentform",
    "div-gpt-ad-1",
    "atatags-26942-1",
    "journ-12",
    "blog_subscription-2",
    "mc_embed_signup",
    "taboola-below",
    "main",
    "x",
];
/// Text runs: labels, Jetpack's lines, prose, entities, markup-looking text, a NUL.
const TEXTS: &[&str] = &[
    "Advertisement",
    "- Advertisement -",
    "Advertisements",
    "Anzeige",
    "Report this ad",
    "Subscribe",
    "Discover more from Example",
    "Subscribe to get the latest posts sent to your email.",
    "A paragraph of article prose, long enough to count towards the article's density.",
    "&amp; &lt;b&gt; &#0; &#x110000; &nbsp;&",
    "\0",
    "<",
    "</div>",
    "]]>",
    "é ü 広告 реклама",
    "   \n\t ",
];

#[derive(Debug, Clone)]
enum Node {
    Text(String),
    Element { tag: &'static str, attrs: Vec<(String, String, u8)>, children: Vec<Node>, close: bool },
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(TEXTS).prop_map(str::to_string),
        1 => prop::collection::vec(any::<char>(), 0..12).prop_map(|cs| cs.into_iter().collect()),
    ]
}

fn attr_strategy() -> impl Strategy<Value = (String, String, u8)> {
    let value = prop_oneof![
        3 => prop::sample::select(CLASSES).prop_map(str::to_string),
        1 => text_strategy(),
        1 => Just("\"'><script>x()</script>".to_string()),
        // Very long values.
        1 => (1usize..40_000).prop_map(|n| "wpcnt ".repeat(n / 6)),
    ];
    let name = prop_oneof![
        4 => Just("class".to_string()),
        2 => Just("id".to_string()),
        1 => Just("role".to_string()),
        1 => Just("data-adstrip".to_string()),
        1 => Just("onclick".to_string()),
        1 => Just("data-journ-trackid".to_string()),
        1 => Just("href".to_string()),
        1 => Just("x\"y".to_string()),
    ];
    let id_value = prop::sample::select(IDS).prop_map(str::to_string);
    (name, prop_oneof![3 => value, 1 => id_value], 0u8..4)
}

fn node_strategy() -> impl Strategy<Value = Node> {
    let leaf = text_strategy().prop_map(Node::Text);
    leaf.prop_recursive(8, 96, 6, |inner| {
        (
            prop::sample::select(TAGS),
            prop::collection::vec(attr_strategy(), 0..3),
            prop::collection::vec(inner, 0..6),
            prop::bool::weighted(0.8),
        )
            .prop_map(|(tag, attrs, children, close)| Node::Element { tag, attrs, children, close })
    })
}

fn render(node: &Node, out: &mut String) {
    match node {
        Node::Text(t) => out.push_str(t),
        Node::Element { tag, attrs, children, close } => {
            out.push('<');
            out.push_str(tag);
            for (name, value, quote) in attrs {
                out.push(' ');
                out.push_str(name);
                match quote {
                    0 => out.push_str(&format!("=\"{}\"", value.replace('"', "&quot;"))),
                    1 => out.push_str(&format!("='{value}'")),
                    2 => out.push_str(&format!("={}", value.replace([' ', '>'], "_"))),
                    _ => {} // a bare attribute
                }
            }
            out.push('>');
            for c in children {
                render(c, out);
            }
            if *close {
                out.push_str(&format!("</{tag}>"));
            }
        }
    }
}

fn page_strategy() -> impl Strategy<Value = String> {
    (prop::collection::vec(node_strategy(), 1..5), any::<bool>()).prop_map(|(nodes, doctype)| {
        let mut s = String::new();
        if doctype {
            s.push_str("<!doctype html><html><head><title>t</title></head><body>");
        }
        for n in &nodes {
            render(n, &mut s);
        }
        s
    })
}

/// Many siblings: a flat run of ads, labels and paragraphs under one parent.
fn siblings_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<div class=\"wpcnt\"><div class=\"wpa\"><span class=\"wpa-about\">Advertisements</span><div class=\"u\"></div></div></div>"),
        Just("<p>A paragraph of article prose, long enough to count towards the density.</p>"),
        Just("<ins class=\"adsbygoogle\" data-ad-client=\"ca-pub-1\"></ins>"),
        Just("Advertisement"),
        Just("<h2>Advertisement</h2>"),
        Just("<div class=\"code-block\"><script>x</script></div>"),
        Just("<hr>"),
        Just("<span class=ad>"),
    ];
    (prop::collection::vec(piece, 0..120), prop::sample::select(&["div", "article", "main", "body", "td"][..]))
        .prop_map(|(pieces, parent)| format!("<h1>Title</h1><{parent}>{}</{parent}>", pieces.concat()))
}

proptest! {
    // A fixed seed: the same pages every run, so a run fails only on a change (the fuzz
    // targets look further, with fresh inputs each time).
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(7), ..ProptestConfig::default() })]

    #[test]
    fn generated_pages_keep_the_invariants(html in page_strategy()) {
        check_pipeline(&html);
        if let Some(decoded) = decode(html.as_bytes()) {
            check_pipeline(&decoded);
        }
    }

    #[test]
    fn many_siblings_keep_the_invariants(html in siblings_strategy()) {
        check_pipeline(&html);
    }

    #[test]
    fn generated_pages_give_safe_reader_output(html in page_strategy()) {
        check_sanitize(&html);
    }
}

// ---------------------------------------------------------------- fixed hostile pages

/// Element findings of a page, as (tag, class) for messages.
fn finding_tags(html: &str) -> Vec<String> {
    let page = HtmlPage::parse(html);
    let dom = page.dom();
    scan(&dom)
        .findings
        .iter()
        .filter_map(|f| match &f.target {
            Target::Element(n) => Some(format!("{}.{}", dom.tag(n), dom.attr(n, "class").unwrap_or_default())),
            Target::Text { .. } => None,
        })
        .collect()
}

const AD: &str = r#"<div class="wpcnt"><div class="wpa"><span class="wpa-about">Advertisements</span><div class="u top"><div id="atatags-1"></div></div></div></div>"#;
const PROSE: &str = "A paragraph of article prose, long enough to count towards the article's density.";

/// An `article` in a list item is a card, a box like any other: a subscription widget drawn
/// in one goes. The page's own `article`, with the same class, stays (it holds the headline and
/// is page structure), and the widget inside it goes.
#[test]
fn an_article_card_in_a_list_may_go_the_page_article_never() {
    // The page a generated run found (the guard and the invariant disagreed on it).
    let card = r#"<li><article class="jetpack_subscription_widget"></article><div>Subscribe"#;
    check_pipeline(card);
    assert_eq!(finding_tags(card), ["article.jetpack_subscription_widget"]);

    let page = format!(
        r#"<html><body><article class="jetpack_subscription_widget"><h1>Title</h1><p>{PROSE}</p><p>{PROSE}</p><div class="jetpack_subscription_widget"><form><input type="email"><button>Subscribe</button></form></div></article></body></html>"#
    );
    check_pipeline(&page);
    assert_eq!(finding_tags(&page), ["div.jetpack_subscription_widget"]);
}

#[test]
fn hundred_thousand_elements() {
    let mut html = String::from("<html><body><main><h1>Title</h1><ul>");
    for i in 0..50_000 {
        html.push_str(&format!("<li><span class=\"s{}\">item {i}</span></li>", i % 7));
    }
    html.push_str("</ul>");
    html.push_str(AD);
    html.push_str("</main></body></html>");
    let out = check_plan(&html);
    assert_eq!(out.findings, 1, "{:?}", out.rows);
    assert!(!adstrip::html::clean(&html, false).contains("wpcnt"));
}

#[test]
fn five_thousand_deep_nesting() {
    // The parse flattens what is deeper than the browsers' 512 levels; an ad 400 deep in a
    // 5,000-deep page is still found.
    let html =
        format!("<html><body>{}{AD}<p>{PROSE}</p>{}</body></html>", "<div>".repeat(400), "<div>".repeat(4_600) + &"</div>".repeat(5_000));
    // Cleaning (parse, scan, serialise) on the test thread's own small stack ...
    assert!(!adstrip::html::clean(&html, false).contains("wpcnt"));
    // ... and the checks on a large one: the row selector is a 5,000-step path, and matching it
    // recurses once per step in the selector engine (2 MB are not enough in a debug build).
    let checked = std::thread::Builder::new().stack_size(256 << 20).spawn(move || check_plan(&html).findings).unwrap().join().unwrap();
    assert_eq!(checked, 1);
}

#[test]
fn twenty_megabyte_text_node() {
    let words = "lorem ipsum Advertisement Subscribe ";
    let text = words.repeat(20 * 1024 * 1024 / words.len());
    let html = format!("<html><body><article><h1>Title</h1><p>{text}</p>{AD}</article></body></html>");
    assert_eq!(check_scan(&html), 1);
}

/// `n` WordAds units between paragraphs: each unit is one finding, the article none.
fn wordads(n: usize) {
    let mut html = String::from("<html><body><article><h1>Title</h1>");
    for _ in 0..n {
        html.push_str(AD);
        html.push_str(&format!("<p>{PROSE}</p>"));
    }
    html.push_str("</article></body></html>");
    let page = HtmlPage::parse(&html);
    let dom = page.dom();
    let plan = scan(&dom);
    assert_eq!(plan.findings.len(), n);
    for f in &plan.findings {
        let Target::Element(n) = &f.target else { panic!("text finding") };
        assert_eq!(dom.attr(n, "class").as_deref(), Some("wpcnt"));
    }
}

#[test]
fn three_hundred_wordads() {
    wordads(300);
}

/// Detection is quadratic in the number of candidates (`collapse_nested` in crates/core/src/detect/mod.rs
/// and the `others` search of `is_furniture` in crates/core/src/detect/climb.rs test every pair): 10,000
/// units take about 95 s in a release build. Run with `--ignored` once that is linear.
#[test]
fn ten_thousand_wordads() {
    wordads(10_000);
}

#[test]
fn every_element_has_class_ad() {
    let mut html = String::from(r#"<html class="ad"><body class="ad"><main class="ad"><article class="ad"><h1 class="ad">Title</h1>"#);
    for _ in 0..200 {
        html.push_str(&format!(r#"<div class="ad"><p class="ad">{PROSE} <span class="ad">x</span></p><img class="ad" src="a.png"></div>"#));
    }
    html.push_str(
        r#"<div id="respond" class="ad"><form id="commentform" class="ad"><input class="ad" name="subscribe_comments"></form></div>"#,
    );
    html.push_str("</article></main></body></html>");
    check_pipeline(&html);
}

#[test]
fn body_with_an_ad_class_is_never_a_finding() {
    for body in [
        r#"<body class="wpcnt"><p>x</p></body>"#,
        r#"<body class="wpcnt wpa code-block adsbygoogle jetpack-subscribe-overlay"><div class="wpa"><ins class="adsbygoogle"></ins></div></body>"#,
        r#"<html class="wpcnt" id="div-gpt-ad-1"><body id="atatags-1" class="widget_blog_subscription">Advertisement<iframe></iframe></body></html>"#,
        r#"<body class="code-block"><main class="code-block"><article class="code-block"><h1>T</h1><p>x</p></article></main></body>"#,
    ] {
        check_pipeline(body);
        for t in finding_tags(body) {
            assert!(!t.starts_with("body.") && !t.starts_with("html."), "{t} found in {body}");
        }
    }
}

#[test]
fn article_full_of_advertisement_and_subscribe_words() {
    let mut html = String::from("<html><body><article><h1>Why we subscribe</h1>");
    for i in 0..60 {
        html.push_str(&format!(
            "<p>Advertisement {i}: readers who Subscribe to the print edition see every Advertisement, and Subscribe again.</p>"
        ));
        html.push_str("<p>Advertisement</p><p>Subscribe</p>");
    }
    html.push_str(r#"<figure><img class="ad" src="a.jpg"><figcaption>Advertisement</figcaption></figure></article></body></html>"#);
    let out = check_pipeline(&html);
    assert_eq!(out.findings, 0, "article text hidden: {:?}", out.rows);
}

#[test]
fn code_block_around_the_whole_article() {
    let mut inner = String::from("<h1>Title</h1>");
    for _ in 0..20 {
        inner.push_str(&format!("<p>{PROSE}</p>"));
    }
    for html in [
        format!(r#"<html><body><div class="code-block code-block-1"><article>{inner}</article></div></body></html>"#),
        format!(r#"<html><body><article><div class="code-block">{inner}</div></article></body></html>"#),
        format!(r#"<html><body><div class="code-block"><div class="entry-content">{inner}</div><script>ad()</script></div></body></html>"#),
    ] {
        let out = check_pipeline(&html);
        assert_eq!(out.findings, 0, "article hidden: {:?}", out.rows);
        assert!(out.guarded <= 1);
    }
}

#[test]
fn reader_output_of_hostile_articles_is_inert() {
    let mut html = String::from(r#"<html><body><article><h1>Title</h1>"#);
    for _ in 0..5 {
        html.push_str(&format!("<p>{PROSE} {PROSE}</p>"));
    }
    html.push_str(
        r#"<p onclick="x()" style="background:url(javascript:alert(1))">Text with <a href=" java&#x09;script:alert(1)">a</a>,
        <a href="data:text/html,<script>x</script>">b</a>, <img src="data:image/svg+xml,<svg onload=x>">,
        <iframe srcdoc="<script>x</script>" src="https://www.youtube.com/embed/x"></iframe>, <form action="javascript:x"><button formaction="javascript:y">go</button></form>,
        <svg><script>alert(1)</script></svg>, <math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>
        and more text, commas, words, so it stays part of the article.</p>"#,
    );
    html.push_str("</article></body></html>");
    check_reader(&html);
    check_sanitize(&html);
}

// ---------------------------------------------------------------- fuzzer findings

/// dom_smoothie 0.19 slices a string at a byte offset inside a multi-byte character when a
/// video host name follows one (`is_video_url`, src/matching.rs:57): `extract` catches the
/// panic as designed, but then reader mode has no article for the whole page.
#[test]
fn reader_survives_multibyte_before_video_host() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/reader-multibyte-before-video-host.html");
    let html = std::fs::read_to_string(path).unwrap();
    let article = adstrip::reader::extract(&html, None);
    assert!(article.is_ok(), "{article:?}");
}

/// Every input the fuzzers found, replayed through every check. Files are named
/// `<target>-<what>.html`; their content is the raw input.
#[test]
fn fuzz_regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fixtures/hostile") {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let run = || {
            if let Some(html) = decode(&bytes) {
                check_pipeline(&html);
                check_reader(&html);
            }
            check_sanitize(&String::from_utf8_lossy(&bytes));
        };
        if let Err(e) = std::panic::catch_unwind(run) {
            let msg = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()));
            panic!("{name}: {}", msg.unwrap_or_default());
        }
        n += 1;
    }
    assert!(n > 0, "no regression inputs found in {}", dir.display());
}

/// `css_path` (src/html.rs) writes tag names as they are, lower-cased: a tag name that is not
/// a plain CSS identifier gives a row selector that selects nothing, or another element.
#[test]
fn row_selectors_of_odd_tag_names() {
    for html in [
        // `span.x:nth-of-type(1)` is "the first span, with class x": the content, not the ad.
        r#"<body><span class="x"><div>Article content</div></span><span.x><div class="wpcnt"><div class="wpa"><ins class="adsbygoogle"></ins></div></div></span></body>"#,
        // `a:b` is a pseudo-class to a selector parser: the selector is invalid.
        r#"<body><a:b><div class="wpcnt"><div class="wpa"><ins class="adsbygoogle"></ins></div></div></a:b></body>"#,
        // SVG keeps the case of `foreignObject`; the lower-cased type selector misses it.
        r#"<body><svg><foreignObject><div class="wpcnt"><div class="wpa"><ins class="adsbygoogle"></ins></div></div></foreignObject></svg></body>"#,
    ] {
        let out: Outcome = check_row_paths(html);
        assert_eq!(out.findings, 1, "{html}");
    }
    let found =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/pipeline-unescaped-tag-path.html")).unwrap();
    check_row_paths(&decode(&found).unwrap());
}

// ---------------------------------------------------------------- depth, floods, encodings

/// The deepest element of a parsed page (html = 1).
fn parsed_depth(page: &HtmlPage) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(page.document().root(), 0usize)];
    while let Some((n, d)) = stack.pop() {
        deepest = deepest.max(d);
        stack.extend(n.element_children().into_iter().map(|c| (c, d + 1)));
    }
    deepest
}

/// Opening markup that nests, closes implicitly, or re-opens formatting elements.
const NESTING: &[&str] = &[
    "<div>",
    "<span>",
    "<b>",
    "<font size=2>",
    "<table><tr><td>",
    "<td>",
    "<li><ul>",
    "<li>",
    "<p>",
    "<blockquote>",
    "<svg><g>",
    "<math><mi>",
    "</div>",
    "</p>",
    "<a href=#>",
    "<select><option>",
    "<dl><dd>",
    "<h2>",
    "<div/>",
    "<object>",
    "x",
    "<!-- c -->",
];

proptest! {
    // A fixed seed: the same 24 pages every run (the depth pass still counts a few rare
    // combinations short, see crates/html/src/depth.rs; the fuzz target looks for them).
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(16), ..ProptestConfig::default() })]

    /// However a page nests, its parsed tree stays near the browsers' 512 levels (within twice
    /// that: the pass before the parse may count a rare construct shallower than it parses), and
    /// its text is kept.
    #[test]
    fn nesting_is_capped(units in prop::collection::vec(0..NESTING.len(), 1..12), repeat in 200usize..1500) {
        let unit: String = units.iter().map(|&k| NESTING[k]).collect();
        let html = unit.repeat(repeat) + "<p>the last words</p>";
        let page = HtmlPage::parse(&html);
        let d = parsed_depth(&page);
        prop_assert!(d <= 2 * adstrip::html::MAX_DEPTH, "{unit} x{repeat}: {d} deep");
        prop_assert!(page.document().text().contains("the last words"));
        check_depth(&html);
    }

    /// Floods of character references clean back to the same text.
    #[test]
    fn entity_floods_keep_their_text(refs in prop::collection::vec(prop::sample::select(vec!["&amp;", "&nbsp;", "&lt;", "&gt;", "&#233;", "&eacute", "\u{a0}", "&"]), 1..8), repeat in 1usize..3000) {
        let flood: String = refs.concat().repeat(repeat);
        let html = format!("<html><body><p id=f>{flood}</p></body></html>");
        let text = |h: &str| HtmlPage::parse(h).document().select("#f").text().to_string();
        prop_assert_eq!(text(&adstrip::html::clean(&html, false)), text(&html));
    }

    /// A page in a legacy encoding reads as it was written, whatever it says.
    #[test]
    fn legacy_encodings_decode_as_written(words in "[a-zA-Z0-9 ,.äöüßéèàçñłąęśćżźőű€–„“]{1,200}", label in prop::sample::select(vec!["windows-1252", "iso-8859-2", "iso-8859-15", "windows-1250"])) {
        let enc = adstrip::html::encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
        let page = format!("<html><head><meta charset={label}></head><body><p>{words}</p></body></html>");
        let (bytes, _, unmappable) = enc.encode(&page);
        prop_assume!(!unmappable);
        prop_assert_eq!(adstrip::html::decode_page(&bytes), page);
    }
}
