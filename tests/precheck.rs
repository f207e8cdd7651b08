//! The extension's pre-check (generated into `contract.gen.js`, `detect::precheck` natively)
//! never skips a page on which the core would find something: every labelled corpus page, every
//! detector fixture and Readability's pages.

#![cfg(not(target_arch = "wasm32"))]

use adstrip::detect::{precheck, precheck_plan, scan, selectors};
use adstrip::dom::Dom;
use adstrip::html::{decode_page, HtmlDom, HtmlPage};
use adstrip::rules::RULES;
use std::path::{Path, PathBuf};

mod common;

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            html_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "html") && !p.ends_with("expected.html") {
            out.push(p);
        }
    }
}

#[test]
fn the_precheck_never_skips_a_page_the_core_acts_on() {
    let mut pages = Vec::new();
    for dir in ["corpus/pages", "corpus-new/pages", "corpus-held/pages", "positives", "negatives", "readability"] {
        html_files(&Path::new(common::FIXTURES).join(dir), &mut pages);
    }
    assert!(pages.len() > 300, "fixtures missing: {}", pages.len());
    let (mut acted, mut passed, mut skipped_clean) = (0, 0, 0);
    let mut missed = Vec::new();
    for p in &pages {
        let html = decode_page(&std::fs::read(p).unwrap());
        let page = HtmlPage::parse(&html);
        let dom = page.dom();
        let found = !scan(&dom).findings.is_empty();
        let pass = precheck(&dom);
        acted += found as usize;
        passed += pass as usize;
        skipped_clean += (!pass && !found) as usize;
        if found && !pass {
            missed.push(p.display().to_string());
        }
    }
    let always = precheck_plan::<HtmlDom<'_>>().is_none();
    println!(
        "precheck: {} pages, core acts on {acted}, precheck passes {passed}, skips {skipped_clean} clean pages{}",
        pages.len(),
        if always { " (some detector has no cheap test: every page is scanned)" } else { "" }
    );
    assert!(missed.is_empty(), "the pre-check skips pages the core acts on:\n{}", missed.join("\n"));
}

#[test]
fn the_selector_rules_gate_holds_wherever_a_rule_finds_something() {
    // The gate lets a scan of added nodes skip every selector rule with one query: on no page
    // may a rule find something where the gate says there is nothing.
    let mut pages = Vec::new();
    for dir in ["corpus/pages", "corpus-new/pages", "corpus-held/pages", "positives", "negatives"] {
        html_files(&Path::new(common::FIXTURES).join(dir), &mut pages);
    }
    let rule_ids: Vec<&str> = RULES.iter().map(|r| r.meta.id).collect();
    let (mut found_by_rules, mut gate_closed) = (0, 0);
    let mut wrong = Vec::new();
    for p in &pages {
        let html = decode_page(&std::fs::read(p).unwrap());
        let page = HtmlPage::parse(&html);
        let dom = page.dom();
        let by_rule = scan(&dom).findings.iter().any(|f| rule_ids.contains(&f.rule()));
        let open = dom.any(selectors::union());
        found_by_rules += by_rule as usize;
        gate_closed += !open as usize;
        if by_rule && !open {
            wrong.push(p.display().to_string());
        }
    }
    println!("gate: {} pages, rules find something on {found_by_rules}, gate closed on {gate_closed}", pages.len());
    assert!(found_by_rules > 50 && gate_closed > 10, "the fixtures no longer test the gate both ways");
    assert!(wrong.is_empty(), "the gate skips pages a rule acts on:\n{}", wrong.join("\n"));
}

#[test]
fn a_selector_the_page_names_cannot_match_matches_nothing() {
    // The scan skips a selector unit whose every part names a class or id the view lacks, and
    // asks only the parts that may match (`detect::names`): on every page, each rule piece and
    // rule list it would skip must match nothing, and a narrowed one what the whole finds.
    use adstrip::detect::names::{Narrowed, PageNames};
    let mut pages = Vec::new();
    for dir in ["corpus/pages", "corpus-new/pages", "corpus-held/pages", "positives", "negatives"] {
        html_files(&Path::new(common::FIXTURES).join(dir), &mut pages);
    }
    let lists: Vec<&'static str> =
        selectors::pieces().iter().map(|(_, piece)| piece.as_str()).chain(RULES.iter().map(|r| r.select)).collect();
    let (mut skipped, mut asked) = (0, 0);
    let mut wrong = Vec::new();
    for p in &pages {
        let page = HtmlPage::parse(&decode_page(&std::fs::read(p).unwrap()));
        let dom = page.dom();
        let names = PageNames::read(&dom);
        for &list in &lists {
            match names.narrow(list) {
                Narrowed::Whole => asked += 1,
                // The parts that may match find what the whole list finds.
                Narrowed::Parts(parts) => {
                    asked += 1;
                    if dom.select(None, &parts).len() != dom.select(None, list).len() {
                        wrong.push(format!("{}: narrowed {list} to {parts}", p.display()));
                    }
                }
                Narrowed::Nothing => {
                    skipped += 1;
                    if !dom.select(None, list).is_empty() {
                        wrong.push(format!("{}: {list}", p.display()));
                    }
                }
            }
        }
    }
    println!("names: {} pages, {skipped} selector lists skipped, {asked} asked", pages.len());
    assert!(skipped > asked, "the names skip little: {skipped} skipped, {asked} asked");
    assert!(wrong.is_empty(), "skipped selectors that match:\n{}", wrong.join("\n"));
}
