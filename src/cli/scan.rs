//! `adstrip scan FILE|- [--json]`

use crate::report::scan_page;

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
