//! The service worker's scanner: the core over a serialised page (pages whose CSP forbids
//! wasm in content scripts send their HTML). Rows as `adstrip scan --json` gives them.

use crate::Obj;
use wasm_bindgen::prelude::*;

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
        let rows = js_sys::Array::new();
        for r in adstrip_html::page::rows_in_browser(html) {
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
}
