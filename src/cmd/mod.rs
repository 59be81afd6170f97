//! One module per subcommand.

pub mod build;
pub mod check;
pub mod completions;
pub mod host_config;
pub mod init;
pub mod new;
pub mod serve;
pub mod snapshot;
pub mod verify;
pub mod watch;
