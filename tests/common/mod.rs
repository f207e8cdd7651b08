//! Helpers the native test files share (`mod common;` in each).
#![allow(dead_code)] // each test file uses its own subset

pub mod score;

use adstrip::plan::Plan;

/// The fixture folder: corpus pages and labels, detector positives and negatives, readability.
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// A fixture file's text (`tests/fixtures/<path>`), decoded leniently.
pub fn fixture(path: &str) -> String {
    let bytes = std::fs::read(format!("{FIXTURES}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The elements a plan hides (text runs left out).
pub fn hidden<N: Clone>(plan: &Plan<N>) -> Vec<N> {
    plan.findings.iter().filter_map(|f| f.element().cloned()).collect()
}

/// The rule ids of a plan's findings, for failure messages.
pub fn rules<N>(plan: &Plan<N>) -> Vec<&'static str> {
    plan.findings.iter().map(|f| f.rule()).collect()
}
