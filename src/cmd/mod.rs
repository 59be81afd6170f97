//! One module per subcommand.

pub mod build;
pub mod check;
pub mod completions;
pub mod init;
pub mod new;
pub mod serve;
pub mod snapshot;
pub mod verify;
pub mod watch;

use std::path::PathBuf;

/// The site folder, an argument of most commands.
#[derive(clap::Args, Debug, Clone)]
pub struct RootArg {
    /// The site folder (with config.yaml and content/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}
