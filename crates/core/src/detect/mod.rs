//! Detection: turns a page into a [`Plan`].
//!
//! 1. Candidates: every [`Detector`] in [`DETECTORS`] over one [`Context`] (the page, its
//!    host, the article guard and the text hits of one shared text walk): the selector rules of
//!    `rules/rules.toml` ([`selectors`]), ad-labelled slots ([`labelled`]), Advanced Ads' site
//!    prefix ([`advanced_ads`]), Jetpack's bare post-end subscribe lines ([`subscribe_text`])
//!    and affiliate promotions ([`affiliate`]).
//! 2. Each element candidate climbs to the outermost container that holds only the ad or nag
//!    (its label, slot, "Report this ad", heading, separator) so no empty box remains ([`climb`]).
//! 3. The [`guard`](crate::guard) refuses what would hide the article.
//! 4. Nested findings collapse into the outermost.
//!
//! A unit of work whose selector names a class or id that no element in view has is skipped
//! without asking the page ([`names`]): on most pages most rules cannot match.
//!
//! Detection reads only; it never mutates the page. [`scan`] does it all in one call; a [`Job`]
//! does the same work in pieces (the guard, one rule, a few hundred text nodes, one detector,
//! ...) so that the browser can spread a huge page over several tasks, and keeps only its own
//! progress. To add a detector: a module with a unit struct implementing [`Detector`], its
//! [`RuleMeta`](crate::rules::RuleMeta) in `rules::code`, its entry in [`DETECTORS`], a fixture.

pub mod ad_slot;
pub mod advanced_ads;
pub mod affiliate;
pub mod climb;
pub mod labelled;
pub mod names;
pub mod opt_in;
pub mod selectors;
pub mod signup_call;
pub mod subscribe_text;
pub mod teasers;

use crate::dom::{Dom, Gather, SelectCursor, TextHit, TextQuery};
use crate::guard::Guard;
use crate::plan::{Finding, Guarded, Kind, Plan, Target};
use names::{Narrowed, PageNames};
use std::collections::HashSet;

/// Which kinds to look for (the user may switch ads or nags off).
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub ads: bool,
    pub subscribe: bool,
    /// Whether the generic detectors (`opt_in`, `ad_slot`) run (everywhere by default; the
    /// browser's session leaves them out of scans of text added alone).
    pub generic: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { ads: true, subscribe: true, generic: true }
    }
}

impl Options {
    pub fn wants(&self, kind: Kind) -> bool {
        match kind {
            Kind::Ad => self.ads,
            Kind::Subscribe => self.subscribe,
        }
    }
}

/// What every detector reads: the page, its host, the page-wide guard and the text nodes of
/// the shared text walk (ad labels and subscribe lines; empty until the walk has run).
pub struct Context<'a, D: Dom> {
    pub dom: &'a D,
    pub host: Option<&'a str>,
    pub guard: &'a Guard<D::Node>,
    pub hits: &'a [TextHit<D::Node>],
    pub opts: Options,
}

/// What must be on a page for a detector to find anything there: the cheap test a frame passes
/// before the core is loaded at all (the extension's pre-check, generated into
/// `contract.gen.js`). Each must hold whenever the detector finds something (a superset).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Precheck {
    /// Some element matches this selector list.
    Selector(String),
    /// A text node holds one of the shared text walk's needles (ad labels, subscribe lines).
    Text,
    /// An element's class or id starts with the Advanced Ads prefix of the page's host.
    HostPrefix,
    /// An inline script of the body holds one of `scripts`, or a noscript of the body one of
    /// `noscripts` (its text: what a browser with scripts keeps of its markup).
    Code { scripts: &'static [&'static str], noscripts: &'static [&'static str] },
    /// A link's `href` holds one of these, ASCII case-insensitively (lower-case words): one
    /// pass over the links, where a selector per word costs a pass each.
    Href(Vec<String>),
    /// An element that `select` matches has an id or class with one of `words` as a word of
    /// its own ([`ad_slot::named_for_ad`]: split at dashes, underscores and lower-to-upper case
    /// steps; or "ad"/"ads" and a slot size).
    Named { select: &'static str, words: &'static [&'static str] },
    /// The page's text, lower-cased, holds one of these words.
    Words(&'static [&'static str]),
    /// No cheap test: the page is always scanned.
    Always,
}

/// What a unit of a detector's work is (see [`Detector::work`]).
#[derive(Clone, Copy, Debug)]
pub enum Work {
    /// One call of [`Detector::run`].
    Run,
    /// Nothing to do on this page.
    Skip,
    /// The elements this selector matches, confirmed one at a time.
    Select(&'static str),
    /// The elements this [`Gather`] keeps, confirmed one at a time.
    Gather(&'static Gather),
}

impl Work {
    /// The elements a [`Work::Select`] or [`Work::Gather`] unit confirms, in one go (a
    /// detector's [`run`](Detector::run)); none for the others.
    pub fn candidates<D: Dom>(self, dom: &D) -> Vec<D::Node> {
        match self {
            Work::Select(sel) => dom.select(None, sel),
            Work::Gather(g) => dom.gather(g),
            Work::Run | Work::Skip => Vec::new(),
        }
    }
}

/// One way of finding candidates. A detector is stateless; its work may be cut into `units`
/// (the selector rules: one rule each) so that a [`Job`] can stop between them.
pub trait Detector<D: Dom> {
    fn name(&self) -> &'static str;
    /// Whether it reads [`Context::hits`] (the shared text walk runs before the first such one).
    fn needs_text(&self) -> bool {
        false
    }
    /// How many units of work it has (each a call of [`run`](Detector::run)).
    fn units(&self) -> usize {
        1
    }
    /// Adds its candidates of unit `unit` to `out`.
    fn run(&self, cx: &Context<'_, D>, unit: usize, out: &mut Vec<Finding<D::Node>>);
    /// What unit `unit` is: one call of [`run`](Detector::run) (the default), or the elements a
    /// selector matches, each confirmed by [`confirm`](Detector::confirm), so that a [`Job`]
    /// may stop within the unit (a rule's selector can match 50,000 elements of a hostile page,
    /// and html5ever's matching over 100,000 elements is a long task by itself).
    fn work(&self, _cx: &Context<'_, D>, _unit: usize) -> Work {
        Work::Run
    }
    /// Adds the finding of one element its unit's selector matched ([`Work::Select`]), if any,
    /// to `out`: the matches confirmed in document order give what `run` gives.
    /// `seen`: empty at the start of each unit, for the detector to skip what it already
    /// looked at within the unit (the same box reached from two of its elements).
    fn confirm(&self, _cx: &Context<'_, D>, _unit: usize, _node: &D::Node, _seen: &mut HashSet<D::Key>, _out: &mut Vec<Finding<D::Node>>) {}
    /// What a page holds whenever this detector finds something there (any of these).
    fn precheck(&self) -> Vec<Precheck> {
        vec![Precheck::Always]
    }
    /// A selector that some element of the view matches whenever any unit finds something in
    /// it: when none does (one query, stopping at the first match), a [`Job`] over added nodes
    /// skips every unit. Most nodes a page adds later hold no candidate of any rule.
    fn gate(&self) -> Option<&str> {
        None
    }
}

/// The pre-check of every detector, merged: one selector list, whether the text needles count,
/// whether the host prefix counts; `None` when some detector has no cheap test.
#[derive(Debug, Default)]
pub struct PrecheckPlan {
    pub selector: String,
    pub text: bool,
    pub host_prefix: bool,
    /// Words of inline scripts and of noscripts ([`Precheck::Code`]).
    pub script_words: Vec<&'static str>,
    pub noscript_words: Vec<&'static str>,
    /// Words of links' addresses ([`Precheck::Href`]).
    pub hrefs: Vec<String>,
    /// Elements named for an ad ([`Precheck::Named`]): their selector and words.
    pub named: Option<(&'static str, &'static [&'static str])>,
    /// Words of the page's text ([`Precheck::Words`]).
    pub words: Vec<&'static str>,
}

/// Where [`Precheck::Code`] looks (in the body, as the detectors do).
pub const PRECHECK_SCRIPTS: &str = "body script:not([src])";
pub const PRECHECK_NOSCRIPTS: &str = "body noscript";
/// The links [`Precheck::Href`] looks at.
pub const PRECHECK_LINKS: &str = "a[href]";

pub fn precheck_plan<'d, D: Dom + 'd>() -> Option<PrecheckPlan> {
    let mut plan = PrecheckPlan::default();
    let mut selectors: Vec<String> = Vec::new();
    for det in detectors::<D>() {
        for p in det.precheck() {
            match p {
                Precheck::Selector(s) => selectors.push(s),
                Precheck::Text => plan.text = true,
                Precheck::HostPrefix => plan.host_prefix = true,
                Precheck::Href(words) => plan.hrefs.extend(words),
                Precheck::Named { select, words } => plan.named = Some((select, words)),
                Precheck::Words(words) => plan.words.extend(words),
                Precheck::Code { scripts, noscripts } => {
                    plan.script_words.extend(scripts);
                    plan.noscript_words.extend(noscripts);
                }
                Precheck::Always => return None,
            }
        }
    }
    plan.selector = existence_union(&selectors);
    Some(plan)
}

/// The selector lists `lists` as one list that some element of a page matches exactly when
/// one of `lists` does (the pre-check asks only that): [`minimal_union`], less every complex
/// selector one of whose compounds is or narrows a lone compound also in the list (`a.x > img`
/// beside `a.x`, `.w .n` beside `.w`): where it matches, that one matches too.
pub fn existence_union(lists: &[String]) -> String {
    let union = minimal_union(lists);
    let parts = selectors::split_list(&union);
    let lone: Vec<&str> = parts.iter().copied().filter(|p| is_lone_compound(p)).collect();
    let implied = |p: &str| {
        compounds_of(p).iter().any(|c| {
            lone.iter().any(|t| *t != p && (c == t || c.strip_prefix(t).is_some_and(|rest| rest.starts_with(['.', '#', '[', ':']))))
        })
    };
    parts.iter().copied().filter(|p| is_lone_compound(p) || !implied(p)).collect::<Vec<_>>().join(", ")
}

/// The compounds of a complex selector, split at its combinators outside brackets,
/// parentheses and quotes.
fn compounds_of(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in selectors::top_level(s).filter(|(_, c)| matches!(c, ' ' | '>' | '~' | '+')) {
        out.push(s[start..i].trim());
        start = i + c.len_utf8();
    }
    out.push(s[start..].trim());
    out.retain(|c| !c.is_empty());
    out
}

/// The selector lists `lists` as one list that matches the same elements with fewer parts: each
/// complex selector once, and none whose subject (its last compound) only narrows a lone compound
/// selector also in the list (`form[action*='x']` and `form.y` beside `form`, `div.wpa.b` beside
/// `div.wpa`, `div.c:has(ins)` beside `div.c`): whatever it matches, that one matches too.
pub fn minimal_union(lists: &[String]) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in lists.iter().flat_map(|l| selectors::split_list(l)) {
        if !parts.contains(&p) {
            parts.push(p);
        }
    }
    let lone: Vec<&str> = parts.iter().copied().filter(|p| is_lone_compound(p)).collect();
    let narrows = |p: &str| {
        let subject = subject_of(p);
        lone.iter().any(|t| *t != p && subject.strip_prefix(t).is_some_and(|rest| rest.starts_with(['.', '#', '[', ':'])))
    };
    parts.into_iter().filter(|p| !narrows(p)).collect::<Vec<_>>().join(", ")
}

/// A type, class, id or attribute selector, or a run of them without a combinator or a
/// pseudo-class (`form`, `.widget`, `div.wpa`, `[data-x]`).
fn is_lone_compound(s: &str) -> bool {
    !s.is_empty()
        && s.matches('[').count() == s.matches(']').count()
        && !selectors::top_level(s).any(|(_, c)| matches!(c, ' ' | '>' | '~' | '+' | ':' | '(' | ','))
}

/// The last compound of a complex selector (after its last combinator outside brackets,
/// parentheses and quotes).
pub(crate) fn subject_of(s: &str) -> &str {
    let start = selectors::top_level(s).filter(|(_, c)| matches!(c, ' ' | '>' | '~' | '+')).last().map_or(0, |(i, c)| i + c.len_utf8());
    s[start..].trim()
}

/// Whether the page passes the pre-check (the native twin of the extension's: the tests prove
/// with it that no page the core acts on is skipped).
pub fn precheck<D: Dom>(dom: &D) -> bool {
    let Some(plan) = precheck_plan::<D>() else { return true };
    if !plan.selector.is_empty() && !dom.select(None, &plan.selector).is_empty() {
        return true;
    }
    if plan.host_prefix {
        if let Some(p) = dom.host().as_deref().and_then(advanced_ads::host_prefix) {
            if !dom.select(None, &format!("[class*='{p}-'], [id^='{p}-']")).is_empty() {
                return true;
            }
        }
    }
    let holds = |sel: &str, words: &[&str]| {
        !words.is_empty() && dom.select(None, sel).iter().any(|n| words.iter().any(|w| dom.own_text(n).contains(w)))
    };
    if holds(PRECHECK_SCRIPTS, &plan.script_words) || holds(PRECHECK_NOSCRIPTS, &plan.noscript_words) {
        return true;
    }
    let linked = |n: &D::Node| {
        dom.attr(n, "href").is_some_and(|h| {
            let h = h.to_ascii_lowercase();
            plan.hrefs.iter().any(|w| h.contains(w.as_str()))
        })
    };
    if !plan.hrefs.is_empty() && dom.select(None, PRECHECK_LINKS).iter().any(linked) {
        return true;
    }
    if !plan.words.is_empty() {
        if let Some(body) = dom.body() {
            let text = dom.text(&body);
            // A text cut at the cap may hide the word: then the page passes.
            let lower = crate::text::lower(&text);
            if text.len() >= crate::dom::MAX_TEXT_UTF16 || plan.words.iter().any(|w| lower.contains(w)) {
                return true;
            }
        }
    }
    if let Some((select, _)) = plan.named {
        if dom.select(None, select).iter().any(|n| ad_slot::named_for_ad(dom, n)) {
            return true;
        }
    }
    plan.text && !precheck_text_query(|q| dom.find_text(q)).is_empty()
}

/// Every detector, in the order they run (the order of findings, which decides which of
/// duplicates is kept).
pub fn detectors<'d, D: Dom + 'd>() -> [&'d dyn Detector<D>; 9] {
    [
        &selectors::SelectorRules,
        &labelled::LabelledSlots,
        &advanced_ads::AdvancedAds,
        &subscribe_text::SubscribeText,
        &affiliate::Affiliate,
        &ad_slot::AdSlots,
        &opt_in::OptIns,
        &signup_call::SignupCalls,
        &teasers::SponsoredTeasers,
    ]
}

/// The words of a text walk's query, built once (the walk asks for them at every step).
struct QueryWords {
    contains: Vec<&'static str>,
    equals: Vec<&'static str>,
}

impl QueryWords {
    /// Jetpack's subscribe lines (contained) and the ad labels (whole text); with `teasers`,
    /// the sponsor prefixes (contained) and sponsor labels (whole) of teasers too.
    fn new(teasers: bool) -> Self {
        let mut contains = subscribe_text::needles();
        let mut equals: Vec<&'static str> = labelled::label_texts().iter().map(String::as_str).collect();
        if teasers {
            contains.extend(teasers::needles().iter().map(String::as_str));
            for l in teasers::label_texts() {
                if !equals.contains(&l) {
                    equals.push(l);
                }
            }
        }
        QueryWords { contains, equals }
    }

    fn query<R>(&self, f: impl FnOnce(&TextQuery<'_>) -> R) -> R {
        f(&TextQuery { contains: &self.contains, equals: &self.equals })
    }
}

/// The one text walk's query: ad labels and the sponsor labels of teasers (whole text),
/// Jetpack's subscribe lines and the sponsor prefixes of teasers ("Sponsored by", contained).
fn text_query<R>(f: impl FnOnce(&TextQuery<'_>) -> R) -> R {
    static WORDS: std::sync::OnceLock<QueryWords> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| QueryWords::new(true)).query(f)
}

/// The pre-check's share of the text walk ([`Precheck::Text`]): ad labels and subscribe lines.
/// (The teasers' labels are found by the page's words, [`Precheck::Words`].)
fn precheck_text_query<R>(f: impl FnOnce(&TextQuery<'_>) -> R) -> R {
    static WORDS: std::sync::OnceLock<QueryWords> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| QueryWords::new(false)).query(f)
}

/// The shared text walk in one go: the hits detectors read from [`Context::hits`].
pub fn text_hits<D: Dom>(dom: &D) -> Vec<TextHit<D::Node>> {
    text_query(|q| dom.find_text(q))
}

/// Finds every ad and subscribe nag in the page.
pub fn scan<D: Dom>(dom: &D) -> Plan<D::Node> {
    scan_with(dom, Options::default())
}

pub fn scan_with<D: Dom>(dom: &D, opts: Options) -> Plan<D::Node> {
    let mut job = Job::new(opts);
    while !job.step(dom, None, &mut || false) {}
    job.take_plan().unwrap_or_default()
}

/// Scans with a guard computed earlier over the whole page (the browser keeps one while it
/// works through nodes added later, where `dom` may be a view of a few subtrees).
pub fn scan_guarded<D: Dom>(dom: &D, opts: Options, guard: &Guard<D::Node>) -> Plan<D::Node> {
    let mut job = Job::new(opts);
    while !job.step(dom, Some(guard), &mut || false) {}
    job.take_plan().unwrap_or_default()
}

/// Where a [`Job`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// The guard's parts: the article, its length, the headlines.
    Guard(u8),
    /// The names of the elements in view ([`names`]), read in pieces.
    Names,
    /// Detector `d`, unit `u`.
    Detect(usize, usize),
    /// Detector `d`, unit `u`: its selector's matches, found so far (kept in the job).
    Select(usize, usize),
    /// Detector `d`, unit `u`: its candidates (kept in the job) from this one on.
    Confirm(usize, usize, usize),
    Text,
    Finish,
    Done,
}

/// Candidates a [`Job`] confirms between two looks at the clock.
const CONFIRM_PER_UNIT: usize = 256;

/// A scan in pieces, so that the browser can spread a huge page over several frames and stay
/// responsive. Each [`step`](Job::step) works through units (the guard, one rule, a few
/// hundred text nodes, one detector, the final climb) until it runs out of time; the result is
/// the same plan as one whole scan of the page as it was when each unit ran.
pub struct Job<D: Dom> {
    opts: Options,
    stage: Stage,
    guard: Option<Guard<D::Node>>,
    /// The guard's parts while [`Stage::Guard`] computes them.
    article: Option<D::Node>,
    article_len: usize,
    host: Option<String>,
    raw: Vec<Finding<D::Node>>,
    hits: Vec<TextHit<D::Node>>,
    /// The candidates of the unit in [`Stage::Select`] and [`Stage::Confirm`].
    candidates: Vec<D::Node>,
    select_cursor: SelectCursor<D::Node>,
    /// What the unit in [`Stage::Confirm`] has looked at ([`Detector::confirm`]).
    seen: HashSet<D::Key>,
    walked: bool,
    cursor: D::TextCursor,
    /// The names of the elements in view ([`names`]), once read; while they are read.
    names: Option<PageNames>,
    reading: PageNames,
    /// The parts of the unit's selector that may match, when some may not.
    narrowed: Option<String>,
    plan: Option<Plan<D::Node>>,
}

impl<D: Dom> Job<D> {
    pub fn new(opts: Options) -> Self {
        Job {
            opts,
            stage: Stage::Guard(0),
            article: None,
            article_len: 0,
            guard: None,
            host: None,
            raw: Vec::new(),
            hits: Vec::new(),
            candidates: Vec::new(),
            select_cursor: SelectCursor::default(),
            seen: HashSet::new(),
            walked: false,
            cursor: D::TextCursor::default(),
            names: None,
            reading: PageNames::default(),
            narrowed: None,
            plan: None,
        }
    }

    /// Works until the scan is done (true) or `out_of_time()` says to stop (false; call again
    /// later). `guard`: one computed earlier over the whole page, else the job computes its
    /// own first (then [`take_guard`](Job::take_guard) hands it out).
    pub fn step(&mut self, dom: &D, guard: Option<&Guard<D::Node>>, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        let all = detectors::<D>();
        loop {
            match self.stage {
                // The guard in three units (each a pass over the page), unless one came.
                Stage::Guard(0) if guard.is_none() => {
                    self.article = crate::guard::find_article(dom);
                    self.stage = Stage::Guard(1);
                }
                Stage::Guard(1) if guard.is_none() => {
                    self.article_len = crate::guard::article_len(dom, self.article.as_ref());
                    self.stage = Stage::Guard(2);
                }
                Stage::Guard(_) => {
                    if guard.is_none() {
                        self.guard = Some(Guard::from_parts(self.article.take(), self.article_len, crate::guard::headlines(dom)));
                    }
                    self.host = dom.host();
                    self.stage = Stage::Names;
                }
                Stage::Names => {
                    let reading = &mut self.reading;
                    if dom.attr_values_step(
                        names::NAMED,
                        names::ATTRS,
                        &mut self.select_cursor,
                        &mut |rows| reading.add_rows(rows),
                        out_of_time,
                    ) {
                        let mut names = std::mem::take(&mut self.reading);
                        names.whole = dom.whole();
                        self.names = Some(names);
                        self.select_cursor = SelectCursor::default();
                        self.stage = Stage::Detect(0, 0);
                    }
                }
                Stage::Detect(d, u) => match all.get(d) {
                    None => self.stage = Stage::Finish,
                    Some(det) if det.needs_text() && !self.walked => self.stage = Stage::Text,
                    Some(det) if u >= det.units() => self.stage = Stage::Detect(d + 1, 0),
                    // The gate pays off on a view of a few added nodes (a guard from an earlier
                    // scan comes with it); over a whole page without a match it would be one
                    // long query of every rule's selectors.
                    Some(det) if u == 0 && guard.is_some() && det.gate().is_some_and(|g| !dom.any(g)) => {
                        self.stage = Stage::Detect(d + 1, 0)
                    }
                    Some(det) => {
                        let cx = Context {
                            dom,
                            host: self.host.as_deref(),
                            guard: guard.or(self.guard.as_ref()).expect("the guard stage ran"),
                            hits: &self.hits,
                            opts: self.opts,
                        };
                        let mut work = det.work(&cx, u);
                        // A selector none of whose parts may match what the view has is never
                        // asked; one with parts that cannot is asked with the others only.
                        if let (Work::Select(sel), Some(names)) = (work, &self.names) {
                            match names.narrow(sel) {
                                Narrowed::Nothing => work = Work::Skip,
                                Narrowed::Whole => self.narrowed = None,
                                Narrowed::Parts(parts) => self.narrowed = Some(parts),
                            }
                        }
                        match work {
                            Work::Select(_) | Work::Gather(_) => {
                                self.candidates = Vec::new();
                                self.select_cursor = SelectCursor::default();
                                self.stage = Stage::Select(d, u);
                            }
                            Work::Skip => self.stage = Stage::Detect(d, u + 1),
                            Work::Run => {
                                det.run(&cx, u, &mut self.raw);
                                self.stage = Stage::Detect(d, u + 1);
                            }
                        }
                    }
                },
                Stage::Select(d, u) => {
                    let cx = Context {
                        dom,
                        host: self.host.as_deref(),
                        guard: guard.or(self.guard.as_ref()).expect("the guard stage ran"),
                        hits: &self.hits,
                        opts: self.opts,
                    };
                    let done = match all[d].work(&cx, u) {
                        Work::Select(selector) => {
                            let selector = self.narrowed.as_deref().unwrap_or(selector);
                            dom.select_step(selector, &mut self.select_cursor, &mut self.candidates, out_of_time)
                        }
                        Work::Gather(g) => dom.gather_step(g, &mut self.select_cursor, &mut self.candidates, out_of_time),
                        Work::Run | Work::Skip => true,
                    };
                    if done {
                        self.select_cursor = SelectCursor::default();
                        self.narrowed = None;
                        self.stage = Stage::Confirm(d, u, 0);
                    }
                }
                Stage::Confirm(d, u, from) => {
                    let det = all[d];
                    let cx = Context {
                        dom,
                        host: self.host.as_deref(),
                        guard: guard.or(self.guard.as_ref()).expect("the guard stage ran"),
                        hits: &self.hits,
                        opts: self.opts,
                    };
                    let end = (from + CONFIRM_PER_UNIT).min(self.candidates.len());
                    for node in &self.candidates[from..end] {
                        det.confirm(&cx, u, node, &mut self.seen, &mut self.raw);
                    }
                    if end < self.candidates.len() {
                        self.stage = Stage::Confirm(d, u, end);
                    } else {
                        self.candidates = Vec::new();
                        self.seen = HashSet::new();
                        self.stage = Stage::Detect(d, u + 1);
                    }
                }
                Stage::Text => {
                    if text_query(|q| dom.find_text_step(q, &mut self.cursor, &mut self.hits, out_of_time)) {
                        self.walked = true;
                        // Back to the detector that asked for the walk.
                        let next = all.iter().position(|d| d.needs_text()).unwrap_or(all.len());
                        self.stage = Stage::Detect(next, 0);
                    }
                }
                Stage::Finish => {
                    let guard = guard.or(self.guard.as_ref()).expect("the guard stage ran");
                    self.hits = Vec::new();
                    self.plan = Some(finish(dom, self.opts, guard, std::mem::take(&mut self.raw)));
                    self.stage = Stage::Done;
                }
                Stage::Done => return true,
            }
            if self.stage == Stage::Done {
                return true;
            }
            if out_of_time() {
                return false;
            }
        }
    }

    /// What the job works on next: `guard`, a detector's name, `text` (the shared walk),
    /// `finish` (climb, guard, collapse) or `done` (for a breakdown of the cost by stage).
    pub fn stage_name(&self) -> &'static str {
        let all = detectors::<D>();
        match self.stage {
            Stage::Guard(_) => "guard",
            Stage::Names => "names",
            Stage::Detect(d, _) | Stage::Select(d, _) | Stage::Confirm(d, _, _) => all.get(d).map_or("finish", |det| det.name()),
            Stage::Text => "text",
            Stage::Finish => "finish",
            Stage::Done => "done",
        }
    }

    /// The plan, once [`step`](Job::step) said done.
    pub fn take_plan(&mut self) -> Option<Plan<D::Node>> {
        self.plan.take()
    }

    /// The guard the job computed itself, if it did.
    pub fn take_guard(&mut self) -> Option<Guard<D::Node>> {
        self.guard.take()
    }
}

/// Climbs, guards and collapses the raw findings of a scan.
fn finish<D: Dom>(dom: &D, opts: Options, guard: &Guard<D::Node>, mut raw: Vec<Finding<D::Node>>) -> Plan<D::Node> {
    raw.retain(|f| opts.wants(f.kind()));
    let mut plan = Plan::default();
    let climbed = climb::climb_all(dom, guard, raw);
    for f in climbed {
        let refusal = f.element().and_then(|n| guard.refuse(dom, n));
        match refusal {
            Some(why) => plan.guarded.push(Guarded { finding: f, why }),
            None => plan.findings.push(f),
        }
    }
    collapse_nested(dom, &mut plan.findings);
    plan
}

/// Ancestors looked up in a set before [`collapse_nested`] asks the findings themselves.
const COLLAPSE_LEVELS: usize = 64;

/// Keeps only the outermost of nested findings (and one of duplicates), in order of discovery.
/// Each finding looks up its ancestors in a set: linear in findings times depth (capped).
fn collapse_nested<D: Dom>(dom: &D, findings: &mut Vec<Finding<D::Node>>) {
    use std::collections::HashSet;
    let element_nodes: Vec<D::Node> = findings.iter().filter_map(|f| f.element().cloned()).collect();
    let elements: HashSet<D::Key> = element_nodes.iter().map(|n| dom.key(n)).collect();
    // Up the ancestors through the set; past COLLAPSE_LEVELS (a page nested thousands deep)
    // each element finding is asked whether it holds the node instead.
    let inside_element = |start: Option<D::Node>| {
        let mut cur = start;
        for _ in 0..COLLAPSE_LEVELS {
            let Some(n) = cur else { return false };
            if elements.contains(&dom.key(&n)) {
                return true;
            }
            cur = dom.parent(&n);
        }
        cur.is_some_and(|n| element_nodes.iter().any(|e| dom.contains(e, &n)))
    };
    let mut seen_elements: HashSet<D::Key> = HashSet::new();
    let mut seen_texts: HashSet<(D::Key, usize)> = HashSet::new();
    findings.retain(|f| match &f.target {
        Target::Element(n) => !inside_element(dom.parent(n)) && seen_elements.insert(dom.key(n)),
        Target::Text { parent, index, .. } => !inside_element(Some(parent.clone())) && seen_texts.insert((dom.key(parent), *index)),
    });
}

#[cfg(test)]
mod union_tests {
    use super::*;

    fn union(lists: &[&str]) -> String {
        minimal_union(&lists.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn for_the_pre_check_a_part_inside_a_lone_selector_goes_too() {
        let union = |lists: &[&str]| existence_union(&lists.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(union(&["a[href*='x'] > img, a[href*='x'], .w .n, .w, .v.u ~ p, .w.k + i"]), "a[href*='x'], .w, .v.u ~ p");
        assert_eq!(union(&[".v .n, .q > .w.z, .w"]), ".v .n, .w");
        // Nothing lone to lean on: each stays.
        assert_eq!(union(&["div > p.x, .a .b"]), "div > p.x, .a .b");
    }

    #[test]
    fn a_part_that_only_narrows_a_lone_selector_goes() {
        assert_eq!(union(&["form[action*='x'], .a", "form, form.y, .a"]), ".a, form");
        assert_eq!(union(&["div.wpa, div.wpa.b, div.wpa-about, div.c:has(> ins.x), div.c"]), "div.wpa, div.wpa-about, div.c");
        // A combinator's subject is another element: it stays.
        assert_eq!(union(&[".widget, .widget [class*='n'], .widget_text, .w > a"]), ".widget, .widget [class*='n'], .widget_text, .w > a");
        // Only lone compounds subsume: a combinator or a pseudo-class in the wider one keeps both.
        assert_eq!(union(&["div:not(.x), div:not(.x).y, .a .b, .a .b.c"]), "div:not(.x), div:not(.x).y, .a .b, .a .b.c");
        assert_eq!(union(&["[data-x], [data-x][data-y]"]), "[data-x]");
    }

    #[test]
    fn the_plan_matches_what_its_detectors_ask_for() {
        let plan = precheck_plan::<crate::dom::NoDom>().expect("a cheap pre-check");
        let parts = selectors::split_list(&plan.selector);
        assert!(parts.contains(&"form") && !parts.iter().any(|p| p.starts_with("form[action")), "form[action*=…] adds nothing beside form");
        let mut seen = HashSet::new();
        assert!(parts.iter().all(|p| seen.insert(*p)), "each part once");
    }
}
