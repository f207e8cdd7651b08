//! Lists the fixture pages for the browser-equals-native test (`tests/web.rs`), which runs in
//! a browser without a file system: every page of the corpus and of the detector fixtures,
//! found by a directory walk, as `include_bytes!` entries in `$OUT_DIR/fixture_pages.rs`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut out = String::from("const PAGES: &[(&str, &[u8])] = &[\n");
    for (dir, prefix) in [("corpus/pages", ""), ("negatives", "negatives/"), ("positives", "positives/")] {
        let dir = root.join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut pages: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "html"))
            .collect();
        pages.sort();
        for p in pages {
            let name = p.file_stem().unwrap().to_string_lossy();
            let path = p.canonicalize().unwrap();
            writeln!(out, "    ({:?}, include_bytes!({:?})),", format!("{prefix}{name}"), path.display().to_string()).unwrap();
        }
    }
    out.push_str("];\n");
    std::fs::write(Path::new(&std::env::var("OUT_DIR").unwrap()).join("fixture_pages.rs"), out).unwrap();
}
