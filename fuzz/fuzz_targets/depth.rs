//! The depth cap before every parse: any markup, made deep by repeating it, parses within
//! bounds after the cap (the fuzzer's input is repeated so that its nesting adds up).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let unit = String::from_utf8_lossy(data);
    if unit.is_empty() || unit.len() > 4096 {
        return;
    }
    let html = unit.repeat(200_000 / unit.len() + 1);
    adstrip_fuzz::invariants::check_depth(&html);
});
