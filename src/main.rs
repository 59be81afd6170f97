// Why jemalloc, and why Linux only: Cargo.toml, next to the dependency.
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    // The same binary reads a PDF's text for the search index, in a child process of
    // its own with bounded time and memory (`pdf_text`): that child is not the CLI.
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if args.first().and_then(|a| a.to_str()) == Some(congkhai::pdf_text::HELPER_ARG) {
        congkhai::pdf_text::helper_main(&args[1..]);
    }
    if let Ok(me) = std::env::current_exe() {
        congkhai::pdf_text::use_helper(me);
    }
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
