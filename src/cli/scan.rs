//! `adstrip scan FILE|- [--json]`

use super::input::{self, CliError};
use adstrip_html::scan_page;

const USAGE: &str = "usage: adstrip scan FILE|- [--json]";

pub fn run(args: &[String]) -> Result<(), CliError> {
    let Some(a) = input::parse(args, USAGE, &["--json"], &[])? else {
        return super::out(&format!("{USAGE}\n"));
    };
    let html = input::read_page(&a.input)?;
    input::check_complexity(&a.input, &html)?;
    let (rows, guarded) = scan_page(&html);
    if a.flag("--json") {
        let s = serde_json::to_string_pretty(&rows).map_err(|e| CliError::Write(e.to_string()))?;
        return super::out(&format!("{s}\n"));
    }
    let mut lines = String::new();
    for r in &rows {
        let text = r.text.replace('\n', " ");
        lines.push_str(&format!("{}\t{}\t{}\t{}\t\"{}\"\t{}\n", r.kind, r.rule, r.target, r.selector, text, r.reason));
    }
    super::out(&lines)?;
    for g in &guarded {
        eprintln!("adstrip: kept {} (rule {}): {}", g.selector, g.rule, g.why);
    }
    let ads = rows.iter().filter(|r| r.kind == "ad").count();
    eprintln!("adstrip: {} finding(s): {} ad(s), {} subscribe nag(s)", rows.len(), ads, rows.len() - ads);
    Ok(())
}
