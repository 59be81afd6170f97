fn main() {
    // A panic is a bug in congkhai, never the editor's fault: say so plainly.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "{}",
            congkhai::diagnostic::tr("status.crashed", &[("info", &info)])
        );
    }));
    let code = std::panic::catch_unwind(congkhai::cli::run).unwrap_or(101);
    std::process::exit(code);
}
