//! `make corpus-report`: recall per family and per language, negatives hidden and article
//! characters lost, over one or more labelled corpus folders.
//! `cargo run --release --example corpus_report -- [--slugs FILE] DIR...`
//! (`--slugs FILE`: only the pages whose slug is listed in FILE, first column of a TSV).

#[path = "../tests/common/mod.rs"]
mod common;

use common::score::{score_dir, PageScore};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Default)]
struct Tally {
    visible: usize,
    found: usize,
    placeholders: usize,
    placeholders_found: usize,
    pages: usize,
}

impl Tally {
    fn recall(&self) -> String {
        if self.visible == 0 {
            "-".into()
        } else {
            format!("{:.0} %", 100.0 * self.found as f64 / self.visible as f64)
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dirs = Vec::new();
    let mut only: Option<Vec<String>> = None;
    while let Some(a) = args.next() {
        if a == "--slugs" {
            let f = args.next().expect("--slugs FILE");
            let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{f}: {e}"));
            only = Some(text.lines().filter_map(|l| l.split('\t').next()).map(str::to_string).collect());
        } else {
            dirs.push(PathBuf::from(a));
        }
    }
    if dirs.is_empty() {
        eprintln!("usage: corpus_report [--slugs FILE] DIR...");
        std::process::exit(2);
    }
    let mut pages: Vec<PageScore> = dirs.iter().flat_map(|d| score_dir(d)).collect();
    if let Some(only) = &only {
        pages.retain(|p| only.contains(&p.slug));
    }

    let mut by_family: BTreeMap<String, Tally> = BTreeMap::new();
    let mut by_language: BTreeMap<String, Tally> = BTreeMap::new();
    let mut by_kind: BTreeMap<String, Tally> = BTreeMap::new();
    let (mut negatives, mut lost, mut errors, mut misses) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for p in &pages {
        by_language.entry(p.language.clone()).or_default().pages += 1;
        for b in &p.blocks {
            for t in [
                by_family.entry(format!("{} {}", b.kind, b.family)).or_default(),
                by_language.entry(p.language.clone()).or_default(),
                by_kind.entry(format!("{} ({})", b.kind, if p.wordpress { "WordPress" } else { "other" })).or_default(),
            ] {
                if b.visible {
                    t.visible += 1;
                    t.found += b.hidden as usize;
                } else {
                    t.placeholders += 1;
                    t.placeholders_found += b.hidden as usize;
                }
            }
            if b.visible && !b.hidden {
                misses.push(format!("{}: {} {} {}", p.slug, b.kind, b.family, b.selector));
            }
        }
        for (line, hidden) in &p.lines {
            let t = by_family.entry("subscribe bare-text".into()).or_default();
            t.visible += 1;
            t.found += *hidden as usize;
            if !hidden {
                misses.push(format!("{}: bare line {line}", p.slug));
            }
        }
        negatives.extend(p.negatives_hidden.iter().map(|(s, r)| format!("{}: {s} (by {r})", p.slug)));
        if p.article_lost > 0 {
            lost.push(format!("{}: {} characters", p.slug, p.article_lost));
        }
        errors.extend(p.label_errors.iter().cloned());
    }

    println!("# Corpus report: {} pages ({})", pages.len(), dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", "));
    println!("\n| kind | visible blocks hidden | recall | placeholders hidden |\n|---|---|---|---|");
    for (k, t) in &by_kind {
        println!("| {k} | {}/{} | {} | {}/{} |", t.found, t.visible, t.recall(), t.placeholders_found, t.placeholders);
    }
    println!("\n| family | visible blocks hidden | recall | placeholders hidden |\n|---|---|---|---|");
    for (k, t) in &by_family {
        println!("| {k} | {}/{} | {} | {}/{} |", t.found, t.visible, t.recall(), t.placeholders_found, t.placeholders);
    }
    println!("\n| language | pages | visible blocks hidden | recall |\n|---|---|---|---|");
    for (k, t) in &by_language {
        println!("| {k} | {} | {}/{} | {} |", t.pages, t.found, t.visible, t.recall());
    }
    println!("\nnegatives hidden: {}", negatives.len());
    for n in &negatives {
        println!("  {n}");
    }
    let lost_total: usize = pages.iter().map(|p| p.article_lost).sum();
    println!("article characters hidden: {lost_total} on {} page(s)", lost.len());
    for l in &lost {
        println!("  {l}");
    }
    if !errors.is_empty() {
        println!("label errors: {}", errors.len());
        for e in &errors {
            println!("  {e}");
        }
    }
    println!("\nvisible blocks missed: {}", misses.len());
    for m in &misses {
        println!("  {m}");
    }
}
