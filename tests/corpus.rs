//! The real-page suite: every labelled page of `tests/fixtures/corpus/` (copied unchanged
//! from the shared corpus) through the core, checked against its hand labels:
//! - every `"visible": true` block to hide is hidden (it or an ancestor is a finding);
//! - no negative is hidden (no finding on it, inside it or around it);
//! - no article text is hidden outside the labelled blocks;
//! - the London Glossy Post page: its bare footer lines hidden, every paragraph kept.
//!
//! A block we cannot find yet is listed in `tests/corpus_known_failures.json` with the reason;
//! the test fails when a listed block starts to pass, so the list stays honest.

#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use std::path::Path;

mod common;
use common::score::score_dir;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus");

struct Known {
    slug: String,
    selector: String,
}

fn known_failures() -> Vec<Known> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus_known_failures.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|k| {
            assert!(k["reason"].as_str().is_some_and(|r| r.len() > 10), "known failure without a reason: {k}");
            Known { slug: k["slug"].as_str().unwrap().into(), selector: k["selector"].as_str().unwrap().into() }
        })
        .collect()
}

#[test]
fn corpus_pages_meet_their_labels() {
    let known = known_failures();
    let mut known_used = vec![false; known.len()];
    let mut failures: Vec<String> = Vec::new();
    let pages = score_dir(Path::new(DIR));
    assert!(pages.len() >= 50, "corpus missing");
    let (mut visible, mut found, mut known_missed, mut placeholders, mut placeholders_found) = (0, 0, 0, 0, 0);
    let (mut negatives_hidden, mut article_lost) = (0, 0);
    for p in &pages {
        failures.extend(p.label_errors.iter().cloned());
        // Blocks to hide, per selector (a known failure names a selector).
        let mut selectors: Vec<&str> = p.blocks.iter().map(|b| b.selector.as_str()).collect();
        selectors.dedup();
        for sel in selectors {
            let k = known.iter().position(|k| k.slug == p.slug && k.selector == sel);
            let (mut passed, mut missed) = (0, 0);
            for b in p.blocks.iter().filter(|b| b.selector == sel) {
                if !b.visible {
                    placeholders += 1;
                    placeholders_found += b.hidden as usize;
                    continue;
                }
                if !p.wordpress {
                    continue; // controls: catch what we safely can, never required
                }
                visible += 1;
                if b.hidden {
                    found += 1;
                    passed += 1;
                } else if k.is_some() {
                    known_missed += 1;
                    missed += 1;
                } else {
                    failures.push(format!("{}: {} block not hidden: {sel}", p.slug, b.family));
                }
            }
            if let Some(i) = k {
                known_used[i] = true;
                if missed == 0 && passed > 0 {
                    failures.push(format!("{}: {sel} now found: remove it from the known failures", p.slug));
                }
            }
        }
        for (sel, rule) in &p.negatives_hidden {
            negatives_hidden += 1;
            failures.push(format!("{}: negative hidden: {sel} (by {rule})", p.slug));
        }
        if p.article_lost > 0 {
            article_lost += p.article_lost;
            failures.push(format!("{}: {} characters of article text hidden", p.slug, p.article_lost));
        }
        // Bare text lines and kept paragraphs (London Glossy Post).
        for (line, hidden) in &p.lines {
            visible += 1;
            found += *hidden as usize;
            if !hidden {
                failures.push(format!("{}: bare line not hidden: {line}", p.slug));
            }
        }
        for text in &p.kept_paragraphs_hidden {
            failures.push(format!("{}: article paragraph hidden: {text}", p.slug));
        }
    }
    for (i, used) in known_used.iter().enumerate() {
        if !used {
            failures.push(format!("known failure {} {} matches nothing", known[i].slug, known[i].selector));
        }
    }
    println!(
        "corpus: visible WordPress blocks {found}/{visible} found ({known_missed} known failures), placeholders {placeholders_found}/{placeholders} hidden, negatives hidden {negatives_hidden}, article characters hidden {article_lost}"
    );
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}

/// The 175 pages labelled for the detection issue (`tests/fixtures/corpus-new/`): not all their
/// blocks are found yet, so these floors keep what detection reaches from slipping back, while
/// safety holds in full: no article text, no negative (one labelling disagreement excepted).
#[test]
fn new_corpus_keeps_its_floors_and_loses_no_article_text() {
    // Found today (the rules before these pages were labelled found 40 and 35; the named slots,
    // labels beside empty slots and theme ad widgets raised the ads from 78 to 106, the sign-up
    // calls without a form and the guard that never takes a form's consent line for the article
    // and the article elements that themes use as widgets the nags from 71 to 85; social icons
    // in an opt-in's box and named calls whose form a script draws, to 87; Advanced Ads' tracked
    // banners with a caption, and slots named with their place run into "ad", the ads to 108;
    // a lead magnet's free e-book for an address, the nags to 88; a sign-up box's heading row
    // past a page builder's empty spacer widget, to 90).
    // cookomix's recipe-tools box is labelled a negative; the affiliate box inside it
    // ("Recommandé pour cette recette", an affiliate-tracked image link) is hidden as an ad.
    floors("corpus-new", 175, 109, 90, &[("recipe-cookomix-admb-slots", "div#sidebar > div.sticky")]);
}

/// The 36 held-out pages (`tests/fixtures/corpus-held/`, labelled blind while the ninth
/// session's detectors were written): floors on what is found, no article text and no
/// negative hidden (theloopywhisk's about-me column, once hidden with the sidebar's opt-in,
/// stays since an opt-in's box stops at a card beside it).
#[test]
fn held_out_corpus_keeps_its_floors_and_loses_no_article_text() {
    // Before the ninth session's detectors: 29 ads and 27 nags (32 after; 33 once named calls
    // whose form a script draws were taken, a change made on other pages).
    floors("corpus-held", 36, 35, 33, &[]);
}

/// The fresh pages (`tests/fixtures/corpus-fresh/`, labelled blind in the fourteenth session by
/// someone who neither ran adstrip nor read its rules): floors on what is found, no article
/// text and no negative hidden. Its README gives what the rules found before and after.
#[test]
fn fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules as they stood when the pages were labelled found 3 of 3 visible WordPress ads
    // and 11 of 15 nags; a dialog's h1 no longer counts as the article's headline (sfstandard's
    // newsletter flyout, role=dialog), 12 nags.
    // thenation's right-rail "most-popular-plus-ad" aside is labelled a negative as an empty
    // most-popular box; it is empty in the page, and its name says it holds an ad too: the
    // named-slot rule hides it, which hides nothing a reader sees.
    floors("corpus-fresh", 32, 3, 12, &[("news-thenation-2023-freestar-subs-popup", "aside.right.hidden-on-mobile.most-popular-plus-ad")]);
}

/// The second fresh set (`tests/fixtures/corpus-fresh2/`, labelled blind in the fifteenth
/// session): floors on what is found, no article text and no negative hidden. Its README gives
/// what the rules found before and after.
#[test]
fn second_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules as they stood when the pages were labelled found 23 of 24 visible WordPress
    // ads and 21 of 27 nags; a link to a newsletter service's page starts a call (David
    // Lebovitz's Substack bar), 22; a named call box may stand in a footer's `nav` (ars), 23;
    // a builder's heading row before a sign-up box goes with it (thomaskocht's Avada footer), 24.
    // The Sun's recommendation lists (negatives) were hidden at first where a list of empty
    // story placeholders stood beside its ad holders; an empty scaffold of many elements now
    // stops the climb, and only the holders go.
    floors("corpus-fresh2", 28, 23, 24, &[]);
}

/// The third fresh set (`tests/fixtures/corpus-fresh3/`, labelled blind in the fifteenth
/// session after the second): floors on what is found, no article text and no negative hidden
/// but one disputed. Its README gives what the rules found before and after.
#[test]
fn third_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules as they stood when the pages were labelled found 0 of 10 visible WordPress ads
    // (six are widget titles the site's stylesheet hides) and 8 of 12 nags; the page's body
    // classes no longer make every call a share bar's, and a link's title counts (lindorff), 9;
    // a lead magnet (an e-mail field for a free e-book: sitepoint), 10.
    // Flavorwire's footer social list shares its box with the newsletter form; the opt-in's box
    // takes social profile links in, as footer bands labelled whole with them need.
    floors("corpus-fresh3", 16, 0, 10, &[("blog-flavorwire-2014-dfp-mailinglist-wpcom-follow", "ul#footer-social")]);
}

/// The fourth fresh set (`tests/fixtures/corpus-fresh4/`, labelled blind at the end of the
/// fifteenth session): floors on what is found, no article text and no negative hidden.
#[test]
fn fourth_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules as they stood when the pages were labelled found 1 of 2 visible WordPress ads
    // and 5 of 5 nags, and hid TechCrunch's OpenWeb comments: their frame (Yahoo's JAC sandbox)
    // carries schema.org's WPAdBlock itemtype, which no longer makes an ad slot in comments.
    floors("corpus-fresh4", 9, 2, 5, &[]);
}

/// The fifth fresh set (`tests/fixtures/corpus-fresh5/`, labelled blind in the sixteenth
/// session): floors on what is found, no article text and no negative hidden but one disputed.
#[test]
fn fifth_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules as they stood when the pages were labelled (8fde2b6) found 2 of 6 visible
    // WordPress ads and 13 of 16 nags; 15 since hidden text stopped counting (0aba3c5) and calls
    // may pitch a paid subscription (5e9475b). Disputed: Variety's "More from Variety" strip is an
    // Outbrain widget (Outbrain's own container and script) that links only to the site's own
    // stories; the labeller keeps it as the site's, the Outbrain rule takes every widget.
    floors("corpus-fresh5", 11, 6, 15, &[("news-variety-2022-pmc-gpt-outbrain-cxense-subscribe", "#outbrain_widget_1")]);
}

/// A sixth set labelled blind (13 pages, corpus-fresh6/README.md; labelled in the seventeenth
/// session by a helper who neither ran adstrip nor read its rules): floors on what is found, no
/// article text and no negative hidden.
#[test]
fn sixth_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules as they stood when the pages were labelled (2c9d9f9, and 53dfc3b the same) found
    // 0 of 5 visible WordPress ads (Ottawa Citizen's Postmedia ad boxes) and 12 of 13 nags, and
    // hid 23 characters of the article: a newsletter link inside a sentence. Since then a link
    // in a sentence is prose, and Postmedia's boxes go whole (5 of 5).
    floors("corpus-fresh6", 13, 5, 12, &[]);
}

/// A seventh set labelled blind (8 pages, corpus-fresh7/README.md; labelled late in the
/// seventeenth session, after that session's detection changes): floors on what is found, no
/// article text and no negative hidden.
#[test]
fn seventh_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules the labeller worked against (ba8e7a0) found 6 of 6 visible WordPress ads and
    // 3 of 4 nags; those of the session's start (2c9d9f9) 3 of 6 (The Province's Postmedia
    // boxes, the platform the session's changes were made for) and 3 of 4.
    floors("corpus-fresh7", 8, 6, 3, &[]);
}

/// An eighth set labelled blind (4 WordPress pages, corpus-fresh8/README.md; labelled in the
/// eighteenth session by a helper who neither ran adstrip nor read its rules): floors on what is
/// found, no article text and no negative hidden.
#[test]
fn eighth_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules the labeller worked against (3e30921) found 0 of 1 visible WordPress ads (a
    // discount-code line without an ad label, filed as an ad with doubt) and 10 of 10 nags.
    floors("corpus-fresh8", 4, 0, 10, &[]);
}

/// A ninth set labelled blind (6 news pages, 5 WordPress, corpus-fresh9/README.md; labelled in
/// the eighteenth session): floors on what is found, no article text and no negative hidden.
#[test]
fn ninth_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules the labeller worked against (f04b57f) found 4 of 5 visible WordPress ads and 5 of
    // 14 nags (eight of the misses are print-magazine offers filed as membership promos).
    floors("corpus-fresh9", 6, 4, 5, &[]);
}

/// A tenth set labelled blind (6 pages, 5 WordPress, corpus-fresh10/README.md; labelled in the
/// eighteenth session): floors on what is found, no article text and no negative hidden but one
/// disputed kind.
#[test]
fn tenth_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules the labeller worked against (cf3c783) found 5 of 8 visible WordPress ads and 1 of
    // 3 nags, and hid 39 negatives: Us Weekly's placeholder story feed beside its ad slots (20,
    // fixed in 84c1bc5), Daily Mail's comments in a Taboola feed card (fixed in 195f6f2), and 18
    // organic cards of Daily Mail's Taboola feed, which the Taboola rule takes with the sponsored
    // ones (disputed, as Variety's Outbrain strip).
    floors(
        "corpus-fresh10",
        6,
        5,
        1,
        &[(
            "nonwp-dailymail-2020-taboola-feed-ad-features-gpt",
            r#"[id^="taboola-below-article-thumbnails-pl"]:has(.trc-content-organic)"#,
        )],
    );
}

/// An eleventh set labelled blind (8 pages, 7 WordPress, none in English: nl 3, da, fr, pt, el,
/// de; corpus-fresh11/README.md): floors on what is found, no article text and no negative hidden.
#[test]
fn eleventh_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules the labeller worked against (bbececd) found 2 of 2 visible WordPress ads and 3 of
    // 5 nags (the two missed are a shop banner and a members-only notice, filed as membership
    // promos).
    floors("corpus-fresh11", 8, 2, 3, &[]);
}

/// A twelfth set labelled blind (8 WordPress pages, 5 of them controls with no ad and no nag;
/// corpus-fresh12/README.md): floors on what is found, no article text and no negative hidden.
#[test]
fn twelfth_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules the labeller worked against (fde18d3) found the one visible nag and nothing at
    // all on the five controls.
    floors("corpus-fresh12", 8, 0, 1, &[]);
}

/// A thirteenth set labelled blind (2 WordPress news pages, en and el;
/// corpus-fresh13/README.md): floors on what is found, no article text and no negative hidden.
#[test]
fn thirteenth_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules the labeller worked against (587be0d) found both nags and none of the one
    // visible ad (Mashable's "Partners" box: its buttons go, its heading stays).
    floors("corpus-fresh13", 2, 0, 2, &[]);
}

/// A fourteenth set labelled blind (8 pages, 7 WordPress, one of them a control; en 6, ru, el;
/// corpus-fresh14/README.md): floors on what is found, no article text and no negative hidden.
#[test]
fn fourteenth_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules the labeller worked against (587be0d) found 1 of 5 visible WordPress ads and 3
    // of 4 nags; the older Google Ad Manager tags' slot call made it 2 of 5.
    floors("corpus-fresh14", 8, 2, 3, &[]);
}

/// A fifteenth set labelled blind (6 WordPress news pages, en; corpus-fresh15/README.md): floors
/// on what is found, no article text and no negative hidden.
#[test]
fn fifteenth_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules the labeller worked against (84cd390) found 8 of 11 visible WordPress ads and 5
    // of 7 nags; Campaign Manager's noscript banner and "Sponsors" as an ad label made it 10 of 11.
    floors("corpus-fresh15", 6, 10, 5, &[]);
}

/// A sixteenth set labelled blind (6 pages, 5 WordPress, one of them a control; en 5, pt;
/// corpus-fresh16/README.md): floors on what is found, no article text and no negative hidden.
#[test]
fn sixteenth_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules the labeller worked against (7120731) found 3 of 5 visible WordPress ads and 3
    // of 5 nags; a form's hidden inputs no longer counting as fields it asks for made it 5 of 5. Traindom's post container is never closed, so the label's article element
    // holds the tags, a house promotion for the site's own product after them ("Make money by
    // sharing what you know! ... deliver a paid newsletter", 170 characters, hidden as a
    // sign-up call) and the comments: those 170 characters are disputed, nothing more may go.
    floors_disputing_article("corpus-fresh16", 6, 3, 5, &[], &[("blog-traindom-2010-newsletter-scroll-box", 170)]);
}

/// A seventeenth set labelled blind (2 WordPress news pages, en; corpus-fresh17/README.md):
/// floors on what is found, no article text and no negative hidden.
#[test]
fn seventeenth_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules the labeller worked against (7b08c2b) found the one visible newsletter form and
    // neither membership promotion; no ad is visible offline.
    floors("corpus-fresh17", 2, 0, 1, &[]);
}

/// An eighteenth set labelled blind (5 WordPress news pages, en; corpus-fresh18/README.md):
/// floors on what is found, no article text and no negative hidden.
#[test]
fn eighteenth_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules the labeller worked against (49d23ea) found 5 of 5 visible WordPress ads and 6
    // of 7 nags; WordPress.com's old admin-bar Subscribe menu made it 7 of 7.
    floors("corpus-fresh18", 5, 5, 7, &[]);
}

/// A nineteenth set labelled blind (8 pages, 6 WordPress, 2 not; en 6, de, ja;
/// corpus-fresh19/README.md): floors on what is found, no article text and no negative hidden.
#[test]
fn nineteenth_fresh_corpus_keeps_its_floors_and_loses_no_article_text() {
    // The rules the labeller worked against (89ed234) found 2 of 3 visible WordPress ads and 4
    // of 5 nags.
    floors("corpus-fresh19", 8, 2, 4, &[]);
}

/// A labelled corpus's floors: at least `min_pages` pages, at least `ads_floor` visible
/// WordPress ads and `nags_floor` nags hidden, no label error, no article text hidden and no
/// negative hidden but the `disputed` ones (slug, selector).
fn floors(dir: &str, min_pages: usize, ads_floor: usize, nags_floor: usize, disputed: &[(&str, &str)]) {
    floors_disputing_article(dir, min_pages, ads_floor, nags_floor, disputed, &[]);
}

/// [`floors`], where a label's article element holds a block that is not the article's text
/// (markup that never closes the post's container): `article_disputed` (slug, characters) lets
/// that page lose those characters of it, no more.
fn floors_disputing_article(
    dir: &str,
    min_pages: usize,
    ads_floor: usize,
    nags_floor: usize,
    disputed: &[(&str, &str)],
    article_disputed: &[(&str, usize)],
) {
    let pages = score_dir(&Path::new(common::FIXTURES).join(dir));
    assert!(pages.len() >= min_pages, "{dir} missing: {} pages", pages.len());
    let mut failures: Vec<String> = Vec::new();
    let (mut ads, mut nags) = (0, 0);
    for p in &pages {
        failures.extend(p.label_errors.iter().cloned());
        let allowed = article_disputed.iter().find(|(slug, _)| *slug == p.slug).map_or(0, |(_, n)| *n);
        if p.article_lost > allowed {
            failures.push(format!("{}: {} characters of article text hidden", p.slug, p.article_lost));
        }
        for (sel, rule) in &p.negatives_hidden {
            if !disputed.contains(&(p.slug.as_str(), sel.as_str())) {
                failures.push(format!("{}: negative hidden: {sel} (by {rule})", p.slug));
            }
        }
        for b in p.blocks.iter().filter(|b| b.visible && b.hidden && p.wordpress) {
            match b.kind.as_str() {
                "ad" => ads += 1,
                _ => nags += 1,
            }
        }
    }
    println!("{dir}: visible WordPress ads {ads} found (floor {ads_floor}), nags {nags} (floor {nags_floor})");
    assert!(ads >= ads_floor, "{dir}: visible WordPress ads found fell to {ads} (floor {ads_floor})");
    assert!(nags >= nags_floor, "{dir}: visible WordPress nags found fell to {nags} (floor {nags_floor})");
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}
