//! Strings handed to the browser, made into JS strings once and kept.
//!
//! The core passes the same few hundred selectors (the rules, the detectors' own) and report
//! keys thousands of times per page: a scan of one added ad asks about a hundred questions of
//! the DOM. Copying and decoding each string at each call was a fifth of that scan's time.
//! The cache is keyed by the string's address and length (the core's strings are `'static`,
//! so one address is one string) and checks the text on every hit, so a string the core built
//! for one call (a label's `for`) and freed can never answer for another one at the same address.
//! It holds at most [`MAX_ENTRIES`] strings: a hostile page cannot grow it without end.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use wasm_bindgen::prelude::*;
use web_sys::{Element, NodeList};

/// How many distinct strings are kept (the core's own are a few hundred).
const MAX_ENTRIES: usize = 1024;

/// Hashes a (address, length) key: two words, no need for a keyed hash.
#[derive(Default)]
struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type Cache = HashMap<(usize, usize), (Box<str>, JsValue), BuildHasherDefault<AddrHasher>>;

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

/// The JS string of `s`, made once while the cache has room.
pub fn js(s: &str) -> JsValue {
    let key = (s.as_ptr() as usize, s.len());
    CACHE.with(|c| {
        let Ok(mut c) = c.try_borrow_mut() else { return JsValue::from_str(s) };
        if let Some((text, v)) = c.get(&key) {
            if **text == *s {
                return v.clone();
            }
        }
        let v = JsValue::from_str(s);
        if c.len() < MAX_ENTRIES || c.contains_key(&key) {
            c.insert(key, (s.into(), v.clone()));
        }
        v
    })
}

// The DOM's selector methods, taking a JS string made by `js` instead of a `&str` copied at
// each call.
#[wasm_bindgen]
extern "C" {
    /// An element or a document: what answers selector queries.
    pub type Queryable;
    #[wasm_bindgen(method, catch, js_name = querySelectorAll)]
    pub fn select_all(this: &Queryable, selector: &JsValue) -> Result<NodeList, JsValue>;
    #[wasm_bindgen(method, catch, js_name = querySelector)]
    pub fn select_one(this: &Queryable, selector: &JsValue) -> Result<Option<Element>, JsValue>;
    #[wasm_bindgen(method, catch, js_name = matches)]
    pub fn is_match(this: &Queryable, selector: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(method, catch, js_name = closest)]
    pub fn closest_of(this: &Queryable, selector: &JsValue) -> Result<Option<Element>, JsValue>;
}

/// An element or the document, asked through the methods above.
pub fn asked<T: JsCast>(x: &T) -> &Queryable {
    x.unchecked_ref()
}
