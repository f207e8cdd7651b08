//! The always-on detector: `Session` over the live DOM. It reports findings with their
//! elements; it never changes the page.

use crate::dom::WebDom;
use crate::js_str::js;
use crate::{now_ms, Obj};
use adstrip_core::detect::{Job, Options};
use adstrip_core::guard::Guard;
use adstrip_core::plan::{Plan, Target};
use adstrip_core::text::excerpt;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

/// A scan in progress: the job, the view of the page it reads and how long it has worked.
struct Running {
    job: Job<WebDom>,
    dom: WebDom,
    /// The page-wide guard to use, when the scan covers only added nodes.
    guard: Option<Guard<Element>>,
    worked_ms: f64,
    steps: u32,
}

/// One page's detector: scans in pieces and keeps the page-wide guard between scans.
#[wasm_bindgen]
pub struct Session {
    opts: Options,
    doc: Option<Document>,
    running: Option<Running>,
    guard: Option<Guard<Element>>,
}

/// `{ads, subscribe, generic}` from the caller; a missing or malformed flag means "on"
/// (`generic`: the generic detectors, see `Options::generic`).
fn options(v: &JsValue) -> Options {
    let flag = |key: &str, missing: bool| {
        if !v.is_object() {
            return missing;
        }
        js_sys::Reflect::get(v, &JsValue::from_str(key)).ok().and_then(|x| x.as_bool()).unwrap_or(missing)
    };
    Options { ads: flag("ads", true), subscribe: flag("subscribe", true), generic: flag("generic", true) }
}

fn window_document() -> Result<Document, JsValue> {
    web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from_str("no document"))
}

/// The report of a finished scan: findings with their elements, and what the guard refused.
fn report(dom: &WebDom, plan: &Plan<Element>) -> Obj {
    let findings = js_sys::Array::new();
    for f in &plan.findings {
        let o = Obj::new().set("kind", js(f.kind().as_str())).set("rule", js(f.rule())).set("reason", js(f.reason()));
        let o = match &f.target {
            Target::Element(e) => {
                o.set("target", js("element")).set("element", e.clone()).set("text", excerpt(&adstrip_core::dom::Dom::text(dom, e), 80))
            }
            Target::Text { parent, index, text } => {
                o.set("target", js("text")).set("element", parent.clone()).set("index", *index as u32).set("text", text.trim().to_string())
            }
        };
        findings.push(&o.0);
    }
    let guarded = js_sys::Array::new();
    for g in &plan.guarded {
        let el = g.finding.element().map_or(JsValue::NULL, |e| e.clone().into());
        guarded.push(&Obj::new().set("rule", js(g.finding.rule())).set("why", js(g.why)).set("element", el).0);
    }
    Obj::new().set("findings", findings).set("guarded", guarded)
}

#[wasm_bindgen]
impl Session {
    /// `opts`: `{ads, subscribe, generic}` (see `options`).
    #[wasm_bindgen(constructor)]
    pub fn new(opts: JsValue) -> Session {
        Session { opts: options(&opts), doc: None, running: None, guard: None }
    }

    /// Starts a scan of the whole document (default: the window's) in pieces; a scan still
    /// running is dropped. The guard it computes is kept for the nodes added later.
    pub fn begin(&mut self, doc: Option<Document>) -> Result<(), JsValue> {
        let doc = match doc {
            Some(d) => d,
            None => window_document()?,
        };
        self.guard = None;
        self.doc = Some(doc.clone());
        self.start(WebDom::new(doc), None, self.opts);
        Ok(())
    }

    /// Starts a scan, in pieces, of only these nodes (added since the last scan); a scan still
    /// running is dropped.
    #[wasm_bindgen(js_name = beginAdded)]
    pub fn begin_added(&mut self, nodes: js_sys::Array) -> Result<(), JsValue> {
        let doc = match &self.doc {
            Some(d) => d.clone(),
            None => window_document()?,
        };
        let mut roots: Vec<Element> = Vec::new();
        let mut text_only = true;
        for v in nodes.iter() {
            // Checked by node type, not `instanceof` (nodes of other frames and shadow roots).
            let el = if !v.is_object() || !js_sys::Reflect::has(&v, &JsValue::from_str("nodeType")).unwrap_or(false) {
                None
            } else {
                let n = v.unchecked_into::<web_sys::Node>();
                match n.node_type() {
                    1 => {
                        text_only = false;
                        Some(n.unchecked_into::<Element>())
                    }
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
        let guard = match self.guard.take() {
            Some(g) if g.article().is_none_or(|a| a.is_connected()) => g,
            _ => Guard::new(&dom),
        };
        dom.roots = Some(roots);
        // Text added alone (a line appended to a paragraph or to the body) makes its parent the
        // view: the generic detectors' markup queries over that whole parent would find what
        // the last scans judged already; the text's own evidence (labels, subscribe lines) is
        // read by the others.
        let opts = Options { generic: self.opts.generic && !text_only, ..self.opts };
        self.start(dom, Some(guard), opts);
        Ok(())
    }

    fn start(&mut self, dom: WebDom, guard: Option<Guard<Element>>, opts: Options) {
        self.running = Some(Running { job: Job::new(opts), dom, guard, worked_ms: 0.0, steps: 0 });
    }

    /// Works on the running scan for about `budget_ms` (each unit of work runs whole: a
    /// rule's query, a few hundred text nodes, one detector, the final climb). Returns
    /// `{done: false, steps}` while it is not finished; when it is, the report `{done: true,
    /// steps, micros, findings, guarded}` (`micros`: time worked, not waited). Without a
    /// running scan: `{done: true}` with nothing found.
    pub fn step(&mut self, budget_ms: f64) -> JsValue {
        let t0 = now_ms();
        let deadline = t0 + budget_ms;
        let Some(mut run) = self.running.take() else {
            let empty = Obj::new().set("findings", js_sys::Array::new()).set("guarded", js_sys::Array::new());
            return empty.set("done", true).set("steps", 0).set("micros", 0).0.into();
        };
        // The clock is read after every unit of work: one `Performance` kept at hand.
        let perf = web_sys::window().and_then(|w| w.performance());
        let done = run.job.step(&run.dom, run.guard.as_ref(), &mut || perf.as_ref().is_some_and(|p| p.now() >= deadline));
        run.steps += 1;
        if !done {
            run.worked_ms += now_ms() - t0;
            let out = Obj::new().set("done", false).set("steps", run.steps).set("stage", run.job.stage_name());
            self.running = Some(run);
            return out.0.into();
        }
        let plan = run.job.take_plan().unwrap_or_default();
        let out = report(&run.dom, &plan);
        self.guard = run.guard.take().or_else(|| run.job.take_guard());
        run.worked_ms += now_ms() - t0;
        out.set("done", true).set("steps", run.steps).set("micros", run.worked_ms * 1000.0).0.into()
    }

    /// One whole scan at once (the playground, tests): `begin(doc)` then `step(Infinity)`.
    pub fn run(&mut self, doc: Option<Document>) -> Result<JsValue, JsValue> {
        self.begin(doc)?;
        Ok(self.step(f64::INFINITY))
    }
}

/// The `document_start` stylesheet generated from the rules (as `adstrip css` prints it).
#[wasm_bindgen]
pub fn stylesheet() -> String {
    adstrip_core::contract::stylesheet()
}
