//! The one set of helpers every integration test binary shares (`mod common;` and
//! `use common::*;`), by purpose:
//!
//! - `site`: temporary sites (a fixture folder, the bundled site, the `init` skeleton,
//!   the watch fixture, the notices site) and reading and writing their files;
//! - `run`: the real binary, run to the end or as a child that is always stopped;
//! - `http`: a minimal HTTP client and Server-Sent Events reader for `serve`;
//! - `assert`: what a run printed, trees of output compared, HTML attributes;
//! - `search`: a built site's search index read back;
//! - `rng`, `years_site`, `search_corpus`: generated test data.
//!
//! A helper lives here once; a test file keeps only what is about its own subject.
// Each binary uses some of the helpers; the rest would be dead code in it.
#![allow(dead_code, unused_imports)]

pub mod assert;
pub mod http;
pub mod rng;
pub mod run;
pub mod search;
pub mod search_corpus;
pub mod site;
pub mod years_site;

pub use assert::*;
pub use http::*;
pub use run::*;
pub use search::{index, urls};
pub use site::*;
