//! Reader-mode quality over mozilla/readability's test pages (tests/fixtures/readability,
//! Apache-2.0): our article text against Readability's expected output, titles and the
//! readerable check. Floors sit just under what the code reaches, so they can only go up.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use adstrip::reader::{extract, is_readerable};
use dom_query::Document;

/// Floors, just under the measured values (mean F1 0.9961, lowest page F1 0.9189 on `qq`,
/// titles 130/130, readerable 130/130): raise them when the extractor improves.
// Reader mode runs after the detector (as in the browser, where the pre-pass drops what adstrip
// hid), while Readability's expected outputs were made from the pages with their ads and nags.
// Removing a page's newsletter box changes which siblings Readability's scoring merges: on
// firefox-nightly-blog the comments no longer join the article (0.92).
// The expected outputs are Readability.js's own, boilerplate included, and the reader now prunes
// what Readability keeps inside the article (crates/reader/src/prune.rs): CNN's "Related:" lines,
// the Washington Post's "Read more:" list, IAB's author box, Wikipedia's and toc-missing's
// contents stay; qq's "share to Weibo" button goes, and on a page without spaces between words
// that one line is a large share of its word shingles (1.0 -> 0.92). These floors were 0.998 /
// 0.92 before; the issue's targets (mean >= 0.98, 130/130 titles) hold with room.
// Headings left at the article's end with nothing under them go too: hidden-nodes' two
// headings over hidden paragraphs (Readability keeps them: 1.0 -> 0.96), and the standfirst
// Readability.js drops now comes first (crates/reader/src/lead.rs: cnet, quanta-1, theverge,
// videos-1...), so the mean floor went from 0.996 to 0.994 (mean 0.9951); picture credits go
// too (Readability.js keeps them): mean 0.9945; captions that are only a credit, 0.9944.
const MIN_MEAN_F1: f64 = 0.994;
const MIN_PAGE_F1: f64 = 0.918;
const MIN_TITLES_RIGHT: usize = 130;
const MIN_READERABLE_RIGHT: usize = 130;

/// Pages of the set that are WordPress sites.
const WORDPRESS_PAGES: &[&str] =
    &["002", "ars-1", "firefox-nightly-blog", "iab-1", "quanta-1", "seattletimes-1", "spiceworks", "wikia", "wordpress"];

/// Ad and subscribe furniture that must not reach the reader text.
const FURNITURE: &[&str] =
    &["advertisement", "subscribe to get the latest posts", "report this ad", "discover more from", "about these ads"];

/// Elements whose boundaries separate words in rendered text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/readability")
}

fn pages() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(fixtures())
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("source.html").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn read(page: &str, file: &str) -> String {
    std::fs::read_to_string(fixtures().join(page).join(file)).expect(file)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text of expected.html: text nodes in order, with a space at every block boundary.
fn expected_text(html: &str) -> String {
    let doc = Document::from(html);
    let mut out = String::new();
    let Some(body) = doc.body() else { return out };
    fn walk(n: &dom_query::NodeRef<'_>, out: &mut String) {
        for c in n.children_it(false) {
            if c.is_text() {
                out.push_str(&c.text());
            } else if let Some(name) = c.node_name() {
                let block = BLOCKS.contains(&&*name);
                if block {
                    out.push(' ');
                }
                walk(&c, out);
                if block {
                    out.push(' ');
                }
            }
        }
    }
    walk(&body, &mut out);
    out
}

fn words(s: &str) -> Vec<String> {
    s.to_lowercase().split_whitespace().map(str::to_string).collect()
}

fn shingles(w: &[String], n: usize) -> HashSet<String> {
    if w.len() < n {
        return w.iter().cloned().collect();
    }
    w.windows(n).map(|g| g.join(" ")).collect()
}

/// F1 of word-4-gram shingle sets (unigrams when either side has fewer than 4 words).
fn f1(got: &str, want: &str) -> f64 {
    let (g, w) = (words(got), words(want));
    let n = if g.len() < 4 || w.len() < 4 { 1 } else { 4 };
    let (gs, ws) = (shingles(&g, n), shingles(&w, n));
    if gs.is_empty() && ws.is_empty() {
        return 1.0;
    }
    let common = gs.intersection(&ws).count() as f64;
    if common == 0.0 {
        return 0.0;
    }
    let p = common / gs.len() as f64;
    let r = common / ws.len() as f64;
    2.0 * p * r / (p + r)
}

struct Row {
    page: String,
    f1: f64,
    title_ok: bool,
    readerable_ok: bool,
    note: String,
}

fn expected_meta(page: &str) -> serde_json::Value {
    serde_json::from_str(&read(page, "expected-metadata.json")).expect("metadata json")
}

#[test]
fn readability_pages_quality() {
    let mut rows = Vec::new();
    for page in pages() {
        let source = read(&page, "source.html");
        let meta = expected_meta(&page);
        let want_text = expected_text(&read(&page, "expected.html"));
        let want_title = collapse(meta["title"].as_str().unwrap_or(""));
        let want_readerable = meta["readerable"].as_bool().unwrap_or(false);
        let url = meta["url"].as_str();
        let readerable_ok = is_readerable(&source) == want_readerable;
        let row = match extract(&source, url) {
            Ok(a) => Row {
                f1: f1(&a.text, &want_text),
                title_ok: collapse(&a.title) == want_title,
                readerable_ok: readerable_ok && a.readerable == want_readerable,
                note: if collapse(&a.title) == want_title { String::new() } else { format!("title {:?} want {:?}", a.title, want_title) },
                page,
            },
            Err(e) => Row { f1: 0.0, title_ok: false, readerable_ok, note: format!("error: {e}"), page },
        };
        rows.push(row);
    }
    rows.sort_by(|a, b| a.f1.total_cmp(&b.f1));
    println!("{:<40} {:>7} {:>6} {:>6}  note", "page", "F1", "title", "rdbl");
    for r in rows.iter().filter(|r| r.f1 < 0.999 || !r.title_ok || !r.readerable_ok).take(40) {
        println!("{:<40} {:>7.4} {:>6} {:>6}  {}", r.page, r.f1, r.title_ok, r.readerable_ok, r.note);
    }
    let n = rows.len();
    let mean = rows.iter().map(|r| r.f1).sum::<f64>() / n as f64;
    let min = &rows[0];
    let titles = rows.iter().filter(|r| r.title_ok).count();
    let readerable = rows.iter().filter(|r| r.readerable_ok).count();
    println!("pages {n}  mean F1 {mean:.4}  min F1 {:.4} ({})  titles {titles}/{n}  readerable {readerable}/{n}", min.f1, min.page);
    assert_eq!(n, 130, "fixture set incomplete");
    assert!(mean >= MIN_MEAN_F1, "mean F1 {mean:.4} < {MIN_MEAN_F1}");
    assert!(min.f1 >= MIN_PAGE_F1, "page {} F1 {:.4} < {MIN_PAGE_F1}", min.page, min.f1);
    assert!(titles >= MIN_TITLES_RIGHT, "titles {titles} < {MIN_TITLES_RIGHT}");
    assert!(readerable >= MIN_READERABLE_RIGHT, "readerable {readerable} < {MIN_READERABLE_RIGHT}");
}

#[test]
fn wordpress_pages_have_no_furniture() {
    let mut failures = Vec::new();
    for page in WORDPRESS_PAGES {
        let source = read(page, "source.html");
        let want = expected_text(&read(page, "expected.html")).to_lowercase();
        let got = match extract(&source, None) {
            Ok(a) => a.text.to_lowercase(),
            Err(e) => {
                failures.push(format!("{page}: error {e}"));
                continue;
            }
        };
        for f in FURNITURE {
            if got.contains(f) && !want.contains(f) {
                failures.push(format!("{page}: {f:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "furniture in reader text: {failures:?}");
}

/// The ad corpus: whatever reader mode extracts from a page carries none of the ads and nags
/// the detector knows (bare Jetpack lines included) and no ad label on a line of its own.
#[test]
fn reader_output_of_the_ad_corpus_has_no_ads_or_nags() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/pages");
    let mut checked = 0;
    let mut bad = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths {
        let html = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let Ok(a) = adstrip::reader::extract(&html, None) else { continue };
        checked += 1;
        for line in a.text.lines().map(str::trim) {
            let nag = ["Discover more from", "Subscribe to get the latest posts", "Report this ad"].iter().any(|n| line.contains(n));
            if nag || adstrip::text::is_ad_label(line) {
                bad.push(format!("{}: {line:?}", path.file_stem().unwrap().to_string_lossy()));
            }
        }
    }
    assert!(checked >= 40, "articles extracted: {checked}");
    assert!(bad.is_empty(), "ad or nag text in reader output:\n{}", bad.join("\n"));
}

/// Boilerplate that Readability keeps inside the article is pruned (crates/reader/src/prune.rs),
/// on real pages: "Read also" lines and lists; the article's text, its contents list and a box
/// holding a figure stay.
#[test]
fn boilerplate_inside_the_article_is_pruned_on_real_pages() {
    let text = |page: &str| {
        let meta = expected_meta(page);
        extract(&read(page, "source.html"), meta["url"].as_str()).expect(page).text
    };
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "cnn",
            &["Related: Chicago is America's most segregated city", "Related: Rich are paying more in taxes"],
            &["The U.S. has long been heralded as a land of opportunity"],
        ),
        ("wapo-1", &["Tunisia’s Islamists get a sobering lesson in governing", "Read more:"], &["Tunisia"]),
        // The author box holds a figure (the avatar): figures are kept whole, and so is it.
        ("iab-1", &["Read more about ad blocking here."], &["ad blocking", "About the author"]),
        ("lemonde-1", &["Lire aussi : Les critiques de la CNIL"], &["renseignement"]),
        ("spiceworks", &["Learn More: Video Marketing 101"], &["video"]),
        ("wikipedia", &[], &["Contents", "Mozilla"]),
        ("toc-missing", &[], &["Table of Contents", "Z-Score"]),
    ];
    for (page, gone, kept) in cases {
        let t = text(page);
        for g in *gone {
            assert!(!t.contains(g), "{page}: boilerplate {g:?} is still in the reader text");
        }
        for k in *kept {
            assert!(t.contains(k), "{page}: {k:?} was lost from the reader text");
        }
    }
}

/// The standfirst that Readability.js leaves out (crates/reader/src/lead.rs) comes first on
/// real pages, and a lead image's caption named "lead" does not.
#[test]
fn the_standfirst_comes_first_on_real_pages() {
    let text = |page: &str| {
        let meta = expected_meta(page);
        extract(&read(page, "source.html"), meta["url"].as_str()).expect(page).text
    };
    let leads: &[(&str, &str)] = &[
        ("theverge", "I tried the Vision Pro, and just like the introduction of the iPhone 4"),
        ("quanta-1", "Two women programmers played a pivotal role in the birth of chaos theory."),
        ("cnet", "Facebook CEO says be a friend and have a shared vision"),
    ];
    for (page, lead) in leads {
        let t = text(page);
        assert!(t.starts_with(lead), "{page}: the standfirst is not first: {}", &t[..t.len().min(160)]);
        assert_eq!(t.matches(lead).count(), 1, "{page}: the standfirst is there twice");
    }
    // Captions named for the lead image ("lead-asset", bbc's media caption) stay where they are.
    let t = text("telegraph");
    assert!(!t.starts_with("Zimbabwe president Robert Mugabe with ZDF commander"), "{}", &t[..t.len().min(160)]);
    let t = text("bbc-1");
    assert!(t.starts_with("President Barack Obama has admitted"), "{}", &t[..t.len().min(160)]);
    let t = text("yahoo-1");
    assert!(!t.starts_with("S&P 500"), "a market ticker is no standfirst: {}", &t[..t.len().min(160)]);
}
