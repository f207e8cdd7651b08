//! Development aid: prints an outline of the elements a selector matches in a saved page
//! (tags, ids, classes, short text, links, images, forms and inputs), to judge what evidence
//! a block carries. `cargo run --example outline -- FILE SELECTOR [DEPTH]`
use adstrip::dom::Dom;
use adstrip::html::{css_path, HtmlPage};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(sel)) = (args.next(), args.next()) else {
        eprintln!("usage: outline FILE SELECTOR [DEPTH]");
        std::process::exit(2);
    };
    let depth: usize = args.next().and_then(|d| d.parse().ok()).unwrap_or(6);
    let html = String::from_utf8_lossy(&std::fs::read(path).expect("read")).into_owned();
    let page = HtmlPage::parse(&html);
    let dom = page.dom();
    for n in dom.select(None, &sel) {
        println!("== {}", css_path(&n));
        let mut anc = Vec::new();
        let mut cur = dom.parent(&n);
        while let Some(p) = cur {
            anc.push(desc(&dom, &p));
            cur = dom.parent(&p);
        }
        anc.reverse();
        println!("   in: {}", anc.join(" > "));
        walk(&dom, &n, 0, depth);
    }
}

fn desc<D: Dom>(dom: &D, n: &D::Node) -> String {
    let mut s = dom.tag(n);
    if let Some(i) = dom.attr(n, "id") {
        s += &format!("#{i}");
    }
    if let Some(c) = dom.attr(n, "class") {
        for c in c.split_whitespace() {
            s += &format!(".{c}");
        }
    }
    for a in ["href", "src", "data-src", "action", "type", "name", "placeholder", "value", "style", "role", "aria-label", "width", "height"]
    {
        if let Some(v) = dom.attr(n, a) {
            let v: String = v.chars().take(90).collect();
            s += &format!(" {a}={v:?}");
        }
    }
    s
}

fn walk<D: Dom>(dom: &D, n: &D::Node, level: usize, max: usize) {
    let pad = "  ".repeat(level + 1);
    let own: String = dom.own_text(n).split_whitespace().collect::<Vec<_>>().join(" ");
    let own: String = own.chars().take(120).collect();
    let tag = dom.tag(n);
    if tag == "script" || tag == "style" {
        println!("{pad}{} [{} chars]", desc(dom, n), own.len());
        return;
    }
    println!("{pad}{}{}", desc(dom, n), if own.is_empty() { String::new() } else { format!("  \"{own}\"") });
    if level >= max {
        let t: String = dom.text(n).split_whitespace().collect::<Vec<_>>().join(" ").chars().take(160).collect();
        if !t.is_empty() {
            println!("{pad}  … \"{t}\"");
        }
        return;
    }
    for c in dom.children(n) {
        walk(dom, &c, level + 1, max);
    }
}
