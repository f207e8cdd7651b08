//! The service worker's scanner: the core over a serialised page (pages whose CSP forbids
//! wasm in content scripts send their HTML). Rows as `adstrip scan --json` gives them.
//!
//! The worker has one thread for every tab: a page is scanned in pieces ([`ScanJob`]), so that
//! the worker's queue can give another tab its turn between two pieces of a huge page.

use crate::Obj;
use adstrip_core::detect::Options;
use adstrip_html::{PageScan, Row};
use wasm_bindgen::prelude::*;

fn rows_value(rows: Vec<Row>) -> JsValue {
    let out = js_sys::Array::new();
    for r in rows {
        let o = Obj::new()
            .set("kind", r.kind)
            .set("rule", r.rule)
            .set("reason", r.reason)
            .set("selector", r.selector)
            .set("text", r.text)
            .set("target", r.target);
        out.push(&o.0);
    }
    out.into()
}

/// One page's scan in pieces: `step(ms)` until it returns true, then `rows()`.
#[wasm_bindgen]
pub struct ScanJob {
    scan: PageScan,
}

#[wasm_bindgen]
impl ScanJob {
    /// Works for about `budget_ms` (it stops at the first unit of work past it: a chunk of the
    /// parse, one rule, a few hundred text nodes); true when the scan is done.
    pub fn step(&mut self, budget_ms: f64) -> bool {
        let end = crate::now_ms() + budget_ms;
        self.scan.step(&mut || crate::now_ms() >= end)
    }

    /// How many pieces the scan has taken so far.
    pub fn pieces(&self) -> usize {
        self.scan.pieces()
    }

    /// The findings, once `step` said done (an empty array before).
    pub fn rows(&mut self) -> JsValue {
        rows_value(self.scan.take().0)
    }
}

#[wasm_bindgen]
pub struct PageScanner;

#[wasm_bindgen]
impl PageScanner {
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> PageScanner {
        PageScanner
    }

    /// The findings of a serialised page: `[{kind, rule, reason, selector, text, target}]`
    /// (`selector`: a CSS path selecting exactly the element; for a text run, its parent).
    pub fn scan(&self, html: &str) -> JsValue {
        rows_value(adstrip_html::page::rows_in_browser(html))
    }

    /// The same scan in pieces (see [`ScanJob`]), with the options the browser scans with.
    pub fn start(&self, html: String) -> ScanJob {
        ScanJob { scan: PageScan::new(html, Options::default()) }
    }
}
