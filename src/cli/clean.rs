//! `adstrip clean FILE|- [--mark]`

use super::input::{self, CliError};

const USAGE: &str = "usage: adstrip clean FILE|- [--mark]";

pub fn run(args: &[String]) -> Result<(), CliError> {
    let Some(a) = input::parse(args, USAGE, &["--mark"], &[])? else {
        return super::out(&format!("{USAGE}\n"));
    };
    let html = input::read_page(&a.input)?;
    input::check_complexity(&a.input, &html)?;
    super::out(&format!("{}\n", adstrip_html::clean(&html, a.flag("--mark"))))
}
