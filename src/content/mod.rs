//! The load stage: walk `content/`, read every file, split and check front matter,
//! render Markdown once. Collects every error of every file in one pass.

pub mod front_matter;
mod load;
mod page;

pub use load::{is_editor_temp, load, load_spilling, load_under, page_from_bytes, Loaded};
pub use page::{Asset, Page, Waiting};
