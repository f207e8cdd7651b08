//! The reader on trafilatura's dev pages (`../shared/reader/trafilatura-dev.tar.xz`, unpacked
//! under `target/` by `tests/reader_benchmark.rs` or `make reader-report`), page by page: the
//! annotated article segments it missed and the boilerplate segments it kept, scored with
//! trafilatura's rule as `score_extraction.py read` does. Writes `target/reader-report.json`
//! (one entry per page) and prints the totals and the pages with the most misses.
//!
//! `cargo run --release --example reader_report [DATA_DIR]`

use std::path::{Path, PathBuf};

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn main() {
    let data = std::env::args().nth(1).map_or_else(|| PathBuf::from("target/trafilatura-dev/trafilatura-dev"), PathBuf::from);
    let Ok(json) = std::fs::read_to_string(data.join("evaldata.json")) else {
        eprintln!("reader_report: {} has no evaldata.json (run `make reader-report` to unpack the pages)", data.display());
        std::process::exit(2);
    };
    let ev: serde_json::Value = serde_json::from_str(&json).expect("evaldata.json is JSON");
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut pages = Vec::new();
    let mut refused = Vec::new();
    for (url, item) in ev.as_object().expect("evaldata is an object") {
        let file = item["file"].as_str().unwrap_or_default();
        let read = std::fs::read(data.join("pages").join(file))
            .map_err(|e| e.to_string())
            .and_then(|b| adstrip::cli::input::decode(&b).map_err(|e| format!("{e:?}")))
            .and_then(|html| adstrip::reader::extract(&html, Some(url)).map_err(|e| e.to_string()));
        let text = match read {
            Ok(a) => norm(&a.text),
            Err(e) => {
                refused.push(format!("{file}: {e}"));
                String::new()
            }
        };
        let segs =
            |k: &str| item[k].as_array().map(|a| a.iter().filter_map(|s| s.as_str()).map(norm).collect::<Vec<_>>()).unwrap_or_default();
        let with = segs("with");
        let missed: Vec<String> = with.iter().filter(|s| !text.contains(s.as_str())).cloned().collect();
        let kept: Vec<String> = segs("without").into_iter().filter(|s| text.contains(s.as_str())).collect();
        tp += with.len() - missed.len();
        fn_ += missed.len();
        fp += kept.len();
        pages
            .push(serde_json::json!({"file": file, "url": url, "found": with.len() - missed.len(), "missed": missed, "boilerplate": kept}));
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "{} pages: precision {p:.3} recall {r:.3} F1 {:.3} (found {tp}, boilerplate {fp}, missed {fn_})",
        pages.len(),
        2.0 * p * r / (p + r)
    );
    for r in &refused {
        println!("  refused: {r}");
    }
    pages.sort_by_key(|x| std::cmp::Reverse(x["missed"].as_array().map_or(0, Vec::len)));
    for x in pages.iter().take(15) {
        println!(
            "  {} missed, {} boilerplate: {}",
            x["missed"].as_array().map_or(0, Vec::len),
            x["boilerplate"].as_array().map_or(0, Vec::len),
            x["file"].as_str().unwrap_or_default()
        );
    }
    let out = Path::new("target/reader-report.json");
    std::fs::write(out, serde_json::to_string_pretty(&pages).expect("serialises")).expect("target/ is writable");
    println!("per page: {}", out.display());
}
