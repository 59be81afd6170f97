//! A synthetic corpus for measuring the search index: deterministic pages of realistic
//! administrative Vietnamese (the head of the word distribution is the Tây Hồ plan's own)
//! and English. Shared by `tests/search_size.rs` (sizes, first-query downloads) and
//! `examples/search_bench.rs` (build time).

use congkhai::search::SearchDoc;
use unicode_normalization::UnicodeNormalization;

pub const WORDS_PER_PAGE: usize = 500;

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

// The including crate provides `rng` beside it: tests/common, or the examples.
use super::rng::Rng;

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

pub fn corpus(pages: usize, vi_share: usize, seed: u64) -> Vec<SearchDoc> {
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
