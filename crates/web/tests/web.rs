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

/// Keeps an element whose class or id holds "ad" (any case): a gather's test for the tests.
fn names_ad(values: &[String]) -> bool {
    values.iter().any(|v| v.to_ascii_lowercase().contains("ad"))
}

#[wasm_bindgen_test]
fn a_gather_reads_what_the_elements_say_one_by_one_over_pages_views_and_nul_values() {
    use adstrip_core::dom::Gather;
    const G: Gather = Gather { select: "[class], [id]", attrs: &["class", "id"], keep: names_ad };
    let parser = DomParser::new().unwrap();
    let mut checked = 0;
    let mut check = |name: &str, d: &WebDom| {
        // What the gather's one call gives equals reading each element of `select` itself.
        let one_by_one: Vec<Element> = d.select(None, G.select).into_iter().filter(|e| G.keeps(d, e)).collect();
        assert_eq!(d.gather(&G), one_by_one, "{name}: gather");
        let values: Vec<String> =
            d.select(None, G.select).iter().flat_map(|e| G.attrs.iter().map(|a| e.get_attribute(a).unwrap_or_default())).collect();
        assert_eq!(d.attr_values(G.select, G.attrs), values, "{name}: values");
        checked += 1;
    };
    for (name, bytes) in PAGES.iter().take(40) {
        let doc = parser.parse_from_string(&String::from_utf8_lossy(bytes), SupportedType::TextHtml).unwrap();
        check(name, &WebDom::new(doc.clone()));
        let mut d = WebDom::new(doc.clone());
        d.roots = doc.body().map(|b| (0..b.children().length().min(6)).filter_map(|i| b.children().item(i)).collect());
        check(name, &d);
        // A script may put a NUL into a value: the rows of the one call no longer line up, and
        // the elements are read one by one.
        if let Some(e) = doc.query_selector("[class]").unwrap() {
            e.set_attribute("class", "ad\0x").unwrap();
            e.set_attribute("id", "a\0b\0c").unwrap();
            check(name, &WebDom::new(doc.clone()));
        }
    }
    assert!(checked > 100, "too few pages checked: {checked}");
}

#[wasm_bindgen_test]
fn the_text_walk_reads_text_nodes_a_slice_at_a_time_and_alone_after_a_nul() {
    // More text nodes than one slice of the walk holds, then a subscribe line, a text a script
    // put a NUL into (its slice is then read node by node) and an ad label.
    let parser = DomParser::new().unwrap();
    let doc = parser.parse_from_string("<html><body><p>intro</p></body></html>", SupportedType::TextHtml).unwrap();
    let body = doc.body().unwrap();
    for _ in 0..600 {
        body.append_child(&doc.create_text_node("x")).unwrap();
    }
    let p = doc.create_element("p").unwrap();
    p.set_text_content(Some("Subscribe to get the latest posts sent to your email."));
    body.append_child(&p).unwrap();
    body.append_child(&doc.create_text_node("a\0b")).unwrap();
    let label = doc.create_element("div").unwrap();
    label.append_child(&doc.create_text_node("one")).unwrap();
    label.append_child(&doc.create_text_node("Advertisement")).unwrap();
    body.append_child(&label).unwrap();
    let hits = adstrip_core::detect::text_hits(&WebDom::new(doc.clone()));
    let found: Vec<(String, usize, String)> = hits.iter().map(|h| (h.parent.tag_name(), h.index, h.text.clone())).collect();
    assert_eq!(
        found,
        vec![
            ("P".to_string(), 0, "Subscribe to get the latest posts sent to your email.".to_string()),
            ("DIV".to_string(), 1, "Advertisement".to_string())
        ]
    );
}

#[wasm_bindgen_test]
fn a_gather_over_a_big_page_goes_in_pieces_and_gives_what_one_go_gives() {
    use adstrip_core::dom::{Gather, SelectCursor};
    const G: Gather = Gather { select: "[class], [id]", attrs: &["class", "id"], keep: names_ad };
    let parser = DomParser::new().unwrap();
    let body: String = (0..5000).map(|i| format!("<div class='c{i}{}'></div>", if i % 97 == 0 { " ad-slot" } else { "" })).collect();
    let doc = parser.parse_from_string(&format!("<html><body>{body}</body></html>"), SupportedType::TextHtml).unwrap();
    // A NUL in the second piece: that piece is read element by element.
    doc.query_selector(".c3000").unwrap().unwrap().set_attribute("id", "x\0ad").unwrap();
    let d = WebDom::new(doc);
    let one_by_one: Vec<Element> = d.select(None, G.select).into_iter().filter(|e| G.keeps(&d, e)).collect();
    let (mut cursor, mut out, mut steps) = (SelectCursor::default(), Vec::new(), 0);
    while !d.gather_step(&G, &mut cursor, &mut out, &mut || true) {
        steps += 1;
    }
    assert!(steps >= 2, "one piece only: {steps}");
    assert_eq!(out.len(), 5000 / 97 + 2);
    assert_eq!(out, one_by_one);
    let (mut cursor, mut rows) = (SelectCursor::default(), Vec::new());
    while !d.attr_values_step(G.select, G.attrs, &mut cursor, &mut |r| rows.extend_from_slice(r), &mut || true) {}
    assert_eq!(rows, d.attr_values(G.select, G.attrs));
    assert_eq!(rows.len(), 10_000);
    assert_eq!(rows[6001], "x\0ad");
}

#[wasm_bindgen_test]
fn a_gather_over_a_huge_page_walks_it_a_slice_at_a_time_and_misses_nothing_the_page_keeps() {
    // Over 16,384 elements one querySelectorAll could be a long task: the elements are walked a
    // slice per call. Taking the walk's place out of the page between two calls costs it nothing
    // that is still there.
    use adstrip_core::dom::{Gather, SelectCursor};
    const G: Gather = Gather { select: "[class], [id]", attrs: &["class", "id"], keep: names_ad };
    let parser = DomParser::new().unwrap();
    let part = |from: usize, to: usize| -> String {
        (from..to)
            .map(|i| {
                if i % 4 == 0 {
                    format!("<div class='c{i}{}'><i></i></div>", if i % 97 == 0 { " ad-slot" } else { "" })
                } else {
                    "<b></b>".into()
                }
            })
            .collect()
    };
    let html =
        format!("<html><body><section>{}</section><section id='ad-rest'>{}</section></body></html>", part(0, 8000), part(8000, 30000));
    let doc = parser.parse_from_string(&html, SupportedType::TextHtml).unwrap();
    let d = WebDom::new(doc.clone());
    let in_one_go: Vec<Element> = d.select(None, G.select).into_iter().filter(|e| G.keeps(&d, e)).collect();
    let (mut cursor, mut out, mut steps) = (SelectCursor::default(), Vec::new(), 0);
    while !d.gather_step(&G, &mut cursor, &mut out, &mut || true) {
        steps += 1;
    }
    assert!(steps >= 30_000 / 2048, "{steps} pieces");
    assert_eq!(out, in_one_go);
    assert_eq!(out.len(), 1 + 30_000 / 4 / 97 + 1);
    // Again, and the first section (where the walk is after its first slice) leaves the page.
    let d = WebDom::new(doc.clone());
    let (mut cursor, mut out) = (SelectCursor::default(), Vec::new());
    assert!(!d.gather_step(&G, &mut cursor, &mut out, &mut || true));
    doc.query_selector("section").unwrap().unwrap().remove();
    while !d.gather_step(&G, &mut cursor, &mut out, &mut || true) {}
    let kept: Vec<Element> = d.select(None, G.select).into_iter().filter(|e| G.keeps(&d, e)).collect();
    assert_eq!(kept.len(), in_one_go.len() - 8000 / 4 / 97 - 1);
    for e in &kept {
        assert!(out.contains(e), "missed {}", e.outer_html());
    }
}

/// The next task of the page's (a timer), after the microtasks (a MutationObserver's callback).
async fn next_task() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_gather_read_is_reused_until_the_page_changes() {
    // A read of the page's values serves the next gathers of the same selector and attributes,
    // in this task and the next ones, until an element is added or removed or one of the
    // attributes it read changes; a change to another attribute leaves it good.
    use adstrip_core::dom::Gather;
    const G: Gather = Gather { select: "[class], [id]", attrs: &["class", "id"], keep: names_ad };
    let parser = DomParser::new().unwrap();
    let doc = parser
        .parse_from_string("<html><body><div class='ad-slot'></div><p class='x'>t</p></body></html>", SupportedType::TextHtml)
        .unwrap();
    let d = WebDom::new(doc.clone());
    assert_eq!(d.gather(&G).len(), 1);
    assert_eq!(d.attr_values(G.select, G.attrs), vec!["ad-slot", "", "x", ""]);
    assert_eq!(d.reads(), 1, "read twice in one task");
    next_task().await;
    doc.query_selector("p").unwrap().unwrap().set_attribute("title", "y").unwrap();
    assert_eq!(d.gather(&G).len(), 1);
    assert_eq!(d.reads(), 1, "read again though nothing it read changed");
    // Changed in this task: the records are still queued.
    doc.query_selector("p").unwrap().unwrap().set_attribute("class", "ads").unwrap();
    assert_eq!(d.gather(&G).len(), 2);
    assert_eq!(d.attr_values(G.select, G.attrs), vec!["ad-slot", "", "ads", ""]);
    assert_eq!(d.reads(), 2);
    // Changed in another task: the observer's callback took the records.
    let extra = doc.create_element("aside").unwrap();
    extra.set_attribute("id", "ad-side").unwrap();
    doc.body().unwrap().append_child(&extra).unwrap();
    next_task().await;
    assert_eq!(d.attr_values(G.select, G.attrs), vec!["ad-slot", "", "ads", "", "", "ad-side"]);
    assert_eq!(d.reads(), 3);
    doc.query_selector("p").unwrap().unwrap().remove();
    next_task().await;
    assert_eq!(d.attr_values(G.select, G.attrs), vec!["ad-slot", "", "", "ad-side"]);
    assert_eq!(d.reads(), 4);
}

#[wasm_bindgen_test]
fn select_texts_reads_in_one_go_what_text_reads_one_by_one() {
    // Every fixture page, and a page whose paragraphs hold a hidden span, a script, a NUL a
    // script put there and a text over the cap: each is read alone then, the same way.
    let parser = DomParser::new().unwrap();
    let mut checked = 0;
    for (name, bytes) in PAGES {
        let doc = parser.parse_from_string(&String::from_utf8_lossy(bytes), SupportedType::TextHtml).unwrap();
        let d = WebDom::new(doc);
        let one_by_one: Vec<(Element, String)> = d.select(None, "p, pre").into_iter().map(|n| (n.clone(), d.text(&n))).collect();
        assert!(d.select_texts("p, pre") == one_by_one, "{name}: select_texts differs");
        checked += one_by_one.len();
    }
    assert!(checked > 1000, "too few paragraphs: {checked}");
    let long = "a".repeat(MAX_TEXT_UTF16 + 10);
    let html = format!(
        "<!doctype html><body><p>one <span hidden>not shown</span>two</p><p>three<script>x()</script></p><p id='nul'>x</p><p>{long}</p><pre>last</pre></body>"
    );
    let doc = parser.parse_from_string(&html, SupportedType::TextHtml).unwrap();
    doc.get_element_by_id("nul").unwrap().set_text_content(Some("a\0b"));
    let d = WebDom::new(doc);
    let texts: Vec<String> = d.select_texts("p, pre").into_iter().map(|(_, t)| t).collect();
    assert_eq!(texts.len(), 5);
    assert_eq!(texts[0], "one two");
    assert_eq!(texts[1], "three");
    assert_eq!(texts[2], "a\0b");
    assert_eq!(texts[3].len(), MAX_TEXT_UTF16);
    assert_eq!(texts[4], "last");
    assert!(d.select_texts("p:not(").is_empty(), "a selector the browser refuses matches nothing");
}
