//! The browser side of the core (wasm32 only): the web-sys DOM adapter, applying and undoing
//! plans, and the functions the extension and the playground call.
//!
//! What runs when: the extension's `document_start` stylesheet has already hidden the known
//! containers; `scanBegin()` starts the first scan once the DOM is there and `scanStep()` works
//! on it for a given time, as often as needed (an ordinary page is done in one step, a huge one
//! in pieces between the page's own tasks); `scanAddedBegin()` does the same for each slice of
//! nodes the content script's MutationObserver queued; `undo()` runs when the user switches
//! adstrip off for the site. The guard (the article, its headline) is computed by the first
//! scan and kept while the page lives, so a slice of added nodes costs only its own size.
//! `scan()`, `scanDocument()` and `scanAdded()` do it all in one call (the playground, tests).

pub mod apply;
pub mod dom;
#[cfg(feature = "reader")] pub mod reader;

use crate::detect::{Job, Options};
use crate::guard::Guard;
use crate::plan::{Kind, Plan, Target};
use crate::text::excerpt;
use apply::Applied;
use dom::WebDom;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

thread_local! {
    static APPLIED: RefCell<Applied> = RefCell::new(Applied::default());
    static GUARD: RefCell<Option<Guard<Element>>> = const { RefCell::new(None) };
}

/// Builds plain JS objects for the reports (no serde in the always-on weight: it pulled in
/// float formatting and a deserialiser for two booleans).
struct Obj(js_sys::Object);

impl Obj {
    fn new() -> Self {
        Obj(js_sys::Object::new())
    }
    fn set(self, key: &str, value: impl Into<JsValue>) -> Self {
        let _ = js_sys::Reflect::set(&self.0, &JsValue::from_str(key), &value.into());
        self
    }
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// `{ads, subscribe}` from the caller; a missing or malformed value means "on".
fn options(v: JsValue) -> Options {
    let flag = |key: &str| {
        if !v.is_object() {
            return true;
        }
        js_sys::Reflect::get(&v, &JsValue::from_str(key)).ok().and_then(|x| x.as_bool()).unwrap_or(true)
    };
    Options { ads: flag("ads"), subscribe: flag("subscribe") }
}

fn apply_plan(dom: &WebDom, plan: &Plan<Element>) -> JsValue {
    let (mut ads, mut subscribe) = (0u32, 0u32);
    let findings = js_sys::Array::new();
    let guarded = js_sys::Array::new();
    APPLIED.with(|a| {
        let mut a = a.borrow_mut();
        for f in &plan.findings {
            // A scan in pieces may have found what the page has removed since.
            if f.target.node().is_connected() && a.apply(&dom.doc, f) {
                match f.kind {
                    Kind::Ad => ads += 1,
                    Kind::Subscribe => subscribe += 1,
                }
                let (text, target) = match &f.target {
                    Target::Element(e) => (excerpt(&crate::dom::Dom::text(dom, e), 80), "element"),
                    Target::Text { text, .. } => (text.trim().to_string(), "text"),
                };
                let o = Obj::new()
                    .set("kind", f.kind.as_str())
                    .set("rule", f.rule)
                    .set("reason", f.reason)
                    .set("text", text)
                    .set("target", target);
                findings.push(&o.0);
            }
        }
        for g in &plan.guarded {
            if let Target::Element(e) = &g.finding.target {
                a.keep(e);
            }
            guarded.push(&Obj::new().set("rule", g.finding.rule).set("why", g.why).0);
        }
    });
    Obj::new()
        .set("ads", ads)
        .set("subscribe", subscribe)
        .set("findings", findings)
        .set("guarded", guarded)
        .0
        .into()
}

/// Scans the whole document and hides what it finds. Repeated calls report only new findings.
/// One synchronous call: the extension uses [`scan_begin`] and [`scan_step`] instead.
#[wasm_bindgen]
pub fn scan(opts: JsValue) -> Result<JsValue, JsValue> {
    let doc = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from_str("no document"))?;
    Ok(scan_doc(doc, opts))
}

/// The same over another document (the playground's sandboxed frame, a DOMParser result).
#[wasm_bindgen(js_name = scanDocument)]
pub fn scan_document(doc: web_sys::Document, opts: JsValue) -> JsValue {
    scan_doc(doc, opts)
}

fn scan_doc(doc: web_sys::Document, opts: JsValue) -> JsValue {
    begin(WebDom::new(doc), None, options(opts));
    finish_now()
}

/// Scans only the given nodes (added since the last call) and hides what it finds there.
/// One synchronous call: the extension uses [`scan_added_begin`] and [`scan_step`] instead.
#[wasm_bindgen(js_name = scanAdded)]
pub fn scan_added(nodes: js_sys::Array, opts: JsValue) -> Result<JsValue, JsValue> {
    scan_added_begin(nodes, opts)?;
    Ok(finish_now())
}

/// A scan in progress: the job, the view of the page it reads and how long it has worked.
struct Running {
    job: Job<WebDom>,
    dom: WebDom,
    /// The page-wide guard to use, when the scan covers only added nodes.
    guard: Option<Guard<Element>>,
    worked_ms: f64,
    steps: u32,
}

thread_local! {
    static RUNNING: RefCell<Option<Running>> = const { RefCell::new(None) };
}

fn begin(dom: WebDom, guard: Option<Guard<Element>>, opts: Options) {
    let run = Running { job: Job::new(opts), dom, guard, worked_ms: 0.0, steps: 0 };
    RUNNING.with(|r| *r.borrow_mut() = Some(run));
}

/// Steps the running scan to its end at once.
fn finish_now() -> JsValue {
    scan_step(f64::INFINITY)
}

/// Starts a scan of the whole document in pieces (see [`scan_step`]); a scan still running is
/// dropped. The guard it computes is kept for the nodes added later.
#[wasm_bindgen(js_name = scanBegin)]
pub fn scan_begin(opts: JsValue) -> Result<(), JsValue> {
    let doc = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from_str("no document"))?;
    GUARD.with(|g| *g.borrow_mut() = None);
    begin(WebDom::new(doc), None, options(opts));
    Ok(())
}

/// Starts a scan, in pieces, of only these nodes (added since the last scan); a scan still
/// running is dropped.
#[wasm_bindgen(js_name = scanAddedBegin)]
pub fn scan_added_begin(nodes: js_sys::Array, opts: JsValue) -> Result<(), JsValue> {
    let doc = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from_str("no document"))?;
    let mut roots: Vec<Element> = Vec::new();
    for v in nodes.iter() {
        // Checked by node type, not `instanceof` (nodes of other frames and shadow roots).
        let el = if !v.is_object() || !js_sys::Reflect::has(&v, &JsValue::from_str("nodeType")).unwrap_or(false) {
            None
        } else {
            let n = v.unchecked_into::<web_sys::Node>();
            match n.node_type() {
                1 => Some(n.unchecked_into::<Element>()),
                _ => n.parent_element(),
            }
        };
        if let Some(el) = el.filter(|e| e.is_connected()) {
            if !roots.iter().any(|r| r.contains(Some(&el))) {
                roots.retain(|r| !el.contains(Some(r)));
                roots.push(el);
            }
        }
    }
    let mut dom = WebDom::new(doc);
    // The page-wide guard of the last scan, unless its article has left the page.
    let kept = GUARD.with(|g| g.borrow_mut().take());
    let guard = match kept {
        Some(g) if g.article.as_ref().is_none_or(|a| a.is_connected()) => g,
        _ => Guard::new(&dom),
    };
    dom.roots = Some(roots);
    begin(dom, Some(guard), options(opts));
    Ok(())
}

/// Works on the running scan for about `budget_ms` (each unit of work runs whole: a rule's
/// query, a few hundred text nodes, the final climb). Returns `{done: false, steps}` while it
/// is not finished; when it is, applies the findings and returns the report `{done: true,
/// ads, subscribe, findings, guarded, micros, steps}` (`micros`: time worked, not waited).
/// Without a running scan: `{done: true}` with nothing found.
#[wasm_bindgen(js_name = scanStep)]
pub fn scan_step(budget_ms: f64) -> JsValue {
    let t0 = now_ms();
    let deadline = t0 + budget_ms;
    let Some(mut run) = RUNNING.with(|r| r.borrow_mut().take()) else {
        return Obj::new().set("done", true).set("ads", 0).set("subscribe", 0).set("findings", js_sys::Array::new()).set("guarded", js_sys::Array::new()).0.into();
    };
    // The clock is read after every unit of work: one call to a `Performance` kept at hand.
    let perf = web_sys::window().and_then(|w| w.performance());
    let done = run.job.step(&run.dom, run.guard.as_ref(), &mut || perf.as_ref().is_some_and(|p| p.now() >= deadline));
    run.steps += 1;
    if !done {
        run.worked_ms += now_ms() - t0;
        let steps = run.steps;
        RUNNING.with(|r| *r.borrow_mut() = Some(run));
        return Obj::new().set("done", false).set("steps", steps).0.into();
    }
    let plan = run.job.take_plan().unwrap_or_default();
    let guard = run.guard.take().or_else(|| run.job.take_guard());
    let report = apply_plan(&run.dom, &plan);
    GUARD.with(|g| *g.borrow_mut() = guard);
    run.worked_ms += now_ms() - t0;
    let o = Obj(report.unchecked_into()).set("done", true).set("steps", run.steps).set("micros", run.worked_ms * 1000.0);
    o.0.into()
}

/// Undoes every change adstrip made to the page; returns how many.
#[wasm_bindgen]
pub fn undo() -> usize {
    APPLIED.with(|a| a.borrow_mut().undo())
}

/// Shows (true) or hides again (false) what was hidden, outlined with its reason.
#[wasm_bindgen]
pub fn outline(on: bool) {
    APPLIED.with(|a| a.borrow_mut().outline(on))
}

/// How many elements and text runs are hidden now.
#[wasm_bindgen(js_name = hiddenCount)]
pub fn hidden_count() -> usize {
    APPLIED.with(|a| a.borrow().hidden_count())
}

/// The `document_start` stylesheet generated from the rules.
#[wasm_bindgen]
pub fn stylesheet() -> String {
    crate::css::stylesheet()
}

/// The findings of a serialised page, as `adstrip scan --json` gives them (service-worker
/// path for pages whose CSP forbids wasm in content scripts).
#[cfg(feature = "html")]
#[wasm_bindgen(js_name = scanHtml)]
pub fn scan_html(html: &str) -> JsValue {
    let rows = js_sys::Array::new();
    for r in crate::report::rows(html) {
        let o = Obj::new()
            .set("kind", r.kind)
            .set("rule", r.rule)
            .set("reason", r.reason)
            .set("selector", r.selector)
            .set("text", r.text)
            .set("target", r.target);
        rows.push(&o.0);
    }
    rows.into()
}
