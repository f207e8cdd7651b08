//! adstrip-html: the core over html5ever (through `dom_query`), for the CLI, the tests, the
//! benches and the service worker's wasm (pages whose CSP forbids wasm in content scripts).
//!
//! - [`dom`]: [`HtmlPage`] and its [`HtmlDom`] view, answering the core's `Dom` trait exactly as
//!   the web adapter does over a live `document`, and [`css_path`].
//! - [`depth`]: the depth cap every parse of page HTML goes through ([`cap_depth`]).
//! - [`encoding`]: bytes to text as a browser decodes a page ([`decode_page`]).
//! - [`page`]: operations on a serialised page: scan it into rows ([`scan_page`]), clean it
//!   ([`clean`]).
//! - [`stepped`]: the same scan in pieces ([`PageScan`]), for the service worker.
#![forbid(unsafe_code)]

pub mod depth;
pub mod dom;
pub mod encoding;
pub mod page;
pub mod stepped;

pub use depth::{cap_depth, DepthCap, Shape, MAX_DEPTH, MAX_ELEMENTS};
pub use dom::{css_path, HtmlDom, HtmlPage};
pub use encoding::decode_page;
/// The encodings a page may come in (tests write legacy-encoded pages with it).
pub use encoding_rs;
pub use page::{clean, clean_for_reading, rows, scan_page, split_long_text, GuardedRow, Row};
pub use stepped::PageScan;
