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

/// Keeps only the outermost of nested findings (and one of duplicates), in document order of
/// discovery.
fn collapse_nested<D: Dom>(dom: &D, findings: &mut Vec<Finding<D::Node>>) {
    let elements: Vec<D::Node> = findings
        .iter()
        .filter_map(|f| match &f.target {
            Target::Element(n) => Some(n.clone()),
            _ => None,
        })
        .collect();
    let mut kept: Vec<Finding<D::Node>> = Vec::new();
    for f in findings.drain(..) {
        let inside_other = match &f.target {
            Target::Element(n) => elements.iter().any(|e| !dom.same(e, n) && dom.contains(e, n)),
            Target::Text { parent, .. } => elements.iter().any(|e| dom.contains(e, parent)),
        };
        let duplicate = kept.iter().any(|k| match (&k.target, &f.target) {
            (Target::Element(a), Target::Element(b)) => dom.same(a, b),
            (Target::Text { parent: a, index: i, .. }, Target::Text { parent: b, index: j, .. }) => {
                i == j && dom.same(a, b)
            }
            _ => false,
        });
        if !inside_other && !duplicate {
            kept.push(f);
        }
    }
    *findings = kept;
}
