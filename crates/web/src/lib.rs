//! adstrip in the browser (wasm32 only): the web-sys DOM adapter ([`dom`]) and the one class
//! each wasm build exports. The wasm decides; the extension's JS applier (`extension/src/
//! applier.js`) acts (hide, mark, undo, outline), so hiding and undoing are written once.
//!
//! | build (feature) | loaded by | exports |
//! |---|---|---|
//! | `detector` (always on, every frame) | content script, playground | `Session`, `stylesheet()` |
//! | `sw` | service worker, pages whose CSP forbids wasm in content scripts | `PageScanner`, `ScanJob` |
//! | `reader` (on first use) | reader mode, in the page or the service worker | `Reader` |
//!
//! What runs when (detector): the extension's `document_start` stylesheet has already hidden
//! the known containers; `session.begin()` starts the first scan once the DOM is there and
//! `session.step(ms)` works on it for a given time, as often as needed (an ordinary page is
//! done in one step, a huge one in pieces between the page's own tasks); `beginAdded(nodes)`
//! does the same for each slice of nodes the content script's MutationObserver queued. The
//! guard (the article, its headline) is computed by the first scan and kept while the page
//! lives, so a slice of added nodes costs only its own size.
#![cfg(target_arch = "wasm32")]

pub mod dom;
pub mod js_str;
#[cfg(feature = "reader")]
mod reader;
#[cfg(feature = "sw")]
mod scanner;
#[cfg(feature = "detector")]
mod session;

use wasm_bindgen::JsValue;

/// Builds plain JS objects for the reports (no serde in the always-on weight: it pulled in
/// float formatting and a deserialiser for two booleans).
pub(crate) struct Obj(pub js_sys::Object);

impl Obj {
    pub fn new() -> Self {
        Obj(js_sys::Object::new())
    }
    pub fn set(self, key: &str, value: impl Into<JsValue>) -> Self {
        let _ = js_sys::Reflect::set(&self.0, &js_str::js(key), &value.into());
        self
    }
}

/// `performance.now()` of the global scope: a window in the page, the service worker's own
/// scope on the strict-CSP path (where there is no `window`).
#[cfg(any(feature = "detector", feature = "reader", feature = "sw"))]
pub(crate) fn now_ms() -> f64 {
    use wasm_bindgen::JsCast;
    let perf = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance")).unwrap_or(JsValue::UNDEFINED);
    perf.dyn_into::<web_sys::Performance>().map_or(0.0, |p| p.now())
}
