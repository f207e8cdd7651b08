//! The native `adstrip` command. All logic lives in the library (`adstrip::cli`).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = std::panic::catch_unwind(|| adstrip::cli::main(&args)).unwrap_or_else(|_| {
        eprintln!("adstrip: internal error (please report this page)");
        2
    });
    std::process::exit(code);
}
