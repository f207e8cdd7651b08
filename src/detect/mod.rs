//! Detection: turns a page into a [`Plan`].
//!
//! 1. Candidates: the selector rules of `rules/rules.toml` ([`selectors`]), ad-labelled slots
//!    ([`labelled`]), Advanced Ads' site prefix ([`advanced_ads`]) and Jetpack's bare
//!    post-end subscribe lines ([`subscribe_text`]).
//! 2. Each element candidate climbs to the outermost container that holds only the ad or nag
//!    (its label, slot, "Report this ad", heading, separator) so no empty box remains ([`climb`]).
//! 3. The [`guard`](crate::guard) refuses what would hide the article.
//! 4. Nested findings collapse into the outermost.
//!
//! Detection reads only; it never mutates the page and keeps no state between calls.

pub mod advanced_ads;
pub mod climb;
pub mod labelled;
pub mod selectors;
pub mod subscribe_text;

use crate::dom::Dom;
use crate::guard::Guard;
use crate::plan::{Finding, Guarded, Plan, Target};

/// Which kinds to look for (the user may switch ads or nags off).
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub ads: bool,
    pub subscribe: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { ads: true, subscribe: true }
    }
}

/// Finds every ad and subscribe nag in the page.
pub fn scan<D: Dom>(dom: &D) -> Plan<D::Node> {
    scan_with(dom, Options::default())
}

pub fn scan_with<D: Dom>(dom: &D, opts: Options) -> Plan<D::Node> {
    let guard = Guard::new(dom);
    scan_guarded(dom, opts, &guard)
}

/// Scans with a guard computed earlier over the whole page (the browser keeps one while it
/// works through nodes added later, where `dom` may be a view of a few subtrees).
pub fn scan_guarded<D: Dom>(dom: &D, opts: Options, guard: &Guard<D::Node>) -> Plan<D::Node> {
    let mut raw: Vec<Finding<D::Node>> = Vec::new();
    selectors::run(dom, &mut raw);
    labelled::run(dom, &mut raw);
    advanced_ads::run(dom, &mut raw);
    subscribe_text::run(dom, &mut raw);
    raw.retain(|f| match f.kind {
        crate::plan::Kind::Ad => opts.ads,
        crate::plan::Kind::Subscribe => opts.subscribe,
    });

    let mut plan = Plan::default();
    let climbed = climb::climb_all(dom, guard, raw);
    for f in climbed {
        let node = match &f.target {
            Target::Element(n) => n.clone(),
            Target::Text { parent, .. } => parent.clone(),
        };
        let refusal = match &f.target {
            Target::Element(_) => guard.refuse(dom, &node),
            Target::Text { .. } => None,
        };
        match refusal {
            Some(why) => plan.guarded.push(Guarded { finding: f, why }),
            None => plan.findings.push(f),
        }
    }
    collapse_nested(dom, &mut plan.findings);
    plan
}

/// Keeps only the outermost of nested findings (and one of duplicates), in order of discovery.
/// Each finding looks up its ancestors in a set: linear in findings times depth.
fn collapse_nested<D: Dom>(dom: &D, findings: &mut Vec<Finding<D::Node>>) {
    use std::collections::HashSet;
    let elements: HashSet<D::Key> = findings
        .iter()
        .filter_map(|f| match &f.target {
            Target::Element(n) => Some(dom.key(n)),
            _ => None,
        })
        .collect();
    let inside_element = |start: Option<D::Node>| {
        let mut cur = start;
        while let Some(n) = cur {
            if elements.contains(&dom.key(&n)) {
                return true;
            }
            cur = dom.parent(&n);
        }
        false
    };
    let mut seen_elements: HashSet<D::Key> = HashSet::new();
    let mut seen_texts: HashSet<(D::Key, usize)> = HashSet::new();
    findings.retain(|f| match &f.target {
        Target::Element(n) => !inside_element(dom.parent(n)) && seen_elements.insert(dom.key(n)),
        Target::Text { parent, index, .. } => {
            !inside_element(Some(parent.clone())) && seen_texts.insert((dom.key(parent), *index))
        }
    });
}
