//! congkhai: a static site generator for public disclosure of district plans.
//!
//! Data flows one way: [`content`] (load) → [`site`] (assemble) → [`render`] → [`output`]
//! (write), run by [`pipeline`]. A module imports only from the layers below it:
//! ARCHITECTURE.md describes them, and tests/layering.rs enforces the order (with the
//! few imports that still go up listed there, to be removed).

// Diagnostics travel in `Err` on the cold path of bad input; boxing them buys nothing.
#![allow(clippy::result_large_err)]

pub mod archive;
pub mod cli;
pub mod cli_help;
pub mod cmd;
pub mod config;
pub mod console;
pub mod content;
pub mod dates;
pub mod diagnostic;
pub mod lock;
pub mod markdown;
pub mod output;
pub mod pdf_text;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod search;
pub mod serve;
pub mod sink;
pub mod site;
pub mod snapshot;
pub mod text;
pub mod watch;
pub mod yaml;
