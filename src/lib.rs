//! congkhai: a static site generator for public disclosure of district plans.

pub mod search;
pub mod text;
