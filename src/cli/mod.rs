//! The native command line: `adstrip scan|clean|css|contract|read`.
//!
//! Every command reads its page through [`input`] (one argument parser, one size limit, one
//! binary policy, decoding as a browser does) and reports failure as one line and exit code 2.

pub mod clean;
pub mod input;
pub mod read;
pub mod scan;

use input::{CliError, EXIT_OK};

const USAGE: &str = "usage: adstrip <command> [args]
  scan FILE|- [--json]     list the ads and subscribe nags found, with reasons
  clean FILE|- [--mark]    print the page without them (or with them marked data-adstrip)
  css                      print the document_start stylesheet generated from the rules
  contract                 print the extension's contract.gen.js generated from the rules
  read FILE|- [--url URL] [--json]   print the article (reader mode)";

/// Writes to standard output; a reader that went away (`| head`) is not an error.
pub fn out(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    match o.write_all(text.as_bytes()).and_then(|_| o.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Write(e.to_string())),
    }
}

/// Seconds a command may take on one page unless `ADSTRIP_TIME_LIMIT` says otherwise.
pub const TIME_LIMIT_SECS: f64 = 20.0;

/// Stack of the thread a page is worked on in: third-party code (the extractor's selector
/// matching) recurses over the tree; the depth cap bounds it, this is the second line.
const WORKER_STACK: usize = 512 * 1024 * 1024;

/// Runs a page command in a worker thread with a large stack, and gives up with "too complex"
/// when it is not done within the time limit (`ADSTRIP_TIME_LIMIT` seconds, else
/// [`TIME_LIMIT_SECS`]).
fn budgeted(args: &[String], run: fn(&[String]) -> Result<(), CliError>) -> Result<(), CliError> {
    let limit =
        std::env::var("ADSTRIP_TIME_LIMIT").ok().and_then(|v| v.parse::<f64>().ok()).filter(|s| *s > 0.0).unwrap_or(TIME_LIMIT_SECS);
    let owned = args.to_vec();
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new().name("page".into()).stack_size(WORKER_STACK).spawn(move || {
        let _ = tx.send(run(&owned));
    });
    if spawned.is_err() {
        return run(args); // no thread to be had: work on this one
    }
    match rx.recv_timeout(std::time::Duration::from_secs_f64(limit)) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            Err(CliError::TooComplex { path: input_path(args), why: format!("not done within {limit} s") })
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(CliError::Internal),
    }
}

/// The input argument of a page command, for messages (`-` for standard input).
fn input_path(args: &[String]) -> String {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--url" {
            it.next();
        } else if a == "-" || !a.starts_with('-') {
            return a.clone();
        }
    }
    "-".into()
}

/// Runs the CLI with `args` (without the program name) and returns the exit code.
pub fn main(args: &[String]) -> i32 {
    let Some(cmd) = args.first() else {
        eprintln!("{USAGE}");
        return input::EXIT_BAD_INPUT;
    };
    let rest = &args[1..];
    let result = match cmd.as_str() {
        "scan" => budgeted(rest, scan::run),
        "clean" => budgeted(rest, clean::run),
        "css" => out(&adstrip_core::contract::stylesheet()),
        "contract" => out(&adstrip_core::contract::contract_js()),
        "read" => budgeted(rest, read::run),
        "-h" | "--help" | "help" => out(&format!("{USAGE}\n")),
        other => {
            eprintln!("adstrip: unknown command '{other}'\n{USAGE}");
            return input::EXIT_BAD_INPUT;
        }
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => e.report(),
    }
}
