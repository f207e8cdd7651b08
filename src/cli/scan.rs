//! `adstrip scan FILE|- [--json]`

use crate::report::scan_page;

pub fn run(args: &[String]) -> i32 {
    let (file, json) = match super::input::file_and_flag("scan", "--json", args) {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    let html = match super::input::read_page(&file) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("adstrip: {e}");
            return 2;
        }
    };
    let (rows, guarded) = scan_page(&html);
    if json {
        match serde_json::to_string_pretty(&rows) {
            Ok(s) => return super::out(&format!("{s}\n")),
            Err(e) => {
                eprintln!("adstrip: {e}");
                return 2;
            }
        }
    } else {
        let mut lines = String::new();
        for r in &rows {
            let text = r.text.replace('\n', " ");
            lines.push_str(&format!("{}\t{}\t{}\t{}\t\"{}\"\t{}\n", r.kind, r.rule, r.target, r.selector, text, r.reason));
        }
        let code = super::out(&lines);
        if code != 0 {
            return code;
        }
        for g in &guarded {
            eprintln!("adstrip: kept {} (rule {}): {}", g.selector, g.rule, g.why);
        }
        let ads = rows.iter().filter(|r| r.kind == "ad").count();
        eprintln!("adstrip: {} finding(s): {} ad(s), {} subscribe nag(s)", rows.len(), ads, rows.len() - ads);
    }
    0
}
