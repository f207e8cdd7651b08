//! bytes -> decode -> reader::extract: whatever the page, the article markup cannot run
//! anything (see `check_safe_html` in `fuzz/src/invariants.rs`).
//!
//! `extract` turns a panic of the extractor into an error by design; libFuzzer's panic hook
//! would abort on it all the same, so the hook here only prints. A panic of the checks still
//! ends the run (libfuzzer-sys aborts on any panic that leaves the target).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        std::panic::set_hook(Box::new(|info| eprintln!("panic (caught by extract, or a failed check): {info}")));
    },
    |data: &[u8]| {
        if let Some(html) = adstrip_fuzz::invariants::decode(data) {
            adstrip_fuzz::invariants::check_reader(&html);
        }
    }
);
