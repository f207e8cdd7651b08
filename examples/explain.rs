//! Development aid: prints findings and guarded candidates of a page with their CSS paths.
//! `cargo run --example explain -- FILE`
use adstrip::detect::scan;
use adstrip::dom::Dom;
use adstrip::html::{css_path, HtmlPage};
use adstrip::plan::Target;

fn main() {
    let path = std::env::args().nth(1).expect("usage: explain FILE");
    let html = String::from_utf8_lossy(&std::fs::read(path).expect("read")).into_owned();
    let page = HtmlPage::parse(&html);
    let dom = page.dom();
    let plan = scan(&dom);
    let desc = |n: &_| {
        let id = dom.attr(n, "id").map(|i| format!("#{i}")).unwrap_or_default();
        let class = dom.attr(n, "class").map(|c| format!(".{}", c.split_whitespace().collect::<Vec<_>>().join("."))).unwrap_or_default();
        format!("{}{id}{class}", dom.tag(n))
    };
    for f in &plan.findings {
        match &f.target {
            Target::Element(n) => println!("HIDE {} {} {}", f.rule(), desc(n), css_path(n)),
            Target::Text { parent, text, .. } => println!("TEXT {} {} {:?}", f.rule(), desc(parent), text.trim()),
        }
    }
    for g in &plan.guarded {
        if let Target::Element(n) = &g.finding.target {
            println!("GUARD {} {} ({})", g.finding.rule(), desc(n), g.why);
        }
    }
}
