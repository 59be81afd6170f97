//! The load stage: walk `content/`, read every file, split and check front matter,
//! render Markdown once. Collects every error of every file in one pass.

mod bodies;
pub mod front_matter;
mod load;
mod page;
mod summary;

pub use bodies::{Bodies, Held, SpillFile};
pub use load::{is_editor_temp, load, load_spilling, load_under, page_from_bytes, Loaded};
pub use page::{Asset, Page, Waiting};
pub use summary::{summary_source, summary_text, SUMMARY_CHARS};
