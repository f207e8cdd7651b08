//! The service worker's scan in pieces (`PageScan`, issue 16): cut into as many pieces as it can
//! be, it finds exactly what one whole scan of the page finds, on every saved page; a huge page
//! goes in many pieces, none of them a whole pass over the page. Time is not asserted: the
//! pieces are counted.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use adstrip::detect::{scan, Options};
use adstrip::html::{cap_depth, css_path, DepthCap, HtmlPage, PageScan};
use adstrip::plan::Target;
use std::path::Path;

/// Every saved page of both corpora.
fn pages() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for set in ["corpus", "corpus-new", "corpus-held"] {
        let dir = Path::new(common::FIXTURES).join(set).join("pages");
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files.into_iter().filter(|f| f.extension().is_some_and(|e| e == "html")) {
            let bytes = std::fs::read(&f).unwrap();
            out.push((f.display().to_string(), adstrip::html::decode_page(&bytes)));
        }
    }
    out
}

/// (rule, selector) of every finding of one whole scan through the borrowing adapter.
fn whole(html: &str) -> Vec<(String, String)> {
    let page = HtmlPage::parse(html);
    let plan = scan(&page.dom());
    plan.findings
        .iter()
        .map(|f| {
            let n = match &f.target {
                Target::Element(n) | Target::Text { parent: n, .. } => n,
            };
            (f.rule().to_string(), css_path(n))
        })
        .collect()
}

#[test]
fn a_scan_cut_into_the_most_pieces_finds_what_a_whole_scan_finds() {
    let pages = pages();
    assert!(pages.len() > 100, "only {} saved pages", pages.len());
    let mut findings = 0;
    for (name, html) in &pages {
        let mut job = PageScan::new(html, Options::default());
        // The clock says "out of time" after every unit: the most pieces a scan can be cut into.
        while !job.step(&mut || true) {}
        let pieces = job.pieces();
        let (rows, _) = job.take();
        let stepped: Vec<_> = rows.iter().map(|r| (r.rule.to_string(), r.selector.clone())).collect();
        assert_eq!(stepped, whole(html), "{name}: the stepped scan differs");
        assert!(pieces > 3, "{name}: {pieces} pieces");
        findings += rows.len();
    }
    assert!(findings > 200, "only {findings} findings over the saved pages");
}

#[test]
fn a_huge_page_goes_in_many_pieces_and_its_ads_are_found() {
    // 100,000 elements and two ad units, one near the start and one at the end.
    let ad = r#"<div class="wpcnt"><div class="wpa"><span class="wpa-about">Advertisements</span><div class="u top">AD</div></div></div>"#;
    let html = format!(
        "<!doctype html><body><article><h1>A long page</h1><p>{}</p>{ad}{}{ad}</article></body>",
        "The council met on Thursday. ".repeat(30),
        r#"<div class="widget"><span>item</span></div>"#.repeat(50_000)
    );
    let mut job = PageScan::new(&html, Options::default());
    // A unit counter as the clock: out of time after every 2 units.
    let mut units = 0u32;
    while !job.step(&mut || {
        units += 1;
        units % 2 == 0
    }) {}
    let pieces = job.pieces();
    let (rows, _) = job.take();
    assert_eq!(rows.iter().filter(|r| r.kind == "ad").count(), 2, "{rows:?}");
    // The parse alone is fed in chunks of 32 KB: this 2.2 MB page is at least 30 pieces of it.
    assert!(pieces >= html.len() / (32 * 1024) / 2, "{pieces} pieces for {} bytes", html.len());
    // Taken once; a second take is empty.
    assert!(job.take().0.is_empty());
}

#[test]
fn the_depth_cap_in_pieces_gives_the_same_page_as_in_one_pass() {
    let deep = |n: usize, open: &str, close: &str| {
        format!("<!doctype html><body><p>text</p>{}x{}<p>after</p></body>", open.repeat(n), close.repeat(n))
    };
    let mut inputs = vec![
        deep(3000, "<div>", "</div>"),
        deep(2000, "<b><i>", "</i></b>"),
        deep(1500, "<table><tr><td>", "</td></tr></table>"),
        deep(1200, "<ul><li>", "</li></ul>"),
        format!("<body>{}<plaintext>{}", "<div>".repeat(800), "<div>".repeat(50)),
    ];
    inputs.extend(pages().into_iter().step_by(7).map(|(_, html)| html));
    let mut capped_some = 0;
    for html in &inputs {
        let (whole, shape) = cap_depth(html);
        for bytes in [1, 97, 4096] {
            let mut cap = DepthCap::default();
            let mut steps = 0;
            while !cap.step(html, bytes) {
                steps += 1;
            }
            let (stepped, stepped_shape) = cap.finish(html);
            assert_eq!(stepped_shape, shape);
            assert!(stepped == whole, "the capped page differs ({bytes}-byte steps)");
            assert!(bytes > 1 || html.len() < 100 || steps > 10, "{steps} steps");
        }
        capped_some += (shape.flattened > 0) as usize;
    }
    assert!(capped_some >= 4, "only {capped_some} inputs were capped: the test proves little");
}
