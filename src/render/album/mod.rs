//! The render stage's part of photo albums (`kind: album`): it measures the images
//! listed in `photos` and makes their thumbnails ([`prepare`]). That they exist, next to
//! the album's file, the assemble stage has checked (`site::album`).

pub mod budget;
pub mod jpeg;
pub mod thumbnail;

use crate::content::front_matter::{Kind, Photo, Reference};
use crate::content::Asset;
use crate::diagnostic::tr;
use crate::diagnostic::Diagnostic;
use crate::sink::Sink;
use crate::site::album::located;
use crate::site::links;
use crate::site::{PageId, Site};
use budget::Budget;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use thumbnail::{Format, Refusal, Work};

/// An image as templates see it; `url` is from the output root.
#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct Picture {
    pub url: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Serialize, Clone)]
pub struct PhotoView {
    pub alt: String,
    pub caption: Option<String>,
    /// The image as the editor supplied it, which each thumbnail links to.
    pub original: Picture,
    /// The smallest thumbnail, for `src`.
    pub src: Picture,
    /// Every size, smallest first, for `srcset`.
    pub sizes: Vec<Picture>,
}

/// What the render stage needs from the albums.
#[derive(Default)]
pub struct Albums {
    pub photos: BTreeMap<PageId, Vec<PhotoView>>,
    pub errors: Vec<Diagnostic>,
    pub work: Work,
    pub files: usize,
}

/// One image measured, with the thumbnail work done and the files written for it.
struct Prepared {
    measured: Measured,
    work: Work,
    files: usize,
}

/// An image albums show, with the first page and line that shows it, for errors.
struct Image<'a> {
    asset: &'a Asset,
    page: PageId,
    at: Option<&'a Reference>,
}

struct Measured {
    original: Picture,
    sizes: Vec<Picture>,
}

/// `a/b.png` → `a/b.320w.jpg`: asset names carry a single dot, so this can never
/// collide with a file of the site.
fn thumbnail_path(output_path: &str, width: u32, format: Format) -> String {
    let stem = output_path
        .rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(output_path);
    format!("{stem}.{width}w.{}", format.extension())
}

/// Measures every album image and writes its thumbnails to `sink` (made once per image,
/// however many albums and languages show it). A sink that keeps nothing gets none, but
/// every image is still decoded (unless its thumbnails are cached), so that `check`
/// refuses the same damaged images as `build`.
pub fn prepare(site: &Site, sink: &dyn Sink) -> Albums {
    let thumbnails = Thumbnails {
        sink,
        cache: site.config.cache_dir.as_deref(),
        keep: sink.keeps_bytes(),
        budget: Budget::new(site.config.image_memory),
    };
    let results: Vec<(String, Result<Prepared, Diagnostic>)> = images(site)
        .par_iter()
        .map(|(source, image)| {
            let result = thumbnails.prepare(source, image);
            (
                source.clone(),
                result.map_err(|r| refused(site, source, image, r)),
            )
        })
        .collect();
    let mut albums = Albums::default();
    let mut measured: HashMap<String, Measured> = HashMap::new();
    for (source, r) in results {
        match r {
            Ok(prepared) => {
                albums.work.made += prepared.work.made;
                albums.work.reused += prepared.work.reused;
                albums.files += prepared.files;
                measured.insert(source, prepared.measured);
            }
            Err(d) => albums.errors.push(d),
        }
    }
    albums.photos = photo_views(site, &measured);
    albums
}

/// The images of every album, once each, by source path.
fn images(site: &Site) -> BTreeMap<String, Image<'_>> {
    let assets: HashMap<&str, &Asset> = site
        .assets
        .iter()
        .map(|a| (a.source_path.as_str(), a))
        .collect();
    let mut images: BTreeMap<String, Image<'_>> = BTreeMap::new();
    for (id, page) in site.pages.iter().enumerate() {
        let Kind::Album(photos) = &page.front.kind else {
            continue;
        };
        for photo in photos {
            let found = links::join(&page.dir, &photo.file)
                .and_then(|j| assets.get(j.as_str()).map(|a| (j, *a)));
            if let Some((joined, asset)) = found {
                images.entry(joined).or_insert(Image {
                    asset,
                    page: id,
                    at: photo.at.as_ref(),
                });
            }
        }
    }
    images
}

/// Where thumbnails go, and what making them may use.
struct Thumbnails<'a> {
    sink: &'a dyn Sink,
    cache: Option<&'a std::path::Path>,
    keep: bool,
    budget: Budget,
}

impl Thumbnails<'_> {
    /// Measures one image and writes its thumbnails.
    fn prepare(&self, source: &str, image: &Image<'_>) -> Result<Prepared, Refusal> {
        let asset = image.asset;
        let format = Format::from_name(source).ok_or_else(|| tr("E0130.not-image", &[]))?;
        let made =
            thumbnail::process(&asset.abs_path, format, self.cache, self.keep, &self.budget)?;
        let (w, h) = made.header.shown();
        let mut files = 0;
        for (&width, data) in made.widths.iter().zip(&made.thumbnails) {
            self.sink
                .put(
                    &thumbnail_path(&asset.output_path, width, made.output),
                    data,
                )
                .map_err(|e| {
                    tr(
                        "E0130.no-thumbnail",
                        &[("reason", &crate::diagnostic::os_reason(&e))],
                    )
                })?;
            files += 1;
        }
        let original = Picture {
            url: asset.output_path.clone(),
            width: w,
            height: h,
        };
        let mut sizes: Vec<Picture> = made
            .widths
            .iter()
            .map(|&width| Picture {
                url: thumbnail_path(&asset.output_path, width, made.output),
                width,
                height: thumbnail::scaled_height((w, h), width),
            })
            .collect();
        if sizes.is_empty() {
            // Already small: the original serves as its own thumbnail.
            sizes.push(original.clone());
        }
        Ok(Prepared {
            measured: Measured { original, sizes },
            work: made.work,
            files,
        })
    }
}

/// The error of an image congkhai cannot use, at the first album line that shows it.
fn refused(site: &Site, source: &str, image: &Image<'_>, refusal: Refusal) -> Diagnostic {
    let help = if refusal.too_large {
        tr("E0130.too-large", &[])
    } else {
        tr("E0130.help", &[])
    };
    located(
        "E0130",
        &site.pages[image.page],
        image.at,
        tr("E0130", &[("file", &source), ("reason", &refusal.why)]),
    )
    .help(help)
}

/// Each album's photos as its page shows them.
fn photo_views(
    site: &Site,
    measured: &HashMap<String, Measured>,
) -> BTreeMap<PageId, Vec<PhotoView>> {
    let mut photos = BTreeMap::new();
    for (id, page) in site.pages.iter().enumerate() {
        let Kind::Album(list) = &page.front.kind else {
            continue;
        };
        let views = list
            .iter()
            .filter_map(|p: &Photo| {
                let m = measured.get(&links::join(&page.dir, &p.file)?)?;
                Some(PhotoView {
                    alt: p.alt.clone().unwrap_or_default(),
                    caption: p.caption.clone(),
                    original: m.original.clone(),
                    src: m.sizes[0].clone(),
                    sizes: m.sizes.clone(),
                })
            })
            .collect();
        photos.insert(id, views);
    }
    photos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbnail_names_cannot_be_asset_names() {
        assert_eq!(
            thumbnail_path("album-anh/a/poster.png", 320, Format::Jpeg),
            "album-anh/a/poster.320w.jpg"
        );
        // An asset is published with one dot; a thumbnail always has two.
        assert_eq!(
            thumbnail_path("x.jpg", 640, Format::Jpeg)
                .matches('.')
                .count(),
            2
        );
    }
}
