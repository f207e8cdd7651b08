//! `adstrip clean FILE|- [--mark]`

pub use crate::report::clean;

pub fn run(args: &[String]) -> i32 {
    let mut mark = false;
    let mut file = None;
    for a in args {
        match a.as_str() {
            "--mark" => mark = true,
            s if file.is_none() && (s == "-" || !s.starts_with('-')) => file = Some(s.to_string()),
            s => {
                eprintln!("adstrip: clean: unexpected argument '{s}' (usage: adstrip clean FILE|- [--mark])");
                return 2;
            }
        }
    }
    let Some(file) = file else {
        eprintln!("adstrip: clean: no input (usage: adstrip clean FILE|- [--mark])");
        return 2;
    };
    match super::input::read_page(&file) {
        Ok(html) => super::out(&format!("{}\n", clean(&html, mark))),
        Err(e) => {
            eprintln!("adstrip: {e}");
            2
        }
    }
}
