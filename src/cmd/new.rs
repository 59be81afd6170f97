//! `congkhai new KIND PATH`: a page with every front-matter field of its kind, the
//! required ones filled in, the optional ones commented out with an example.
//!
//! PATH is relative to the site's `content/` folder (a leading `content/` is accepted
//! too). A PATH ending in `.md` names the file; any other PATH names a folder, and the
//! file name comes from `--title` (`su-kien --title "Hội chợ OCOP"` →
//! `su-kien/hoi-cho-ocop.md`). An album is a folder: `album-anh/hoi-cho` →
//! `album-anh/hoi-cho/_index.md`, with its images put beside it.

use crate::cmd::RootArg;
use crate::console::{error_with_help, info, report};
use crate::dates::{now_unix_seconds, DateTime};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::{os_reason, tr};
use crate::text::slugify;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    Page,
    /// A plan's folder: its `_index.md` and one example task group.
    Plan,
    Event,
    TaskGroup,
    Album,
    Document,
    Notice,
}

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// What to create
    #[arg(value_enum)]
    pub kind: NewKind,
    /// Under content/: a file (`su-kien/hoi-cho.md`), or a folder to name the file from --title
    pub path: String,
    /// The page's title (its file name is made from it when PATH is a folder)
    #[arg(long)]
    pub title: Option<String>,
    /// A plan's period (2021, 2021-H1, 2021-Q1, 2021-03); by default read from the
    /// plan's folder name (`ke-hoach/2021-q1`)
    #[arg(long)]
    pub period: Option<String>,
    #[command(flatten)]
    pub root: RootArg,
}

/// The file to write, relative to `content/`, `/`-separated.
pub fn target(kind: NewKind, path: &str, title: Option<&str>) -> Result<String, String> {
    let path = path.replace('\\', "/");
    let path = path
        .strip_prefix("content/")
        .unwrap_or(&path)
        .trim_end_matches('/');
    for c in Path::new(path).components() {
        match c {
            Component::Normal(_) | Component::CurDir => {}
            _ => return Err(tr("status.new-outside", &[("path", &path)])),
        }
    }
    if kind == NewKind::Plan {
        // A plan is a folder: PATH is the plan itself.
        let folder = path.strip_suffix("/_index.md").unwrap_or(path);
        if folder.is_empty() || folder == "." || folder.ends_with(".md") {
            return Err(tr("status.new-plan-folder", &[]));
        }
        return Ok(format!("{folder}/_index.md"));
    }
    if path.ends_with(".md") {
        return Ok(path.to_string());
    }
    let from_title = title.map(slugify).filter(|s| !s.is_empty());
    let folder = |name: &str| {
        if path.is_empty() || path == "." {
            name.to_string()
        } else {
            format!("{path}/{name}")
        }
    };
    let in_folder = !path.is_empty() && path != ".";
    match (kind, from_title) {
        // An album is a folder: PATH is the album itself, or the folder to put it in.
        (NewKind::Album, Some(slug)) => Ok(folder(&format!("{slug}/_index.md"))),
        (NewKind::Album, None) if in_folder => Ok(folder("_index.md")),
        (_, Some(slug)) => Ok(folder(&format!("{slug}.md"))),
        (_, None) => Err(tr("status.new-no-name", &[])),
    }
}

/// A title for a page made without `--title`: its file or folder name, readable.
fn title_from_path(rel: &str) -> String {
    let stem = rel.trim_end_matches(".md");
    let stem = stem.strip_suffix("/_index").unwrap_or(stem);
    let name = stem.rsplit('/').next().unwrap_or(stem);
    let name = name
        .split('.')
        .next()
        .unwrap_or(name)
        .replace(['-', '_'], " ");
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Trang mới".into(),
    }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "'")))
}

/// The front matter and a starting text for a new page of `kind`.
pub fn template(
    kind: NewKind,
    title: &str,
    now: &DateTime,
    task_group_example: Option<&str>,
) -> String {
    let date = now.rfc3339();
    let day = now.date.iso();
    let slug = slugify(title);
    let mut s = String::from("---\n");
    s.push_str(&format!("title: {}\n", quoted(title)));
    let kind_name = match kind {
        NewKind::Page => "page",
        NewKind::Plan => "plan",
        NewKind::Event => "event",
        NewKind::TaskGroup => "task_group",
        NewKind::Album => "album",
        NewKind::Document => "document",
        NewKind::Notice => "notice",
    };
    s.push_str(&format!("kind: {kind_name}\n"));
    // A notice is dated by `posted`.
    if kind != NewKind::Notice {
        s.push_str(&format!(
            "# Ngày đăng, giờ Việt Nam (date published, +07:00)\ndate: {date}\n"
        ));
    }
    match kind {
        NewKind::Page => {}
        NewKind::Plan => {
            let period = task_group_example.unwrap_or("2021-Q1");
            s.push_str(&format!(
                "# Kỳ kế hoạch (period, bắt buộc): năm `2021`, nửa năm `2021-H1`, quý `2021-Q1`\n\
                 # hoặc tháng `2021-03`.\n\
                 period: {period}\n\
                 # Cơ quan ban hành (issuer), nơi đăng (office), số văn bản (document_number)\n\
                 # issuer: \"UBND quận\"\n\
                 # office: \"Văn phòng HĐND và UBND quận\"\n\
                 # document_number: \"123/KH-UBND\"\n"
            ));
        }
        NewKind::Event => {
            let tg = task_group_example.unwrap_or("../ke-hoach/2020-q4/01-nhom-nhiem-vu.md");
            s.push_str(&format!(
                "# Ngày bắt đầu (start, bắt buộc): một ngày `{day}`, ngày giờ `{day}T08:00:00+07:00`,\n\
                 # một tháng `{month}` hoặc một quý `{quarter}` khi chưa biết ngày cụ thể.\n\
                 start: {day}\n\
                 # Ngày kết thúc, tính cả ngày đó (end, inclusive)\n\
                 # end: {day}\n\
                 # Địa điểm (location)\n\
                 # location: \"Phố đi bộ Trịnh Công Sơn\"\n\
                 # Đơn vị tổ chức (organizer)\n\
                 # organizer: \"UBND quận\"\n\
                 # Nhóm nhiệm vụ của sự kiện: đường dẫn tới tệp, tính từ tệp này (task_group)\n\
                 # task_group: {tg}\n\
                 # Tên chung của một chuỗi sự kiện (series)\n\
                 # series: \"Hội chợ OCOP\"\n\
                 # Tình trạng (status): planned | held | postponed | cancelled\n\
                 status: planned\n",
                month = &day[..7],
                quarter = format_args!("{}-Q{}", &day[..4], now.date.quarter()),
            ));
        }
        NewKind::TaskGroup => {
            s.push_str(
                "# Số thứ tự trong kế hoạch (number, bắt buộc)\n\
                 number: 1\n\
                 # Đơn vị chủ trì (lead)\n\
                 # lead: [\"Phòng Kinh tế\", \"UBND các phường\"]\n\
                 # Chỉ tiêu (targets): id viết a-z, 0-9 và `-`; target là một số, dấu chấm thập phân\n\
                 # targets:\n\
                 #   - id: ty-le-vi-du\n\
                 #     label: \"Tỷ lệ ví dụ\"\n\
                 #     target: 40.2\n\
                 #     unit: \"%\"\n\
                 #     actual: 38.5\n\
                 # Dự án (projects); status: planned | in_progress | done | delayed\n\
                 # projects:\n\
                 #   - name: \"Tên dự án\"\n\
                 #     status: planned\n\
                 #     due: 2020-12\n",
            );
        }
        NewKind::Document => {
            s.push_str(&format!(
                "# Số ký hiệu (number, bắt buộc), đúng như trên văn bản, ví dụ \"15/QĐ-UBND\".\n\
                 # `~` nghĩa là văn bản không có số: thay bằng số thật, không tự đặt số.\n\
                 number: ~\n\
                 # Loại văn bản (doc_type): một tên trong `document_types` của config.yaml;\n\
                 # mặc định: Quyết định, Kế hoạch, Thông báo, Công văn, Báo cáo, Nghị quyết,\n\
                 # Chỉ thị, Hướng dẫn, Tờ trình.\n\
                 doc_type: Quyết định\n\
                 # Ngày ban hành (issued, bắt buộc); nguồn không nêu thì viết `issued: ~`.\n\
                 issued: {day}\n\
                 # Ngày có hiệu lực, không sớm hơn ngày ban hành (effective)\n\
                 # effective: {day}\n\
                 # Tình trạng (status): in_force (còn hiệu lực, mặc định) | expired (hết hiệu lực)\n\
                 # | replaced (bị thay thế: ghi thêm replaced_by, đường dẫn tới tệp văn bản mới)\n\
                 # status: replaced\n\
                 # replaced_by: 20-qd-ubnd.md\n\
                 # Cơ quan ban hành (issuer); bỏ trống thì lấy `issuer` của config.yaml\n\
                 # issuer: \"UBND quận Tây Hồ\"\n\
                 # Người ký (signer): họ tên và chức vụ\n\
                 # signer:\n\
                 #   name: \"Họ và tên\"\n\
                 #   position: \"Chủ tịch\"\n\
                 # Trích yếu (abstract): nội dung chính của văn bản, một câu\n\
                 # abstract: \"Về việc ...\"\n\
                 # Lĩnh vực (fields): mỗi lĩnh vực có trang riêng trong mục Văn bản\n\
                 # fields: [\"Kinh tế\", \"Đất đai\"]\n\
                 # Tệp đính kèm (files): đặt tệp cạnh tệp này; tên tệp giữ nguyên khi đăng\n\
                 # (chữ có dấu được chuyển thành không dấu, chữ hoa và đuôi .PDF giữ nguyên).\n\
                 # lang: ngôn ngữ của tệp, nếu khác ngôn ngữ trang (vi, en).\n\
                 # files:\n\
                 #   - file: 15-QĐ-UBND.pdf\n\
                 #     title: \"Toàn văn Quyết định (bản ký)\"\n\
                 #     lang: vi\n"
            ));
        }
        NewKind::Notice => {
            s.push_str(&format!(
                "# Ngày đăng thông báo, giờ Việt Nam (posted, bắt buộc): ngày `{day}` hoặc ngày giờ\n\
                 posted: {date}\n\
                 # Loại thông báo (category, bắt buộc): recruitment (tuyển dụng), consultation (lấy ý kiến),\n\
                 # land (đất đai), procurement (mua sắm, đấu thầu), other (khác), hoặc loại riêng của\n\
                 # trang khai báo trong config.yaml, mục `notice_categories:`\n\
                 category: other\n\
                 # Hạn cuối nộp hồ sơ, gửi ý kiến (deadline), không sớm hơn ngày đăng. Một ngày: còn hạn\n\
                 # hết ngày đó; hoặc ngày giờ `{day}T17:00:00+07:00`. Không ghi: thông báo không có hạn.\n\
                 # deadline: {day}\n\
                 # Cách gửi ý kiến (feedback), cho thông báo lấy ý kiến: ít nhất một trong ba cách\n\
                 # feedback:\n\
                 #   email: \"vanphong@phuong.example\"\n\
                 #   phone: \"024 0000 0000\"\n\
                 #   address: \"Số nhà, đường phố, phường\"\n\
                 # Trang báo cáo kết quả (result), khi trang đó đã đăng: đường dẫn tới tệp .md,\n\
                 # tính từ tệp này\n\
                 # result: ket-qua-lay-y-kien.md\n\
                 # Tệp đính kèm (files), như của văn bản: dự thảo lấy ý kiến, toàn văn thông báo.\n\
                 # Đặt tệp cạnh tệp này; chữ trong tệp PDF cũng tìm được bằng ô tìm kiếm.\n\
                 # files:\n\
                 #   - file: du-thao.pdf\n\
                 #     title: \"Dự thảo lấy ý kiến\"\n"
            ));
        }
        NewKind::Album => {
            s.push_str(
                "# Ảnh (photos): mỗi tệp ảnh .jpg hoặc .png đặt cạnh tệp này.\n\
                 # `alt` là bắt buộc: mô tả ảnh cho người không nhìn thấy ảnh.\n\
                 photos:\n\
                 #  - file: anh-1.jpg\n\
                 #    alt: \"Gian hàng OCOP trên phố đi bộ\"\n\
                 #    caption: \"Chú thích dưới ảnh (không bắt buộc)\"\n",
            );
        }
    }
    s.push_str(&format!(
        "# Tóm tắt một câu, hiện trong danh sách (summary)\n\
         # summary: \"Một câu giới thiệu trang.\"\n\
         # Ngày cập nhật, không sớm hơn `date` (updated)\n\
         # updated: {date}\n\
         # Phần cuối địa chỉ trang (slug): chữ thường a-z, số và `-`\n\
         # slug: {slug}\n\
         # Chuyên mục và thẻ (categories, tags)\n\
         # categories: [\"Kinh tế - chính trị\"]\n\
         # tags: [\"OCOP\", \"hội chợ\"]\n\
         # Bản nháp, không đăng khi build (draft)\n\
         # draft: true\n\
         # Thứ tự trong mục, số nhỏ đứng trước (weight)\n\
         # weight: 1\n\
         # Dữ liệu tự do cho giao diện (extra)\n\
         # extra:\n\
         #   ghi_chu: \"tùy ý\"\n\
         ---\n\n"
    ));
    s.push_str(match kind {
        NewKind::Page => "Nội dung trang, viết bằng Markdown.\n",
        NewKind::Plan => "## Mục tiêu\n\nKế hoạch nhằm đạt được những gì trong kỳ.\n",
        NewKind::Event => "## Nội dung\n\nSự kiện gồm những hoạt động gì, dành cho ai.\n",
        NewKind::TaskGroup => "## Nhiệm vụ\n\n- Mỗi việc cần làm là một dòng.\n",
        NewKind::Album => "Giới thiệu album: ảnh chụp ở đâu, khi nào.\n",
        NewKind::Document => "Giới thiệu văn bản: ban hành để làm gì, áp dụng cho ai.\n",
        NewKind::Notice => {
            "Nội dung thông báo: việc gì, dành cho ai, hồ sơ gồm những gì, nộp ở đâu, đến khi nào.\n"
        }
    });
    s
}

/// The first task group of the site in the page's language, as a path from `dir`.
fn task_group_near(content: &Path, dir: &str, english: bool) -> Option<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(content)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            let is_en = rel.ends_with(".en.md");
            if !rel.ends_with(".md") || is_en != english {
                return None;
            }
            let text = std::fs::read_to_string(e.path()).ok()?;
            text.lines()
                .take(40)
                .any(|l| l.trim() == "kind: task_group")
                .then_some(rel)
        })
        .collect();
    found.sort();
    found
        .first()
        .map(|t| crate::site::links::suggest_relative(dir, t))
}

fn problem(file: String, message: String, help: String) -> Diagnostic {
    Diagnostic::new("E0702", file, message).help(help)
}

pub fn run(args: &Args) -> i32 {
    let rel = match target(args.kind, &args.path, args.title.as_deref()) {
        Ok(r) => r,
        Err(why) => {
            error_with_help(&why, Some(&tr("status.new-help", &[])));
            return 2;
        }
    };
    let content = args.root.root.join("content");
    let shown = format!("content/{rel}");
    let title = args
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| title_from_path(&rel));
    let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let now = DateTime::from_unix_seconds(now_unix_seconds(), 7 * 60);
    // The files to write: the page, and for a plan its first task group.
    let files: Vec<(String, String)> = if args.kind == NewKind::Plan {
        let name = dir.rsplit('/').next().unwrap_or(dir);
        let written = args.period.as_deref().unwrap_or(name);
        let period = match crate::dates::When::parse_period(written) {
            Ok(p) => p,
            Err(e) => {
                error_with_help(
                    &tr(
                        "status.new-bad-period",
                        &[
                            ("period", &written),
                            (
                                "reason",
                                &crate::content::front_matter::fields::date_reason(written, &e),
                            ),
                        ],
                    ),
                    Some(&tr(
                        "status.new-bad-period-help",
                        &[("forms", &tr("dates.period-forms", &[]))],
                    )),
                );
                return 2;
            }
        };
        let title = args
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| {
                format!(
                    "Kế hoạch {}",
                    crate::render::date_display::when(&period, "vi").to_lowercase()
                )
            });
        vec![
            (
                rel.clone(),
                template(NewKind::Plan, &title, &now, Some(&period.iso())),
            ),
            (
                format!("{dir}/01-nhom-nhiem-vu.md"),
                template(NewKind::TaskGroup, "Nhóm nhiệm vụ 1", &now, None),
            ),
        ]
    } else {
        let example = if args.kind == NewKind::Event {
            task_group_near(&content, dir, rel.ends_with(".en.md"))
        } else {
            None
        };
        vec![(
            rel.clone(),
            template(args.kind, &title, &now, example.as_deref()),
        )]
    };
    if !args.root.root.join(crate::config::CONFIG_FILE).is_file() {
        return report(&[problem(
            args.root.root.display().to_string(),
            tr("E0702.no-site", &[]),
            tr("E0001.help", &[]),
        )]);
    }
    // Checked before any folder is made (making them would follow the link) and again
    // just before the file is opened.
    let escape = || {
        leaves_the_site(&content, &rel).map(|(link, real)| {
            let link = link.strip_prefix(&args.root.root).unwrap_or(&link);
            report(&[problem(
                shown.clone(),
                tr(
                    "E0702.link",
                    &[
                        ("link", &link.display()),
                        (
                            "target",
                            &real
                                .map_or(tr("E0702.nothing", &[]), |r| format!("`{}`", r.display())),
                        ),
                    ],
                ),
                tr("E0702.link-help", &[]),
            )])
        })
    };
    if let Some(code) = escape() {
        return code;
    }
    // None of a plan's files may exist: it is made whole or not at all.
    if let Some((existing, _)) = files.iter().find(|(f, _)| content.join(f).exists()) {
        return report(&[problem(
            format!("content/{existing}"),
            tr("E0702.exists", &[]),
            tr("E0702.exists-help", &[]),
        )]);
    }
    let write = |rel: &str, text: &str| -> std::io::Result<()> {
        let path = content.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if leaves_the_site(&content, rel).is_some() {
            return Err(std::io::Error::other(tr("status.new-link-appeared", &[])));
        }
        // create_new: never replaces a file, even one made a moment ago by someone else.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        f.write_all(text.as_bytes())
    };
    match files.iter().try_for_each(|(rel, text)| write(rel, text)) {
        Ok(()) => {
            for (rel, _) in files.iter().skip(1) {
                info(&tr(
                    "status.created",
                    &[("file", &format!("content/{rel}"))],
                ));
            }
            info(&tr("status.created", &[("file", &shown)]));
            if args.kind == NewKind::Album {
                info(&tr("status.album-next", &[("dir", &dir)]));
            }
            0
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => report(&[problem(
            shown,
            tr("E0702.exists", &[]),
            tr("E0702.exists-help", &[]),
        )]),
        Err(e) => report(&[problem(
            shown,
            tr("E0701.write", &[("reason", &os_reason(&e))]),
            tr("E0603.io-help", &[]),
        )]),
    }
}

/// The first symlink on the way from `content/` to `rel` that leads out of `content/`
/// (or nowhere), with where it leads. Parts not made yet are not links.
fn leaves_the_site(content: &Path, rel: &str) -> Option<(PathBuf, Option<PathBuf>)> {
    let inside = content.canonicalize().ok()?;
    let mut at = content.to_path_buf();
    for part in rel.split('/').filter(|p| !p.is_empty() && *p != ".") {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => match at.canonicalize() {
                Ok(real) if real.starts_with(&inside) => {}
                Ok(real) => return Some((at, Some(real))),
                Err(_) => return Some((at, None)),
            },
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_the_path_or_the_title() {
        assert_eq!(
            target(NewKind::Event, "su-kien/a.md", None).unwrap(),
            "su-kien/a.md"
        );
        assert_eq!(
            target(NewKind::Event, "content/su-kien/a.md", None).unwrap(),
            "su-kien/a.md"
        );
        assert_eq!(
            target(NewKind::Event, "su-kien", Some("Hội chợ OCOP Đông Anh")).unwrap(),
            "su-kien/hoi-cho-ocop-dong-anh.md"
        );
        assert_eq!(
            target(NewKind::Album, "album-anh/hoi-cho", None).unwrap(),
            "album-anh/hoi-cho/_index.md"
        );
        assert_eq!(
            target(NewKind::Album, ".", Some("Đêm nhạc")).unwrap(),
            "dem-nhac/_index.md"
        );
        assert_eq!(
            target(NewKind::Album, "album-anh", Some("Đêm nhạc")).unwrap(),
            "album-anh/dem-nhac/_index.md"
        );
        assert!(target(NewKind::Page, "su-kien", None).is_err());
        assert!(target(NewKind::Page, "../x.md", None).is_err());
        assert!(target(NewKind::Page, "/etc/x.md", None).is_err());
    }

    #[test]
    fn a_new_page_parses_and_keeps_its_optional_fields_commented() {
        let now = DateTime::from_unix_seconds(1_605_257_460, 420);
        for kind in [
            NewKind::Page,
            NewKind::Event,
            NewKind::TaskGroup,
            NewKind::Album,
            NewKind::Document,
            NewKind::Notice,
        ] {
            let text = template(kind, "Hội chợ \"OCOP\"", &now, None);
            let split = crate::content::front_matter::split(&text, "a.md").unwrap();
            let fm = crate::content::front_matter::parse(&text, &split, "a.md")
                .unwrap_or_else(|e| panic!("{kind:?}: {e:?}\n{text}"));
            assert_eq!(fm.title, "Hội chợ \"OCOP\"");
            assert_eq!(
                fm.date.map(|d| d.rfc3339()).as_deref(),
                Some("2020-11-13T15:51:00+07:00")
            );
            assert!(
                fm.summary.is_none() && !fm.draft,
                "{kind:?}: optional fields stay commented"
            );
            assert!(text.contains("# slug: hoi-cho-ocop\n"), "{text}");
        }
    }

    #[test]
    fn a_new_document_has_every_document_field() {
        let now = DateTime::from_unix_seconds(1_605_257_460, 420);
        let text = template(NewKind::Document, "Quyết định", &now, None);
        for key in [
            "number:",
            "doc_type:",
            "issued:",
            "effective:",
            "status:",
            "replaced_by:",
            "issuer:",
            "signer:",
            "name:",
            "position:",
            "abstract:",
            "fields:",
            "files:",
            "file:",
            "title:",
            "lang:",
        ] {
            assert!(text.contains(key), "{key} missing:\n{text}");
        }
        let split = crate::content::front_matter::split(&text, "a.md").unwrap();
        let fm = crate::content::front_matter::parse(&text, &split, "a.md").unwrap();
        let crate::content::front_matter::Kind::Document(d) = fm.kind else {
            panic!("not a document")
        };
        assert_eq!(d.number, None, "the scaffold never makes up a number");
        assert_eq!(d.issued.map(|x| x.iso()).as_deref(), Some("2020-11-13"));
    }

    #[test]
    fn a_new_notice_with_its_optional_fields_uncommented_is_a_whole_notice() {
        let now = DateTime::from_unix_seconds(1_605_257_460, 420);
        let text = template(NewKind::Notice, "Thông báo", &now, None)
            .replace("# deadline:", "deadline:")
            .replace("# feedback:", "feedback:")
            .replace("#   email", "  email")
            .replace("#   phone", "  phone")
            .replace("#   address", "  address")
            .replace("# result:", "result:")
            .replace("# files:", "files:")
            .replace("#   - file:", "  - file:")
            .replace("#     title:", "    title:");
        let split = crate::content::front_matter::split(&text, "a.md").unwrap();
        let fm = crate::content::front_matter::parse(&text, &split, "a.md")
            .unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        let crate::content::front_matter::Kind::Notice(n) = fm.kind else {
            panic!("not a notice: {text}")
        };
        assert_eq!(n.category.path, "other");
        assert_eq!(
            n.deadline.map(|d| d.at.date.iso()).as_deref(),
            Some("2020-11-13")
        );
        let f = n.feedback.expect("feedback");
        assert!(f.email.is_some() && f.phone.is_some() && f.address.is_some());
        assert_eq!(
            n.result.map(|r| r.path).as_deref(),
            Some("ket-qua-lay-y-kien.md")
        );
        assert_eq!(
            n.files.iter().map(|a| a.file.as_str()).collect::<Vec<_>>(),
            ["du-thao.pdf"]
        );
    }

    #[test]
    fn untitled_pages_are_named_after_their_file() {
        assert_eq!(title_from_path("su-kien/hoi-cho-ocop.md"), "Hoi cho ocop");
        assert_eq!(title_from_path("album-anh/dem-nhac/_index.md"), "Dem nhac");
        assert_eq!(title_from_path("a.en.md"), "A");
    }
}
