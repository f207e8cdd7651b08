//! `adstrip clean FILE|- [--mark]`

pub use crate::report::clean;

pub fn run(args: &[String]) -> i32 {
    let (file, mark) = match super::input::file_and_flag("clean", "--mark", args) {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    match super::input::read_page(&file) {
        Ok(html) => super::out(&format!("{}\n", clean(&html, mark))),
        Err(e) => {
            eprintln!("adstrip: {e}");
            2
        }
    }
}
