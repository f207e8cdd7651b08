//! adstrip core: finds WordPress ad blocks and subscribe nags in a page.
//!
//! Architecture (see README.md):
//! - [`dom::Dom`] is the only way detectors read a page. Natively it is implemented over
//!   html5ever ([`html`]), in the browser over the live `document` (`web`).
//! - [`rules`] is WordPress knowledge as data: `rules/rules.toml`, compiled into static tables by
//!   `build.rs`, so a page load pays no parsing cost. The same data generates the
//!   `document_start` stylesheet ([`css`]).
//! - [`detect::scan`] turns a page into a [`plan::Plan`]: findings `{node, kind, rule, reason}`.
//!   It never mutates the page and keeps no state between pages: the core decides, the adapter acts.
//! - [`guard`] drops any candidate that would hide the article, its headline or a comment form.
#![cfg_attr(not(target_arch = "wasm32"), forbid(unsafe_code))]

pub mod css;
pub mod detect;
pub mod dom;
pub mod guard;
pub mod plan;
pub mod rules;
pub mod text;

#[cfg(feature = "html")]
pub mod html;

#[cfg(feature = "html")]
pub mod report;

#[cfg(all(feature = "html", not(target_arch = "wasm32")))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(feature = "reader")]
pub mod reader;
