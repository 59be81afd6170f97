//! One job's page through the theme: the values every page has, those of its kind of
//! job (`job_context.rs`), its alternates, then Tera, NFC, and the sink.

use super::context::{self, Views};
use super::jobs::{Job, JobTarget};
use super::language::{self, LanguageShared};
use super::tally::Tally;
use super::templates::Theme;
use super::{archive, date_display, outputs, Output};
use crate::site::{PageId, Site};
use std::collections::{BTreeMap, HashMap};

/// What rendering a page needs from the whole render.
pub(super) struct Html<'a> {
    pub site: &'a Site,
    pub views: &'a Views<'a>,
    pub theme: &'a Theme,
    pub shared: &'a HashMap<String, LanguageShared>,
    pub photos: &'a BTreeMap<PageId, Vec<super::album::PhotoView>>,
    /// The generated pages, as (language, path): a generated page made in several
    /// languages switches language to its counterpart.
    pub generated: Vec<(&'a str, &'a str)>,
    pub tally: &'a Tally<'a>,
    pub wanted: &'a (dyn Fn(&str, Output<'_>) -> bool + Sync),
}

impl Html<'_> {
    /// Makes the job's file, when the render wants it.
    pub fn render(&self, job: &Job) {
        let target = job.target(self.site);
        if !(self.wanted)(&target.path, job.output(self.site)) {
            return;
        }
        let Some(shared) = self.shared.get(&target.lang) else {
            return;
        };
        let mut ctx = self.common_context(job, &target, shared);
        self.job_context(job, &target, &mut ctx);
        self.alternates(job, &target, &mut ctx);
        self.write(job, &target, &ctx);
    }

    /// The values every page has, whatever it shows.
    fn common_context(
        &self,
        job: &Job,
        target: &JobTarget,
        shared: &LanguageShared,
    ) -> tera::Context {
        let site = self.site;
        let lang = &target.lang;
        let mut ctx = tera::Context::new();
        ctx.insert("lang", lang);
        ctx.insert("root", &root(site, job, &target.path));
        ctx.insert(
            "home_url",
            &format!("{}index.html", site.language_prefix(lang)),
        );
        ctx.insert_value("site", shared.site.clone());
        ctx.insert_value("t", shared.labels.clone());
        // Present on every file, null where there is no page, so templates can test it.
        ctx.insert_value("page", tera::Value::none());
        ctx.insert_value("pager", tera::Value::none());
        // The public address of a file that shows a page somewhere else than at the
        // page's own (a list's page 2, an events section's past year): its canonical.
        let public = target
            .path
            .strip_suffix("index.html")
            .unwrap_or(&target.path);
        ctx.insert(
            "other_address",
            &job.elsewhere()
                .then(|| format!("{}{public}", site.config.base_url)),
        );
        let event_year = job.event_year();
        ctx.insert("event_year", &event_year);
        ctx.insert(
            "event_year_label",
            &event_year.map(|y| date_display::when(&crate::dates::When::Year(y), lang)),
        );
        ctx.insert_value(
            "nav",
            language::nav_for(site, &shared.nav, lang, job.page()),
        );
        ctx.insert(
            "archived",
            &archive::archived_view(
                site,
                lang,
                &target.path,
                matches!(job, Job::NotFound { .. }),
            ),
        );
        outputs::extend_context(self.views, job.page(), target.template, lang, &mut ctx);
        ctx
    }

    /// The other languages' versions of the file, as `hreflang` links.
    fn alternates(&self, job: &Job, target: &JobTarget, ctx: &mut tera::Context) {
        let site = self.site;
        // Page n of a list in one language is no version of page n in another (the
        // lists differ in length), so later pages name no alternates.
        let mut alternates = if job.elsewhere() {
            Vec::new()
        } else {
            outputs::hreflang_alternates(site, &target.lang, &target.path, ctx.get("translations"))
        };
        // A frozen copy's versions are the frozen copies of its translations.
        for a in &mut alternates {
            a.href = archive::frozen_address(site, &a.href);
        }
        ctx.insert("alternates", &alternates);
    }

    /// Through the template, into NFC, to the sink.
    fn write(&self, job: &Job, target: &JobTarget, ctx: &tera::Context) {
        // Into bytes: Tera's own `render` checks its whole output is UTF-8 once more
        // with the standard library's slower check, before ours in `nfc`.
        let mut html = Vec::with_capacity(32 * 1024);
        if let Err(e) = self.theme.tera.render_to(target.template, ctx, &mut html) {
            self.tally
                .template_failed(target.template, target.file.clone(), e);
            return;
        }
        let Ok(html) = simdutf8::basic::from_utf8(&html) else {
            // Tera writes only strings; keep what the old path would have said.
            let e = tera::Error::message("the template's output is not UTF-8");
            self.tally
                .template_failed(target.template, target.file.clone(), e);
            return;
        };
        let html = crate::text::nfc(html);
        self.tally.put(&target.path, html.as_bytes(), &target.file);
        if matches!(job, Job::Page(_)) {
            self.tally.page_done();
        }
    }

    /// For pages that exist in one language only: the switcher leads to the other homes.
    pub(super) fn lang_homes(&self, lang: &str) -> Vec<context::Translation> {
        let site = self.site;
        site.config
            .languages
            .iter()
            .filter(|l| l.code != lang && site.homes.contains_key(&l.code))
            .map(|l| context::Translation {
                lang: l.code.clone(),
                name: l.name.clone(),
                url: format!("{}index.html", site.language_prefix(&l.code)),
                title: l.title.clone(),
                exists: false,
            })
            .collect()
    }
}

/// The way from a file back to the output root, which its links start from.
fn root(site: &Site, job: &Job, path: &str) -> String {
    if matches!(job, Job::NotFound { .. }) {
        // A 404 page is served at whatever address was missing, so relative paths
        // would point nowhere: it alone starts its links from the public address's
        // path (no host, so a preview or a second host serves its stylesheet too,
        // and no inline styles, which a strict Content-Security-Policy refuses).
        crate::config::url_path(&site.config.base_url)
    } else {
        // Depth-many `../`.
        "../".repeat(path.matches('/').count())
    }
}
