//! One module per subcommand.

pub mod build;
pub mod check;
pub mod serve;
pub mod snapshot;
pub mod verify;
pub mod watch;
