//! The web adapter against the native one: every fixture page parsed by the browser
//! (DOMParser) and scanned through web-sys must give exactly the findings html5ever gives
//! natively (same rules, same elements by CSS path, same text runs).
//! Runs in headless Chromium through wasm-bindgen-test (see scripts/test.sh).

#![cfg(target_arch = "wasm32")]

use adstrip::detect::{scan, Job, Options};
use adstrip::dom::{Dom, MAX_TEXT_UTF16};
use adstrip::html::{css_path, HtmlPage};
use adstrip::plan::{Plan, Target};
use adstrip::web::dom::WebDom;
use wasm_bindgen_test::*;
use web_sys::{DomParser, Element, SupportedType};

wasm_bindgen_test_configure!(run_in_browser);

const PAGES: &[(&str, &[u8])] = &[
    ("blog-adozensundays-ezoic", include_bytes!("fixtures/corpus/pages/blog-adozensundays-ezoic.html")),
    ("blog-chefjackovens-jetpack-modal", include_bytes!("fixtures/corpus/pages/blog-chefjackovens-jetpack-modal.html")),
    ("blog-felixkitchen-jetpack-block-actionbar", include_bytes!("fixtures/corpus/pages/blog-felixkitchen-jetpack-block-actionbar.html")),
    ("blog-firefox-nightly-2020-noads", include_bytes!("fixtures/corpus/pages/blog-firefox-nightly-2020-noads.html")),
    ("blog-flawlessfood-mediavine", include_bytes!("fixtures/corpus/pages/blog-flawlessfood-mediavine.html")),
    ("blog-goodstuff-jetpack-block", include_bytes!("fixtures/corpus/pages/blog-goodstuff-jetpack-block.html")),
    ("blog-hacks-mozilla-2015-noads", include_bytes!("fixtures/corpus/pages/blog-hacks-mozilla-2015-noads.html")),
    ("blog-spainonafork-jetpack-mediavine", include_bytes!("fixtures/corpus/pages/blog-spainonafork-jetpack-mediavine.html")),
    ("blog-theclevercarrot-enews-adthrive", include_bytes!("fixtures/corpus/pages/blog-theclevercarrot-enews-adthrive.html")),
    ("blog-wptavern-2016-jetpack-subscribe", include_bytes!("fixtures/corpus/pages/blog-wptavern-2016-jetpack-subscribe.html")),
    ("londonglossypost", include_bytes!("fixtures/corpus/pages/londonglossypost.html")),
    ("news-9to5mac-2019-adsense-gpt", include_bytes!("fixtures/corpus/pages/news-9to5mac-2019-adsense-gpt.html")),
    ("news-breakingsoup-ezoic", include_bytes!("fixtures/corpus/pages/news-breakingsoup-ezoic.html")),
    ("news-confidencial-advads-adsense", include_bytes!("fixtures/corpus/pages/news-confidencial-advads-adsense.html")),
    ("news-djz-adinserter-gpt", include_bytes!("fixtures/corpus/pages/news-djz-adinserter-gpt.html")),
    ("news-dominicantoday-2022-adsense", include_bytes!("fixtures/corpus/pages/news-dominicantoday-2022-adsense.html")),
    ("news-haitiantimes-2022-wordads-adsense", include_bytes!("fixtures/corpus/pages/news-haitiantimes-2022-wordads-adsense.html")),
    ("news-heartlandnewsfeed-2023-wordads-advads", include_bytes!("fixtures/corpus/pages/news-heartlandnewsfeed-2023-wordads-advads.html")),
    ("news-journalistenwatch-2023-advads", include_bytes!("fixtures/corpus/pages/news-journalistenwatch-2023-advads.html")),
    ("news-kaieteurnews-2022-jetpack-subscribe-adsense", include_bytes!("fixtures/corpus/pages/news-kaieteurnews-2022-jetpack-subscribe-adsense.html")),
    ("news-kulumedia-adinserter-adsense", include_bytes!("fixtures/corpus/pages/news-kulumedia-adinserter-adsense.html")),
    ("news-miamitodaynews-2023-noads", include_bytes!("fixtures/corpus/pages/news-miamitodaynews-2023-noads.html")),
    ("news-nationnews-2022-adsense-gpt", include_bytes!("fixtures/corpus/pages/news-nationnews-2022-adsense-gpt.html")),
    ("news-netzpolitik-2016-noads", include_bytes!("fixtures/corpus/pages/news-netzpolitik-2016-noads.html")),
    ("news-raptastisch-2023-adinserter", include_bytes!("fixtures/corpus/pages/news-raptastisch-2023-adinserter.html")),
    ("news-report24-advads-mc4wp", include_bytes!("fixtures/corpus/pages/news-report24-advads-mc4wp.html")),
    ("news-scienceblogs-de-2023-adinserter", include_bytes!("fixtures/corpus/pages/news-scienceblogs-de-2023-adinserter.html")),
    ("news-stkittsnevisobserver-adsense", include_bytes!("fixtures/corpus/pages/news-stkittsnevisobserver-adsense.html")),
    ("news-techcrunch-2019-noads-static", include_bytes!("fixtures/corpus/pages/news-techcrunch-2019-noads-static.html")),
    ("news-ticotimes-2022-adthrive", include_bytes!("fixtures/corpus/pages/news-ticotimes-2022-adthrive.html")),
    ("news-uebermedien-2023-noads", include_bytes!("fixtures/corpus/pages/news-uebermedien-2023-noads.html")),
    ("news-zitrod-jetpack-adinserter", include_bytes!("fixtures/corpus/pages/news-zitrod-jetpack-adinserter.html")),
    ("nonwp-bbc-1", include_bytes!("fixtures/corpus/pages/nonwp-bbc-1.html")),
    ("nonwp-blogger", include_bytes!("fixtures/corpus/pages/nonwp-blogger.html")),
    ("nonwp-cnn", include_bytes!("fixtures/corpus/pages/nonwp-cnn.html")),
    ("nonwp-guardian-1", include_bytes!("fixtures/corpus/pages/nonwp-guardian-1.html")),
    ("nonwp-heise", include_bytes!("fixtures/corpus/pages/nonwp-heise.html")),
    ("nonwp-lemonde-1", include_bytes!("fixtures/corpus/pages/nonwp-lemonde-1.html")),
    ("nonwp-medicalnewstoday-adsense", include_bytes!("fixtures/corpus/pages/nonwp-medicalnewstoday-adsense.html")),
    ("nonwp-nytimes-1", include_bytes!("fixtures/corpus/pages/nonwp-nytimes-1.html")),
    ("nonwp-pixnet-adsense", include_bytes!("fixtures/corpus/pages/nonwp-pixnet-adsense.html")),
    ("nonwp-simplyfound-1-adsense", include_bytes!("fixtures/corpus/pages/nonwp-simplyfound-1-adsense.html")),
    ("nonwp-telegraph", include_bytes!("fixtures/corpus/pages/nonwp-telegraph.html")),
    ("nonwp-wapo-1", include_bytes!("fixtures/corpus/pages/nonwp-wapo-1.html")),
    ("wpcom-2gewinnt-wordads-inread", include_bytes!("fixtures/corpus/pages/wpcom-2gewinnt-wordads-inread.html")),
    ("wpcom-alexanderlasch-2019-noads", include_bytes!("fixtures/corpus/pages/wpcom-alexanderlasch-2019-noads.html")),
    ("wpcom-andreabottlinger-2019-subscribe-noads", include_bytes!("fixtures/corpus/pages/wpcom-andreabottlinger-2019-subscribe-noads.html")),
    ("wpcom-chabermu-2015-wordads-subscribe", include_bytes!("fixtures/corpus/pages/wpcom-chabermu-2015-wordads-subscribe.html")),
    ("wpcom-denkanstoos-2012-wordads", include_bytes!("fixtures/corpus/pages/wpcom-denkanstoos-2012-wordads.html")),
    ("wpcom-mywakenews-2016-wordads-subscribe", include_bytes!("fixtures/corpus/pages/wpcom-mywakenews-2016-wordads-subscribe.html")),
    ("wpcom-nesselsetzer-2014-archive-wpa", include_bytes!("fixtures/corpus/pages/wpcom-nesselsetzer-2014-archive-wpa.html")),
    ("wpcom-ritinardo-2017-wordads-subscribe", include_bytes!("fixtures/corpus/pages/wpcom-ritinardo-2017-wordads-subscribe.html")),
    ("wpcom-sladisworld-2019-ata-script-only", include_bytes!("fixtures/corpus/pages/wpcom-sladisworld-2019-ata-script-only.html")),
    ("negatives/article-about-advertising", include_bytes!("fixtures/negatives/article-about-advertising.html")),
    ("negatives/code-block-tutorial", include_bytes!("fixtures/negatives/code-block-tutorial.html")),
    ("negatives/substack-discover-more", include_bytes!("fixtures/negatives/substack-discover-more.html")),
    ("positives/wordads-variants", include_bytes!("fixtures/positives/wordads-variants.html")),
    ("positives/affiliate-sidebar", include_bytes!("fixtures/positives/affiliate-sidebar.html")),
    ("negatives/affiliate-lookalikes", include_bytes!("fixtures/negatives/affiliate-lookalikes.html")),
    ("negatives/embed-widgets", include_bytes!("fixtures/negatives/embed-widgets.html")),
];

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
                Target::Element(n) => (f.rule.to_string(), css_path(n), String::new()),
                Target::Text { parent, text, .. } => (f.rule.to_string(), css_path(parent), text.trim().to_string()),
            })
            .collect();
        let doc = parser.parse_from_string(&html, SupportedType::TextHtml).unwrap();
        let dom = WebDom::new(doc.clone());
        let web: Vec<(String, Element, String)> = scan(&dom)
            .findings
            .iter()
            .map(|f| match &f.target {
                Target::Element(n) => (f.rule.to_string(), n.clone(), String::new()),
                Target::Text { parent, text, .. } => (f.rule.to_string(), parent.clone(), text.trim().to_string()),
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
            Target::Element(n) => (f.rule.to_string(), n.clone(), String::new()),
            Target::Text { parent, text, .. } => (f.rule.to_string(), parent.clone(), text.trim().to_string()),
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
    let units = adstrip::rules::RULES.len() + 6;
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
