//! Proves the search index stays small: on a synthetic 10,000-page site a first query
//! downloads at most 300 KB, and the whole index is at most 25 % of the site's HTML
//! (taken as 10 KB a page). Indexing 20,000 synthetic pages unoptimised takes many
//! minutes, so the test runs in release builds only:
//!
//! ```text
//! cargo test --release --test search_size -- --nocapture
//! ```
//!
//! `--nocapture` prints the figures for BENCHMARKS.md.

use congkhai::search::rank::first_query_files;
use congkhai::search::{build_index, IndexFile, LoadedIndex, SearchDoc};
use unicode_normalization::UnicodeNormalization;

const PAGES: usize = 10_000;
const WORDS_PER_PAGE: usize = 500;
const HTML_BYTES_PER_PAGE: usize = 10 * 1024;
const FIRST_QUERY_LIMIT: usize = 300 * 1024;
/// Distinct words in each language's synthetic vocabulary.
const LEXICON_WORDS: usize = 20_000;

/// The most frequent words of the Tây Hồ 2020-Q4 plan, most frequent first: the head of
/// the distribution is real administrative Vietnamese.
const VI_COMMON: &str = "các công năm thực và thành hiện chính tác giải hội lý phát tốt đẩy \
xây dựng quản nhiệm triển dịch của sách tổ kinh vụ chỉ quận trường ngân hoàn phố án động \
mạnh sinh chức đất tế pháp ngày để xã chống an thu tăng tiêu hoạch cơ lực tập tây tiến đầu \
tư cường đấu đối tiếp dự thể phòng đại kỷ trị trong trên dụng hiệu hồ điều hoạt chi đề phấn \
đảm bảo theo không bộ quy điểm tra văn nước niệm định hóa quả nhanh thường xuyên hành soát \
nguồn xử tại độ đô với khai có giai đoạn cấp địa quyền toàn làm đảng dân quyết trọng tâm \
tháng cuối diễn tố đạo trung thị sau bệnh sở môi sự gian đường thời tự vốn cho lượng hòa \
năng chủ kế tuyến quân trình bàn phương lần phường lập kiểm người học phẩm thi hình nâng \
cao quốc kỳ lễ phạm luật tục thanh thống yêu chào mừng chuyên đăng nhiều xác thách thức ra \
chuyển thúc vừa cần tạo kiện lợi hỗ trợ hồi phục ưu tiên tiết kiệm cải doanh nghiệp hộ sử \
rà chặt chẽ vững nợ đọng cân biểu nghệ do đai trật vệ bố trí hợp phí kết lạc long khu kiến \
phép thẩm dứt về nhà tôn giáo tượng duy trì dục thao số đình thụy khuê gắn mô bếp ăn đặc \
biệt xuất tín đáp ứng cầu hưởng bắt giữ thứ tới lớn thủ tội đội ngũ đơn khiếu nại cáo hệ \
quan đua tìm kiếm ảnh mục bối cảnh vẫn đang biến phức tạp thế giới còn tiềm ẩn yếu bất khó \
lường rõ những đưa tận phủ thuận xúc thương mại chóng kèm đó như thiện bền thất thuế cắt \
giảm khoản chưa thiết tái khởi thuật ẩm tạm dừng chợ đi trịnh sơn bản chỉnh phù khối khả \
tỷ lệ linh chậm sang ngõ khung trúc chất đen giá thuê nông ký kê di tích trái chăm lo bình \
xét nhận danh câu gia luyện chu biển nguyễn ngộ độc mắc nhật tân giám sát là sốt huyết ổ \
được kịp phiên giao việc chương nhu thụ cận nghèo quá hạn nắm tình ninh tuần ngăn chặn";

const EN_COMMON: &str = "the of and to in for on with by district plan public people \
committee task tasks group quarter year target targets investment capital market fair \
fairs economic development management budget revenue spending construction project \
projects land order urban environment culture sport health education social security \
defence inspection complaint citizen ward office report result results increase reduce \
complete ensure continue organise implement strengthen promote support business \
households tourism festival street walking lake west street food disease prevention \
covid control review plan schedule progress disbursement tax debt collection law day \
national event events month week meeting conference training youth women veterans";

const ONSETS: [&str; 27] = [
    "", "b", "c", "ch", "d", "đ", "g", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh", "p", "ph",
    "qu", "r", "s", "t", "th", "tr", "v", "x", "ngh",
];
const RHYMES: [&str; 40] = [
    "a", "ai", "am", "an", "ang", "anh", "ao", "au", "ay", "ăn", "ăng", "âm", "ân", "âu", "ây",
    "e", "em", "en", "eo", "ê", "ênh", "êu", "i", "im", "in", "inh", "o", "oa", "oan", "oi", "on",
    "ong", "ô", "ôi", "ông", "ơ", "ơn", "u", "ung", "ương",
];
const TONES: [&str; 6] = ["", "\u{300}", "\u{301}", "\u{309}", "\u{303}", "\u{323}"];

/// A small deterministic generator (xorshift64*): the corpus must be the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Zipf-like rank in `0..n`: rank r is drawn with weight about 1/(r+1).
    fn zipf(&mut self, n: usize) -> usize {
        self.zipf_from(n, 1.0)
    }
    /// Rank r drawn with weight about 1/(r+s): a larger `s` flattens the head. With
    /// s = 10 over the plan's words the top word is about 2 % of all words, as `các`
    /// and `công` are in the plan itself.
    fn zipf_from(&mut self, n: usize, s: f64) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let r = (s * ((n as f64 + s) / s).powf(u) - s) as usize;
        r.min(n - 1)
    }
}

/// A syllable from the long tail: onset, rhyme and tone, tone on the rhyme's first vowel.
fn tail_syllable(rng: &mut Rng) -> String {
    let onset = ONSETS[rng.zipf(ONSETS.len())];
    let rhyme = RHYMES[rng.zipf(RHYMES.len())];
    let tone = TONES[rng.below(TONES.len())];
    let mut chars = rhyme.chars();
    let first: String = chars.next().map(String::from).unwrap_or_default();
    let rest: String = chars.collect();
    format!("{onset}{first}{tone}{rest}").nfc().collect()
}

fn tail_english(rng: &mut Rng) -> String {
    const SYL: [&str; 16] = [
        "con", "ment", "pro", "ta", "ri", "ble", "tion", "ver", "al", "ex", "in", "der", "ca",
        "lo", "ni", "sta",
    ];
    let n = 2 + rng.below(3);
    (0..n).map(|_| SYL[rng.zipf(SYL.len())]).collect()
}

/// The words a corpus is written with: Vietnamese words are one to three syllables
/// (`đầu tư`, `kế hoạch`, `phát triển`), so syllable pairs repeat inside words as they do
/// in real text; English words are single tokens.
struct Lexicon {
    words: Vec<String>,
}

impl Lexicon {
    fn new(rng: &mut Rng, vi: bool, size: usize) -> Lexicon {
        let common: Vec<&str> = if vi {
            VI_COMMON.split_whitespace().collect()
        } else {
            EN_COMMON.split_whitespace().collect()
        };
        let mut words: Vec<String> = common.iter().map(|w| w.to_string()).collect();
        while words.len() < size {
            let syllables = if vi {
                match rng.below(20) {
                    0..=6 => 1,
                    7..=17 => 2,
                    _ => 3,
                }
            } else {
                1
            };
            let word: Vec<String> = (0..syllables)
                .map(|_| {
                    if rng.below(10) < 7 {
                        common[rng.zipf_from(common.len(), 10.0)].to_string()
                    } else if vi {
                        tail_syllable(rng)
                    } else {
                        tail_english(rng)
                    }
                })
                .collect();
            words.push(word.join(" "));
        }
        Lexicon { words }
    }
}

fn text(rng: &mut Rng, lex: &Lexicon, words: usize, vi: bool) -> String {
    let mut out: Vec<String> = Vec::with_capacity(words + 4);
    while out.len() < words {
        let roll = rng.below(100);
        if roll == 0 && rng.below(3) == 0 {
            let phrase = if vi {
                "đầu tư công"
            } else {
                "public investment"
            };
            out.extend(phrase.split(' ').map(String::from));
        } else if roll < 4 {
            // Dates, amounts and percentages are most of a plan's rare terms.
            out.push(match rng.below(3) {
                0 => format!("{}/{}", 1 + rng.below(28), 1 + rng.below(12)),
                1 => format!("{},{}", rng.below(100), rng.below(10)),
                _ => format!("{}", rng.below(100_000)),
            });
        } else {
            // English word frequencies follow Zipf–Mandelbrot with s ≈ 2.7 (the top word
            // about 4 % of text); Vietnamese syllables are flatter.
            let s = if vi { 10.0 } else { 2.7 };
            let w = &lex.words[rng.zipf_from(lex.words.len(), s)];
            out.extend(w.split(' ').map(String::from));
        }
        if rng.below(12) == 0 {
            if let Some(last) = out.last_mut() {
                last.push(if rng.below(3) == 0 { '.' } else { ',' });
            }
        }
    }
    out.join(" ")
}

fn corpus(pages: usize, vi_share: usize, seed: u64) -> Vec<SearchDoc> {
    let mut rng = Rng(seed);
    let lex_vi = Lexicon::new(&mut rng, true, LEXICON_WORDS);
    let lex_en = Lexicon::new(&mut rng, false, LEXICON_WORDS);
    (0..pages)
        .map(|i| {
            let vi = i % 100 < vi_share;
            let lex = if vi { &lex_vi } else { &lex_en };
            let (section, prefix) = if vi {
                ("Kinh tế - chính trị", "")
            } else {
                ("Economy and politics", "en/")
            };
            let title_words = 6 + rng.below(8);
            SearchDoc {
                url: format!("{prefix}tin-tuc/bai-{i}/"),
                title: text(&mut rng, lex, title_words, vi),
                section: section.to_string(),
                headings: (0..rng.below(5))
                    .map(|_| text(&mut rng, lex, 4, vi))
                    .collect(),
                summary: text(&mut rng, lex, 25, vi),
                body: text(&mut rng, lex, WORDS_PER_PAGE, vi),
                tags: (0..rng.below(4))
                    .map(|_| text(&mut rng, lex, 2, vi))
                    .collect(),
                places: (0..rng.below(2))
                    .map(|_| text(&mut rng, lex, 3, vi))
                    .collect(),
            }
        })
        .collect()
}

fn load(files: &[IndexFile]) -> LoadedIndex {
    match LoadedIndex::from_files(files) {
        Ok(i) => i,
        Err(e) => panic!("{e}"),
    }
}

fn first_query_bytes(idx: &LoadedIndex, q: &str) -> (usize, usize) {
    let files = first_query_files(idx, q);
    let bytes = files.iter().filter_map(|f| idx.file_size(f)).sum();
    (bytes, files.len())
}

fn kb(b: usize) -> String {
    format!("{:.1} KB", b as f64 / 1024.0)
}

/// Measures one index; returns its total size.
fn measure(label: &str, docs: &[SearchDoc], lang: &str, queries: &[&str]) -> usize {
    let sample = &docs[..docs.len().min(500)];
    let mut freq: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut tokens = 0;
    for d in sample {
        for w in congkhai::search::tokenize::words(&d.body) {
            *freq.entry(congkhai::text::fold(w.text)).or_default() += 1;
            tokens += 1;
        }
    }
    let mut top: Vec<(usize, String)> = freq.into_iter().map(|(w, n)| (n, w)).collect();
    top.sort_by(|a, b| b.cmp(a));
    println!(
        "{label}: most frequent folded words in bodies: {}",
        top.iter()
            .take(5)
            .map(|(n, w)| format!("{w} {:.1} %", 100.0 * *n as f64 / tokens as f64))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let started = std::time::Instant::now();
    let files = build_index(lang, docs);
    let elapsed = started.elapsed();
    let idx = load(&files);
    // For timing search.js on the same files: CONGKHAI_SEARCH_DUMP=DIR writes them there.
    if let Some(dir) = std::env::var_os("CONGKHAI_SEARCH_DUMP") {
        let dir = std::path::Path::new(&dir).join(label.replace([' ', ','], "-"));
        for f in &files {
            let path = dir.join(&f.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
            }
            std::fs::write(&path, &f.bytes).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let total = idx.total_size();
    let html = docs.len() * HTML_BYTES_PER_PAGE;
    let count = |kind: &str| {
        files
            .iter()
            .filter(|f| f.path.contains(&format!("/{kind}/")))
            .map(|f| f.bytes.len())
            .sum::<usize>()
    };
    println!(
        "{label}: {} pages, {} files, total {} = {:.1} % of {} HTML \
         (term shards {}, dictionary {}, excerpts {}, manifest {}); built in {:.1?}",
        docs.len(),
        files.len(),
        kb(total),
        100.0 * total as f64 / html as f64,
        kb(html),
        kb(count("t")),
        kb(count("d")),
        kb(count("x")),
        kb(idx.file_size("manifest").unwrap_or(0)),
        elapsed,
    );
    println!(
        "  {} words, {} pairs; variants files {}",
        idx.word_count(),
        idx.pair_count(),
        kb(count("v"))
    );
    let mut worst = (0, "");
    for q in queries {
        let (bytes, n) = first_query_bytes(&idx, q);
        let hits = congkhai::search::search(&idx, q).len();
        println!(
            "  first query {q:?}: {} in {n} files, {hits} results",
            kb(bytes)
        );
        worst = worst.max((bytes, q));
    }
    // Typing a query letter by letter (each keystroke searching, as with no debounce):
    // everything downloaded along the way, counting each file once.
    if lang == "vi" {
        let typed = "dau tu cong";
        let mut seen = std::collections::BTreeSet::new();
        for end in 1..=typed.len() {
            seen.extend(first_query_files(&idx, &typed[..end]));
        }
        let bytes: usize = seen.iter().filter_map(|f| idx.file_size(f)).sum();
        println!(
            "  typing {typed:?} one letter at a time: {} in {} files",
            kb(bytes),
            seen.len()
        );
    }
    assert!(
        worst.0 <= FIRST_QUERY_LIMIT,
        "{label}: first query {:?} loads {} (limit {})",
        worst.1,
        kb(worst.0),
        kb(FIRST_QUERY_LIMIT)
    );
    total
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "slow unoptimised: cargo test --release --test search_size -- --nocapture"
)]
fn first_query_and_total_index_fit_the_budget_on_10000_pages() {
    let vi_queries = [
        "dau tu cong",
        "đầu tư công",
        "ke hoach",
        "phat trien kinh te",
        "hoa",
        "quan tay ho",
        "giai ngan von dau tu cong nam 2020",
        "thuy khue",
    ];
    let en_queries = ["public investment", "district plan", "market fair", "covid"];

    // A bilingual site: 5,000 pages in each language, one index each.
    let started = std::time::Instant::now();
    let docs = corpus(PAGES, 50, 0x00C0_46C4_A1A1);
    println!("corpus generated in {:.1?}", started.elapsed());
    let (vi, en): (Vec<SearchDoc>, Vec<SearchDoc>) =
        docs.into_iter().partition(|d| !d.url.starts_with("en/"));
    let total = measure("bilingual, vi", &vi, "vi", &vi_queries)
        + measure("bilingual, en", &en, "en", &en_queries);
    let html = PAGES * HTML_BYTES_PER_PAGE;
    println!(
        "bilingual site: both indexes {} = {:.1} % of {}",
        kb(total),
        100.0 * total as f64 / html as f64,
        kb(html)
    );
    assert!(total * 4 <= html, "index is more than 25 % of the HTML");

    // The harder case: all 10,000 pages in one language, so one index holds them all.
    let vi_only = corpus(PAGES, 100, 0x7A7_0000_2020);
    let total = measure("10,000 vi pages", &vi_only, "vi", &vi_queries);
    assert!(total * 4 <= html, "index is more than 25 % of the HTML");
}
