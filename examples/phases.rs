//! Development aid: time each detection phase on a page. `cargo run --release --example phases -- FILE`
use adstrip::detect::{advanced_ads, labelled, selectors, subscribe_text};
use adstrip::guard::Guard;
use adstrip::html::HtmlPage;
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: phases FILE");
    let html = String::from_utf8_lossy(&std::fs::read(path).expect("read")).into_owned();
    let page = HtmlPage::parse(&html);
    let dom = page.dom();
    for _ in 0..3 {
        let t = Instant::now();
        let g = Guard::new(&dom);
        let t1 = t.elapsed();
        let mut raw = Vec::new();
        let t = Instant::now();
        selectors::run(&dom, &mut raw);
        let t2 = t.elapsed();
        let t = Instant::now();
        labelled::run(&dom, &mut raw);
        let t3 = t.elapsed();
        let t = Instant::now();
        advanced_ads::run(&dom, &mut raw);
        let t4 = t.elapsed();
        let t = Instant::now();
        subscribe_text::run(&dom, &mut raw);
        let t5 = t.elapsed();
        let t = Instant::now();
        let n = adstrip::detect::scan_guarded(&dom, Default::default(), &g).findings.len();
        let t6 = t.elapsed();
        println!("guard {t1:?} selectors {t2:?} labelled {t3:?} advads {t4:?} subscribe {t5:?} | whole scan {t6:?} ({n} findings)");
    }
    for r in adstrip::rules::RULES {
        let t = Instant::now();
        let mut v = Vec::new();
        for n in adstrip::dom::Dom::select(&dom, None, r.select) {
            if selectors::confirm(&dom, r, &n) { v.push(n); }
        }
        let e = t.elapsed();
        if e.as_micros() > 300 { println!("  rule {} {:?}", r.id, e); }
    }
}
