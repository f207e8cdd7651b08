//! adstrip: the native command line, and one place the tests, benches, examples and fuzz
//! targets reach every layer from. The layers live in their own crates (see the workspace's
//! `Cargo.toml` and README's "How it is built"); imports run downward only:
//! `cli` -> [`reader`] -> [`html`] -> the core ([`detect`], [`dom`], [`guard`], [`plan`],
//! [`rules`], [`text`], [`contract`]).
#![forbid(unsafe_code)]

pub use adstrip_core::{contract, detect, dom, guard, plan, rules, text};
pub use adstrip_html as html;
pub use adstrip_reader as reader;

pub mod cli;
