//! One module per subcommand.

pub mod build;
pub mod check;
pub mod completions;
pub mod explain;
pub mod host_config;
pub mod init;
pub mod new;
pub mod serve;
pub mod snapshot;
pub mod verify;
pub mod watch;

use std::path::PathBuf;

/// The commit congkhai was built from (40 hex digits), or "commit unknown" where the
/// source had no git (a tarball). `init --github-pages` pins the same one.
pub const COMMIT: &str = env!("CONGKHAI_COMMIT");

/// The site folder, an argument of most commands.
#[derive(clap::Args, Debug, Clone)]
pub struct RootArg {
    /// The site folder (with config.yaml and content/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}
