//! Shared checks for the fuzz targets (the same file is included by `tests/hostile.rs`).

pub mod invariants;
