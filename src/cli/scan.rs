//! `adstrip scan FILE|- [--json]`

use crate::detect::scan;
use crate::dom::Dom;
use crate::html::{css_path, HtmlPage};
use crate::plan::Target;
use crate::text::excerpt;
use serde::Serialize;

#[derive(Serialize)]
pub struct Row {
    pub kind: &'static str,
    pub rule: &'static str,
    pub reason: &'static str,
    pub selector: String,
    pub text: String,
    pub target: &'static str,
}

/// The findings of a page as the CLI reports them.
pub fn rows(html: &str) -> Vec<Row> {
    let page = HtmlPage::parse(html);
    let dom = page.dom();
    let plan = scan(&dom);
    plan.findings
        .iter()
        .map(|f| {
            let (selector, text, target) = match &f.target {
                Target::Element(n) => (css_path(n), excerpt(&dom.text(n), 80), "element"),
                Target::Text { parent, text, .. } => (css_path(parent), text.trim().to_string(), "text"),
            };
            Row { kind: f.kind.as_str(), rule: f.rule, reason: f.reason, selector, text, target }
        })
        .collect()
}

pub fn run(args: &[String]) -> i32 {
    let mut json = false;
    let mut file = None;
    for a in args {
        match a.as_str() {
            "--json" => json = true,
            s if file.is_none() && (s == "-" || !s.starts_with('-')) => file = Some(s.to_string()),
            s => {
                eprintln!("adstrip: scan: unexpected argument '{s}' (usage: adstrip scan FILE|- [--json])");
                return 2;
            }
        }
    }
    let Some(file) = file else {
        eprintln!("adstrip: scan: no input (usage: adstrip scan FILE|- [--json])");
        return 2;
    };
    let html = match super::input::read_page(&file) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("adstrip: {e}");
            return 2;
        }
    };
    let rows = rows(&html);
    if json {
        match serde_json::to_string_pretty(&rows) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("adstrip: {e}");
                return 2;
            }
        }
    } else {
        for r in &rows {
            let text = r.text.replace('\n', " ");
            println!("{}\t{}\t{}\t{}\t\"{}\"\t{}", r.kind, r.rule, r.target, r.selector, text, r.reason);
        }
        let ads = rows.iter().filter(|r| r.kind == "ad").count();
        eprintln!("adstrip: {} finding(s): {} ad(s), {} subscribe nag(s)", rows.len(), ads, rows.len() - ads);
    }
    0
}
