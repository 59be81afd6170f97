fn main() {
    // A panic is a bug in congkhai, never the editor's fault: say so plainly.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("internal error: congkhai crashed ({info}).\nThis is a bug in congkhai, not in your content; please report it with the command you ran. Your output folder was not changed.");
    }));
    let code = std::panic::catch_unwind(congkhai::cli::run).unwrap_or(101);
    std::process::exit(code);
}
