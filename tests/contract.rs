//! The generated pieces the extension ships stay what the core generates: a rule edited in
//! `rules/rules.toml` without `make contract` fails here, not in a user's browser.

#![cfg(not(target_arch = "wasm32"))]

#[test]
fn extension_contract_is_generated_from_the_rules() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/extension/src/contract.gen.js");
    let committed = std::fs::read_to_string(path).expect("extension/src/contract.gen.js");
    assert!(committed == adstrip::contract::contract_js(), "extension/src/contract.gen.js is stale: run `make contract`");
}
