//! bytes -> decode -> html5ever -> scan -> rows -> clean (marked and removed), with the
//! pipeline's invariants (see `fuzz/src/invariants.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(html) = adstrip_fuzz::invariants::decode(data) {
        adstrip_fuzz::invariants::check_pipeline(&html);
    }
});
