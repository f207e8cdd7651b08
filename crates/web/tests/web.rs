//! The web adapter against the native one: every fixture page parsed by the browser
//! (DOMParser) and scanned through web-sys must give exactly the findings html5ever gives
//! natively (same rules, same elements by CSS path, same text runs).
//! Runs in headless Chromium through wasm-bindgen-test (see scripts/test.sh).

#![cfg(target_arch = "wasm32")]

use adstrip_core::detect::{scan, Job, Options};
use adstrip_core::dom::{Dom, MAX_TEXT_UTF16};
use adstrip_core::plan::{Plan, Target};
use adstrip_html::{css_path, HtmlPage};
use adstrip_web::dom::WebDom;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{DomParser, Element, SupportedType};

wasm_bindgen_test_configure!(run_in_browser);

// Every fixture page, listed by build.rs from the fixture folders (never by hand).
include!(concat!(env!("OUT_DIR"), "/fixture_pages.rs"));

#[wasm_bindgen_test]
fn browser_findings_equal_native_findings() {
    let parser = DomParser::new().unwrap();
    let mut total = 0;
    let mut mismatches = Vec::new();
    for (name, bytes) in PAGES {
        let html = String::from_utf8_lossy(bytes);
        let page = HtmlPage::parse(&html);
        // Native findings as (rule, CSS path, text run); the browser's as (rule, element, text run).
        let native: Vec<(String, String, String)> = scan(&page.dom())
            .findings
            .iter()
            .map(|f| match &f.target {
                Target::Element(n) => (f.rule().to_string(), css_path(n), String::new()),
                Target::Text { parent, text, .. } => (f.rule().to_string(), css_path(parent), text.trim().to_string()),
            })
            .collect();
        let doc = parser.parse_from_string(&html, SupportedType::TextHtml).unwrap();
        let dom = WebDom::new(doc.clone());
        let web: Vec<(String, Element, String)> = scan(&dom)
            .findings
            .iter()
            .map(|f| match &f.target {
                Target::Element(n) => (f.rule().to_string(), n.clone(), String::new()),
                Target::Text { parent, text, .. } => (f.rule().to_string(), parent.clone(), text.trim().to_string()),
            })
            .collect();
        total += native.len();
        // The same rules in the same order, each native path selecting the browser's element.
        let same = native.len() == web.len()
            && native.iter().zip(&web).all(|((rn, path, tn), (rw, el, tw))| {
                rn == rw && tn == tw && doc.query_selector(path).ok().flatten().is_some_and(|e| &e == el)
            });
        if !same {
            let web_rules: Vec<_> = web.iter().map(|(r, _, t)| format!("{r} {t:?}")).collect();
            mismatches.push(format!("{name}:\n  native {native:?}\n  browser {web_rules:?}"));
        }
    }
    assert!(total > 100, "too few findings: {total}");
    assert!(mismatches.is_empty(), "{} page(s) differ:\n{}", mismatches.len(), mismatches.join("\n"));
}

/// The plan of a scan worked in the smallest pieces (the clock says "out of time" after every
/// unit and every few hundred text nodes), as the extension works a huge page.
fn scan_in_pieces(dom: &WebDom) -> (Plan<Element>, usize) {
    let mut job = Job::new(Options::default());
    let mut steps = 1;
    while !job.step(dom, None, &mut || true) {
        steps += 1;
    }
    (job.take_plan().expect("a finished job has a plan"), steps)
}

fn rows(plan: &Plan<Element>) -> Vec<(String, Element, String)> {
    plan.findings
        .iter()
        .map(|f| match &f.target {
            Target::Element(n) => (f.rule().to_string(), n.clone(), String::new()),
            Target::Text { parent, text, .. } => (f.rule().to_string(), parent.clone(), text.trim().to_string()),
        })
        .collect()
}

#[wasm_bindgen_test]
fn a_scan_in_pieces_finds_what_one_scan_finds() {
    let parser = DomParser::new().unwrap();
    let mut most_steps = 0;
    let mut mismatches = Vec::new();
    for (name, bytes) in PAGES {
        let html = String::from_utf8_lossy(bytes);
        let doc = parser.parse_from_string(&html, SupportedType::TextHtml).unwrap();
        let dom = WebDom::new(doc);
        let whole = rows(&scan(&dom));
        let (plan, steps) = scan_in_pieces(&dom);
        most_steps = most_steps.max(steps);
        if rows(&plan) != whole {
            mismatches.push(format!("{name}: whole {} findings, in {steps} pieces {}", whole.len(), plan.findings.len()));
        }
    }
    // Every rule is a piece, and a real page's thousands of text nodes are several.
    let units = adstrip_core::rules::RULES.len() + 6;
    assert!(most_steps > units, "the text walks were not cut into pieces: at most {most_steps} steps");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[wasm_bindgen_test]
fn long_text_is_cut_the_same_way_as_natively() {
    // A text longer than the cap, with a character of two UTF-16 units across the cut, in a
    // plain container, in one with a script (the walk) and as own text.
    let long = format!("{}\u{1F600}{}", "a".repeat(MAX_TEXT_UTF16 - 1), "b".repeat(50));
    let html = format!(
        "<!doctype html><body><div id='plain'>{long}</div><div id='walk'><script>x</script>{long}</div><p id='own'>{long}<b>bold</b></p></body>"
    );
    let page = HtmlPage::parse(&html);
    let native = page.dom();
    let doc = DomParser::new().unwrap().parse_from_string(&html, SupportedType::TextHtml).unwrap();
    let web = WebDom::new(doc.clone());
    for id in ["plain", "walk", "own"] {
        let n = native.select(None, &format!("#{id}"))[0];
        let w = doc.get_element_by_id(id).unwrap();
        let (nt, wt) = (native.text(&n), web.text(&w));
        assert_eq!(nt.encode_utf16().count(), MAX_TEXT_UTF16 - 1, "{id}: the emoji is cut whole");
        assert!(nt == wt, "{id}: text differs natively and in the browser");
        assert!(native.own_text(&n) == web.own_text(&w), "{id}: own text differs");
    }
}

#[wasm_bindgen_test]
fn any_answers_what_select_answers_over_the_whole_page_and_over_added_nodes() {
    // The selector rules' gate, a rule's own selector and one that matches nothing, asked of
    // the whole document and of views over a page's parts (as the extension sees added nodes).
    let union = adstrip_core::detect::selectors::union();
    let selectors = [union, "div", "ins.adsbygoogle", "p", "div.never-on-any-page-9f3e"];
    let parser = DomParser::new().unwrap();
    let mut views = 0;
    let mut mismatches = Vec::new();
    for (name, bytes) in PAGES.iter().take(60) {
        let html = String::from_utf8_lossy(bytes);
        let doc = parser.parse_from_string(&html, SupportedType::TextHtml).unwrap();
        let whole = WebDom::new(doc.clone());
        let mut doms = vec![whole];
        // Each child of body alone, and every tenth element of the page as one view of several roots.
        let body = doc.body().unwrap();
        let children = body.children();
        for i in 0..children.length().min(8) {
            let mut d = WebDom::new(doc.clone());
            d.roots = Some(vec![children.item(i).unwrap()]);
            doms.push(d);
        }
        let all = doc.query_selector_all("body *").unwrap();
        let some: Vec<Element> = (0..all.length()).step_by(10).filter_map(|i| all.item(i)?.dyn_into().ok()).collect();
        let mut d = WebDom::new(doc.clone());
        d.roots = Some(some);
        doms.push(d);
        for d in &doms {
            views += 1;
            for s in selectors {
                let listed = !d.select(None, s).is_empty();
                if d.any(s) != listed {
                    mismatches.push(format!("{name}: {:.40}: any {} select {listed}", s, !listed));
                }
            }
        }
    }
    assert!(views > 200, "too few views: {views}");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[wasm_bindgen_test]
fn a_kept_js_string_never_answers_for_another_string_at_the_same_address() {
    // Strings built and freed one after another usually get the same address and length:
    // each must still come back as its own text, past the cache's room too.
    use adstrip_web::js_str::js;
    for i in 0..3000 {
        let s = format!("div.x{:04}", i % 2000);
        assert_eq!(js(&s).as_string().as_deref(), Some(s.as_str()), "string {i}");
    }
    assert_eq!(js("").as_string().as_deref(), Some(""));
}
