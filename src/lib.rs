//! congkhai: a static site generator for public disclosure of district plans.
//!
//! Data flows one way: [`content`] (load) → [`site`] (assemble) → [`render`] → [`output`]
//! (write). Each stage has one entry point and knows nothing of the stages after it.

pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostic;
pub mod markdown;
pub mod site;
pub mod text;
pub mod yaml;
