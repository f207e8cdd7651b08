//! adstrip-core: finds WordPress ad blocks and subscribe nags in a page, and decides only.
//!
//! - [`dom::Dom`] is the only way detectors read a page. `adstrip-html` implements it over
//!   html5ever (CLI, tests, benches, the service worker), `adstrip-web` over the live
//!   `document` in the browser. Both must answer alike: a page gives the same findings in both.
//! - [`rules`] is WordPress knowledge as data: `rules/rules.toml`, compiled into static tables
//!   by `build.rs`, so a page load pays no parsing cost. The same data generates the
//!   `document_start` stylesheet and the JS contract ([`contract`]).
//! - [`detect::scan`] turns a page into a [`plan::Plan`]: findings `{node, kind, rule, reason}`,
//!   each made by one [`detect::Detector`]. It never mutates the page and keeps no state between
//!   pages: the core decides, the adapter acts. A [`detect::Job`] does the same in pieces.
//! - [`guard`] drops any candidate that would hide the article, its headline or a comment form.
//!
//! No wasm `cfg` and no `unsafe` here: this crate builds the same for every target.
#![forbid(unsafe_code)]

pub mod contract;
pub mod detect;
pub mod dom;
pub mod guard;
pub mod plan;
pub mod rules;
pub mod text;
