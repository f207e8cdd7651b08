//! Native benchmarks of the core: the first pass (parse excluded) on every corpus page, per
//! 1,000 elements on synthetic pages of growing size (the cost must grow linearly), and reader
//! mode's extraction from the HTML string on every corpus page (compared with Readability.js in
//! the browser by bench/run.mjs, which reads criterion's samples from target/criterion).
//! A `stages` group splits the first pass into its detectors on the synthetic pages, to show
//! which stage makes the cost grow.
//! `make bench`; `cargo test --benches` runs each once so the code cannot rot.

use adstrip::detect::{climb, detectors, scan, text_hits, Context, Options};
use adstrip::guard::Guard;
use adstrip::html::HtmlPage;
use adstrip::reader;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::time::Duration;

fn corpus() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus/pages");
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned()))
        .collect();
    pages.sort();
    pages
}

/// A WordPress-like page with `n` elements: paragraphs, sidebar widgets and an ad every 50.
pub fn synthetic(n: usize) -> String {
    let mut s = String::from("<html><body><main><article><h1>Title</h1><div class=entry-content>");
    let mut count = 6;
    let mut i = 0;
    while count < n {
        if i % 50 == 25 {
            s.push_str("<div class=wpcnt><div class=wpa><span class=wpa-about>Advertisements</span><div class='u top'></div></div></div>");
            count += 4;
        } else {
            s.push_str("<p>Paragraph of article text with <a href='#'>a link</a> and <em>some emphasis</em> in it.</p>");
            count += 3;
        }
        i += 1;
    }
    s.push_str("</div></article></main></body></html>");
    s
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("first-pass");
    g.measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(300)).sample_size(20);
    for (name, html) in corpus() {
        let page = HtmlPage::parse(&html);
        g.bench_function(BenchmarkId::new("page", &name), |b| b.iter(|| scan(&page.dom()).findings.len()));
    }
    g.finish();

    let mut g = c.benchmark_group("scaling");
    g.measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(300)).sample_size(10);
    for n in [1_000usize, 10_000, 100_000] {
        let page = HtmlPage::parse(&synthetic(n));
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(BenchmarkId::new("elements", n), |b| b.iter(|| scan(&page.dom()).findings.len()));
    }
    g.finish();

    let mut g = c.benchmark_group("stages");
    g.measurement_time(Duration::from_secs(1)).warm_up_time(Duration::from_millis(100)).sample_size(10);
    for n in [10_000usize, 100_000] {
        let page = HtmlPage::parse(&synthetic(n));
        let dom = page.dom();
        let guard = Guard::new(&dom);
        let host = adstrip::dom::Dom::host(&dom);
        g.bench_function(BenchmarkId::new("guard", n), |b| b.iter(|| Guard::new(&dom).article().is_some()));
        g.bench_function(BenchmarkId::new("text_walk", n), |b| b.iter(|| text_hits(&dom).len()));
        let hits = text_hits(&dom);
        let cx = Context { dom: &dom, host: host.as_deref(), guard: &guard, hits: &hits, opts: Options::default() };
        let mut raw = Vec::new();
        for det in detectors() {
            let run = |out: &mut Vec<_>| (0..det.units()).for_each(|u| det.run(&cx, u, out));
            run(&mut raw);
            let id = det.name().replace(' ', "_");
            g.bench_function(BenchmarkId::new(id, n), |b| {
                b.iter(|| {
                    let mut v = Vec::new();
                    run(&mut v);
                    v.len()
                })
            });
        }
        g.bench_function(BenchmarkId::new("climb", n), |b| b.iter(|| climb::climb_all(&dom, &guard, raw.clone()).len()));
    }
    g.finish();

    let mut g = c.benchmark_group("reader");
    g.measurement_time(Duration::from_secs(1)).warm_up_time(Duration::from_millis(200)).sample_size(10);
    for (name, html) in corpus() {
        g.bench_function(BenchmarkId::new("page", &name), |b| b.iter(|| reader::extract(&html, None).map(|a| a.text.len()).unwrap_or(0)));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
