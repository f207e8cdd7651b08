//! The reader's allow-list sanitiser alone, over any fragment: the fastest way to reach its
//! corner cases (extraction in front of it rejects most inputs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    adstrip_fuzz::invariants::check_sanitize(&html);
});
