//! Documents (văn bản) end to end, on a site this test writes (test data, made up):
//! 40 documents of 6 types, 3 issuers and 3 years, one replaced, one expired, files
//! with Vietnamese names, and a PDF with a text layer made here. The real binary
//! builds it; the tests read what it published: the register's order and pages, the
//! per-year/type/issuer/field pages, the marks, the attached files' names, sizes and
//! SHA-256, the JSON-LD, the open data, and search by number however typed.

mod common;

use common::*;
use congkhai::search::search;
use std::path::Path;

const TYPES: [(&str, &str); 6] = [
    ("Quyết định", "QĐ"),
    ("Kế hoạch", "KH"),
    ("Thông báo", "TB"),
    ("Công văn", "CV"),
    ("Báo cáo", "BC"),
    ("Chỉ thị", "CT"),
];
const ISSUERS: [&str; 3] = [
    "UBND phường Mẫu",
    "Phòng Kinh tế",
    "Phòng Tài nguyên và Môi trường",
];
const FIELDS: [&str; 3] = ["Kinh tế", "Đất đai", "Văn hóa - xã hội"];
const YEARS: [i32; 3] = [2019, 2020, 2021];

/// One generated document.
struct Doc {
    slug: String,
    number: String,
    doc_type: &'static str,
    issuer: &'static str,
    year: i32,
    issued: String,
    fields: Vec<&'static str>,
}

fn docs() -> Vec<Doc> {
    (0..40)
        .map(|i| {
            let (doc_type, abbr) = TYPES[i % 6];
            let year = YEARS[i % 3];
            let n = i + 1;
            Doc {
                slug: format!("vb-{n:02}"),
                number: format!("{n}/{abbr}-UBND"),
                doc_type,
                issuer: ISSUERS[(i / 3) % 3],
                year,
                // Distinct days, so the order is decided by the date alone.
                issued: format!("{year}-{:02}-{:02}", 1 + i % 12, 1 + i / 2),
                fields: vec![FIELDS[i % 3]],
            }
        })
        .collect()
}

/// A one-page PDF whose text layer says `text` (ASCII), with a correct xref table.
fn pdf_with_text(text: &str) -> Vec<u8> {
    let stream = format!("BT /F1 18 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// The attached files of document 15 (`15/TB-UBND`): a PDF with a text layer and a
/// spreadsheet, both named in Vietnamese with capitals.
const PDF_NAME: &str = "Quyết định 15-TB-UBND.PDF";
const XLSX_NAME: &str = "Phụ lục kèm theo.xlsx";
/// The PDF's text layer: "khuyen nong" (agricultural extension) is written nowhere
/// else in the site, so only the PDF's text can find document 15 by it.
const PDF_TEXT: &str = "Quyet dinh thu nghiem so 15 ve chuong trinh khuyen nong";

fn write_site(root: &Path) {
    copy_dir(&repo().join("themes"), &root.join("themes"));
    std::fs::write(
        root.join("config.yaml"),
        "title: \"Trang thử nghiệm văn bản\"\nbase_url: \"https://vanban.example/\"\nissuer: \"UBND phường Mẫu\"\nlanguages:\n  - code: vi\n    name: \"Tiếng Việt\"\n  - code: en\n    name: \"English\"\n    title: \"Documents test site\"\n",
    )
    .unwrap();
    let content = root.join("content");
    let dir = content.join("van-ban");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        content.join("_index.md"),
        "---\ntitle: \"Trang chủ\"\n---\nDữ liệu thử nghiệm.\n",
    )
    .unwrap();
    std::fs::write(
        content.join("_index.en.md"),
        "---\ntitle: \"Home\"\n---\nTest data.\n",
    )
    .unwrap();
    for (i, d) in docs().iter().enumerate() {
        let mut fm = format!(
            "---\ntitle: \"Văn bản thử nghiệm số {n}\"\nkind: document\ndate: {issued}T09:00:00+07:00\nnumber: \"{number}\"\ndoc_type: {t}\nissued: {issued}\nissuer: \"{issuer}\"\nsigner:\n  name: \"Người Ký {n}\"\n  position: \"Chủ tịch\"\nabstract: \"Về việc thử nghiệm {n} của {issuer}\"\nfields: [\"{field}\"]\n",
            n = i + 1,
            issued = d.issued,
            number = d.number,
            t = d.doc_type,
            issuer = d.issuer,
            field = d.fields[0],
        );
        match i + 1 {
            // 7 is replaced by 37 (later, same type), 8 has expired.
            7 => fm.push_str("status: replaced\nreplaced_by: vb-37.md\n"),
            8 => fm.push_str("status: expired\n"),
            15 => fm.push_str(&format!(
                "effective: {}\nfiles:\n  - file: \"{PDF_NAME}\"\n    title: \"Toàn văn (bản ký)\"\n  - file: \"{XLSX_NAME}\"\n    title: \"Phụ lục\"\n    lang: vi\n",
                d.issued
            )),
            _ => {}
        }
        fm.push_str("---\nNội dung thử nghiệm.\n");
        std::fs::write(dir.join(format!("{}.md", d.slug)), fm).unwrap();
    }
    // One English version, so the English register exists too.
    std::fs::write(
        dir.join("vb-13.en.md"),
        "---\ntitle: \"Test document 13\"\nkind: document\nnumber: \"13/QĐ-UBND\"\ndoc_type: Quyết định\nissued: 2019-01-07\nabstract: \"Test data\"\n---\nTest.\n",
    )
    .unwrap();
    std::fs::write(dir.join(PDF_NAME), pdf_with_text(PDF_TEXT)).unwrap();
    std::fs::write(dir.join(XLSX_NAME), vec![7u8; 3000]).unwrap();
}

/// The documents site in a fresh folder, not built.
fn documents_site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    write_site(site.path());
    site
}

/// The numbers of a register page's rows, in order.
fn row_numbers(html: &str) -> Vec<String> {
    html.split("<tr class=\"doc-row")
        .skip(1)
        .map(|row| {
            // The first link of a row is its number's.
            let a = row.split("<a href=\"").nth(1).unwrap_or("");
            let text = a.split_once("\">").map_or("", |(_, t)| t);
            text.split("</a>").next().unwrap_or("").to_string()
        })
        .collect()
}

fn expected_order() -> Vec<String> {
    let mut all = docs();
    all.sort_by(|a, b| b.issued.cmp(&a.issued));
    all.into_iter().map(|d| d.number).collect()
}

#[test]
fn the_register_lists_every_document_newest_first_over_numbered_pages() {
    let (_site, out) = built(documents_site());
    let first = read(&out.join("van-ban/index.html"));
    let second = read(&out.join("van-ban/trang/2/index.html"));
    let mut listed = row_numbers(&first);
    assert_eq!(listed.len(), 20, "20 rows a page");
    listed.extend(row_numbers(&second));
    assert_eq!(listed, expected_order());
    assert!(!out.join("van-ban/trang/3").exists());
    // Page 1 leads to page 2 without scripts.
    assert!(
        first.contains("href=\"../van-ban/trang/2/index.html\""),
        "{first}"
    );
    // Each row: number, type, date of issue, abstract, status.
    assert!(first.contains(">Quyết định</td>") || first.contains(">Chỉ thị</td>"));
    assert!(first.contains("Về việc thử nghiệm"));
    // The English register exists too, with English type names.
    let en = read(&out.join("en/van-ban/index.html"));
    assert!(en.contains(">Decision</td>"), "{en}");
}

#[test]
fn per_year_type_issuer_and_field_pages_list_exactly_theirs_and_link_each_other() {
    let (_site, out) = built(documents_site());
    let all = docs();
    for year in YEARS {
        let html = read(&out.join(format!("van-ban/nam/{year}/index.html")));
        let mut want: Vec<&Doc> = all.iter().filter(|d| d.year == year).collect();
        want.sort_by(|a, b| b.issued.cmp(&a.issued));
        let want: Vec<String> = want.iter().map(|d| d.number.clone()).collect();
        assert_eq!(row_numbers(&html), want, "year {year}");
        // Cross-linked: every other facet's pages are a link away.
        for other in [
            "../../../van-ban/loai/quyet-dinh/index.html",
            "../../../van-ban/co-quan/phong-kinh-te/index.html",
            "../../../van-ban/linh-vuc/dat-dai/index.html",
            "../../../van-ban/index.html",
        ] {
            assert!(
                html.contains(&format!("href=\"{other}\"")),
                "{year}: {other}"
            );
        }
        assert!(html.contains(&format!(
            "href=\"../../../van-ban/nam/{year}/index.html\" aria-current=\"page\""
        )));
    }
    for (t, _) in TYPES {
        let slug = congkhai::text::slugify(t);
        let html = read(&out.join(format!("van-ban/loai/{slug}/index.html")));
        let n = all.iter().filter(|d| d.doc_type == t).count();
        assert_eq!(row_numbers(&html).len(), n, "type {t}");
    }
    for issuer in ISSUERS {
        let slug = congkhai::text::slugify(issuer);
        let html = read(&out.join(format!("van-ban/co-quan/{slug}/index.html")));
        let n = all.iter().filter(|d| d.issuer == issuer).count();
        assert_eq!(row_numbers(&html).len(), n, "issuer {issuer}");
    }
    for field in FIELDS {
        let slug = congkhai::text::slugify(field);
        let html = read(&out.join(format!("van-ban/linh-vuc/{slug}/index.html")));
        let n = all.iter().filter(|d| d.fields.contains(&field)).count();
        assert_eq!(row_numbers(&html).len(), n, "field {field}");
    }
}

#[test]
fn replaced_and_expired_documents_stay_listed_and_marked() {
    let (_site, out) = built(documents_site());
    let year_of_7 = docs()[6].year;
    let html = read(&out.join(format!("van-ban/nam/{year_of_7}/index.html")));
    let row7 = html
        .split("<tr class=\"doc-row")
        .find(|r| r.contains(">7/"))
        .expect("document 7 is listed");
    assert!(row7.starts_with(" doc-row-replaced"), "{row7}");
    assert!(
        row7.contains("Đã bị thay thế") && row7.contains("vb-37/index.html"),
        "{row7}"
    );
    let row8 = read(&out.join(format!("van-ban/nam/{}/index.html", docs()[7].year)));
    let row8 = row8
        .split("<tr class=\"doc-row")
        .find(|r| r.contains(">8/"))
        .unwrap();
    assert!(
        row8.starts_with(" doc-row-expired") && row8.contains("Hết hiệu lực"),
        "{row8}"
    );
    // The newer one says what it replaces; the old one links the newer.
    let newer = read(&out.join("van-ban/vb-37/index.html"));
    assert!(
        newer.contains(
            "<dt>Thay thế</dt><dd><a href=\"../../van-ban/vb-07/index.html\">7/QĐ-UBND</a>"
        ),
        "{newer}"
    );
    let old = read(&out.join("van-ban/vb-07/index.html"));
    assert!(
        old.contains("bởi <a href=\"../../van-ban/vb-37/index.html\">37/QĐ-UBND</a>"),
        "{old}"
    );
}

#[test]
fn attached_files_keep_a_readable_name_and_show_their_true_size_and_sha256() {
    let (site, out) = built(documents_site());
    let page = read(&out.join("van-ban/vb-15/index.html"));
    for (name, published) in [
        (PDF_NAME, "Quyet-dinh-15-TB-UBND.PDF"),
        (XLSX_NAME, "Phu-luc-kem-theo.xlsx"),
    ] {
        let source = std::fs::read(site.path().join("content/van-ban").join(name)).unwrap();
        let copy = std::fs::read(out.join("van-ban").join(published))
            .unwrap_or_else(|e| panic!("{published}: {e}"));
        assert_eq!(
            copy, source,
            "{published} is the editor's file, byte for byte"
        );
        assert!(
            page.contains(&format!(
                "href=\"../../van-ban/{published}\" download=\"{name}\""
            )),
            "{page}"
        );
        assert!(
            page.contains(&sha256_hex(&source)),
            "SHA-256 of {name} on the page"
        );
    }
    // "PDF, 245 KB"-like: the format and the size as the file has it (this PDF is
    // under a kilobyte, so it is counted in bytes).
    let pdf_bytes = std::fs::metadata(out.join("van-ban/Quyet-dinh-15-TB-UBND.PDF"))
        .unwrap()
        .len();
    assert!(pdf_bytes < 1024);
    assert!(page.contains(&format!("(PDF, {pdf_bytes} B)")), "{page}");
    assert!(page.contains("(XLSX, 3 KB)"), "{page}");
    // The case of the published file is the editor's: no lower-cased copy.
    assert!(!out.join("van-ban/quyet-dinh-15-tb-ubnd.pdf").exists());
}

/// The JSON-LD of a page, parsed.
fn jsonld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn a_document_page_carries_legislation_json_ld() {
    let (site, out) = built(documents_site());
    let v = jsonld(&read(&out.join("van-ban/vb-15/index.html")));
    assert_eq!(v["@type"], "Legislation");
    assert_eq!(v["legislationIdentifier"], "15/TB-UBND");
    assert_eq!(v["legislationDate"], docs()[14].issued);
    assert_eq!(v["legislationType"], "Thông báo");
    assert_eq!(v["legislationPassedBy"]["name"], docs()[14].issuer);
    assert_eq!(v["legislationLegalForce"], "https://schema.org/InForce");
    let pdf = std::fs::read(site.path().join("content/van-ban").join(PDF_NAME)).unwrap();
    assert_eq!(v["encoding"][0]["@type"], "DigitalDocument");
    assert_eq!(v["encoding"][0]["encodingFormat"], "application/pdf");
    assert_eq!(v["encoding"][0]["sha256"], sha256_hex(&pdf));
    assert_eq!(
        v["encoding"][0]["contentUrl"],
        "https://vanban.example/van-ban/Quyet-dinh-15-TB-UBND.PDF"
    );
    let old = jsonld(&read(&out.join("van-ban/vb-07/index.html")));
    assert_eq!(
        old["legislationLegalForce"],
        "https://schema.org/NotInForce"
    );
}

#[test]
fn open_data_lists_every_document_with_its_files_checksums() {
    let (site, out) = built(documents_site());
    let v: serde_json::Value =
        serde_json::from_str(&read(&out.join("data/documents.json"))).unwrap();
    let list = v["documents"].as_array().unwrap();
    assert_eq!(list.len(), 40);
    let numbers: Vec<&str> = list.iter().map(|d| d["number"].as_str().unwrap()).collect();
    assert_eq!(numbers, expected_order());
    let d15 = list.iter().find(|d| d["number"] == "15/TB-UBND").unwrap();
    let pdf = std::fs::read(site.path().join("content/van-ban").join(PDF_NAME)).unwrap();
    assert_eq!(d15["files"][0]["sha256"], sha256_hex(&pdf));
    assert_eq!(d15["files"][0]["bytes"], pdf.len());
    assert_eq!(d15["files"][0]["name"], PDF_NAME);
    let csv = read(&out.join("data/documents.csv"));
    assert_eq!(csv.lines().count(), 41);
    let catalogue = read(&out.join("data/data.json"));
    assert!(
        catalogue.contains("https://vanban.example/data/documents.json"),
        "{catalogue}"
    );
    let sitemap = read(&out.join("sitemap.xml"));
    for url in [
        "van-ban/",
        "van-ban/trang/2/",
        "van-ban/nam/2020/",
        "van-ban/vb-15/",
    ] {
        assert!(
            sitemap.contains(&format!("https://vanban.example/{url}<")),
            "{url} in the sitemap"
        );
    }
}

#[test]
fn a_word_only_in_an_attached_pdf_finds_its_document() {
    let (site, out) = built(documents_site());
    // The words are in the PDF alone, not in any page of the site.
    for (rel, bytes) in tree(&site.path().join("content")) {
        if rel.ends_with(".md") {
            let text = congkhai::text::fold(&String::from_utf8_lossy(&bytes));
            assert!(!text.contains("khuyen nong"), "{rel}");
        }
    }
    let vi = index(&out, "vi");
    for query in ["khuyến nông", "khuyen nong"] {
        let hits = search(&vi, query);
        assert_eq!(
            hits.iter().map(|h| h.url.as_str()).collect::<Vec<_>>(),
            vec!["van-ban/vb-15/"],
            "{query}"
        );
    }
}

#[test]
fn search_finds_a_document_by_its_number_however_it_is_typed() {
    let (_site, out) = built(documents_site());
    let vi = index(&out, "vi");
    for query in ["15/TB-UBND", "15-TB-UBND", "15 tb ubnd", "15/tb-ubnd"] {
        let hits = search(&vi, query);
        assert_eq!(
            hits.first().map(|h| h.url.as_str()),
            Some("van-ban/vb-15/"),
            "{query}: {:?}",
            hits.iter().map(|h| &h.url).collect::<Vec<_>>()
        );
    }
    // A number with Đ, as editors write it and as citizens type it.
    for query in ["13/QĐ-UBND", "13/QD-UBND", "13 qd ubnd", "13/qđ-ubnd"] {
        let hits = search(&vi, query);
        assert_eq!(
            hits.first().map(|h| h.url.as_str()),
            Some("van-ban/vb-13/"),
            "{query}: {:?}",
            hits.iter().take(5).map(|h| &h.url).collect::<Vec<_>>()
        );
    }
    // Signers and abstracts are indexed.
    let hits = search(&vi, "Người Ký 23");
    assert_eq!(hits.first().map(|h| h.url.as_str()), Some("van-ban/vb-23/"));
}
