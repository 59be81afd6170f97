//! congkhai: a static site generator for public disclosure of district plans.
//!
//! Data flows one way: [`content`] (load) → [`site`] (assemble) → [`render`] → [`output`]
//! (write). Each stage has one entry point and knows nothing of the stages after it.

// Diagnostics travel in `Err` on the cold path of bad input; boxing them buys nothing.
#![allow(clippy::result_large_err)]

pub mod album;
pub mod archive;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod console;
pub mod content;
pub mod dates;
pub mod diagnostic;
pub mod lock;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod snapshot;
pub mod text;
pub mod watch;
pub mod yaml;
