//! Reader mode in the browser (the reader weight, `target/pkg/reader/`, built with
//! `--no-default-features --features reader`): the extension loads it only when the user asks
//! for reader mode, in the content script or, on pages whose CSP forbids wasm there, in the
//! service worker. It works on HTML the content script has already cleaned of what adstrip hid
//! and of what is invisible in the live page; extraction and sanitising are the core's
//! (`crate::reader`), so the browser shows exactly what the native tests measure.

use crate::{now_ms, Obj};
use adstrip_reader::{self as reader, Article, ReadError};
use wasm_bindgen::prelude::*;

fn opt(v: &Option<String>) -> JsValue {
    v.as_deref().map_or(JsValue::NULL, JsValue::from_str)
}
fn article_obj(a: &Article, micros: f64) -> JsValue {
    Obj::new()
        .set("title", a.title.as_str())
        .set("byline", opt(&a.byline))
        .set("site_name", opt(&a.site_name))
        .set("published_time", opt(&a.published_time))
        .set("lang", opt(&a.lang))
        .set("dir", opt(&a.dir))
        .set("excerpt", opt(&a.excerpt))
        .set("content_html", a.content_html.as_str())
        .set("text", a.text.as_str())
        .set("readerable", a.readerable)
        .set("lead_image", opt(&a.lead_image))
        .set("micros", micros)
        .0
        .into()
}

/// Reader mode's extractor and sanitiser.
#[wasm_bindgen]
pub struct Reader;

#[wasm_bindgen]
impl Reader {
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Reader {
        Reader
    }

    /// Extracts the article of a serialised page: `{title, byline, site_name, published_time, lang,
    /// dir, excerpt, content_html (sanitised), text, readerable, lead_image, micros}`. Throws an
    /// `Error` whose message says why when there is no article (`code` is `no-article`,
    /// `not-html`, `too-large` or `too-complex`).
    /// The page's ads and nags are already gone (the extension's pre-pass drops what adstrip hid
    /// in the live page, the playground its findings): this build carries no detector.
    pub fn extract(&self, html: &str, url: Option<String>) -> Result<JsValue, JsValue> {
        let started = now_ms();
        match reader::extract_prepared(html, url.as_deref()) {
            Ok(a) => Ok(article_obj(&a, (now_ms() - started) * 1000.0)),
            Err(e) => {
                let code = match e {
                    ReadError::NotHtml => "not-html",
                    ReadError::TooLarge(_) => "too-large",
                    ReadError::TooComplex | ReadError::TooManyCharRefs(_) => "too-complex",
                    ReadError::NoArticle => "no-article",
                };
                let err = js_sys::Error::new(&e.to_string());
                let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
                Err(err.into())
            }
        }
    }

    /// The cheap check: does the page look like an article worth reader mode?
    pub fn readerable(&self, html: &str) -> bool {
        reader::is_readerable(html)
    }

    /// The core's sanitiser over an HTML fragment (the reader view renders only its output).
    pub fn sanitize(&self, html: &str) -> String {
        reader::sanitize_fragment(html)
    }
}
