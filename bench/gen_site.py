#!/usr/bin/env python3
"""Generate a synthetic government-plan site of N pages, twice: for congkhai and for Hugo.

    python3 bench/gen_site.py N [OUT_DIR] [--seed S] [--theme-from DIR] [--hugo-links relref|url]

N counts content pages (Markdown files that are not `_index`): about half are Vietnamese
`x.md`, the other half their English translations `x.en.md`. Writes

    OUT_DIR/congkhai/   config.yaml, content/ (our format), themes/ (copied from --theme-from)
    OUT_DIR/hugo/       hugo.toml, content/ (same pages, Hugo front matter), layouts/
    OUT_DIR/.gen-stamp  what was generated (N, seed, generator hash), so bench/run.sh can reuse it

Both sites carry the same text. Pages are 400-800 words of plan-like prose built from a
parallel Vietnamese/English vocabulary, with `##`/`###` headings, bullet lists, one small
table, two or three relative links to other generated pages (only to pages that exist, in the
same language), `tags` and `categories`; about 15 % are `kind: event` with `start`/`end` and
`location`. Python 3.11 standard library only; the same N and seed give the same files.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PAGES_PER_SECTION = 100  # Vietnamese pages per leaf section (plus their translations)

# --------------------------------------------------------------------------------------------
# Vocabulary: (Vietnamese, English) pairs, so that each English page translates its Vietnamese
# original sentence for sentence.
# --------------------------------------------------------------------------------------------

TOPICS = [
    # slug, vi name, en name, vi category, en category
    ("kinh-te", "Kinh tế", "Economy", "Kinh tế", "Economy"),
    ("do-thi", "Quản lý đô thị", "Urban management", "Đô thị", "Urban affairs"),
    ("van-hoa-xa-hoi", "Văn hóa - xã hội", "Culture and society", "Văn hóa - xã hội", "Culture and society"),
    ("moi-truong", "Tài nguyên và môi trường", "Natural resources and environment", "Môi trường", "Environment"),
    ("cai-cach-hanh-chinh", "Cải cách hành chính", "Administrative reform", "Hành chính", "Administration"),
    ("an-ninh-trat-tu", "An ninh trật tự", "Security and public order", "An ninh", "Security"),
    ("giao-duc-y-te", "Giáo dục và y tế", "Education and health", "Giáo dục - y tế", "Education and health"),
    ("dau-tu-xay-dung", "Đầu tư xây dựng", "Public investment", "Đầu tư", "Investment"),
]

TAGS = [
    ("chuyển đổi số", "digital transformation"), ("ngân sách", "budget"),
    ("giải phóng mặt bằng", "site clearance"), ("đầu tư công", "public investment"),
    ("du lịch", "tourism"), ("hồ Tây", "West Lake"), ("OCOP", "OCOP"),
    ("việc làm", "employment"), ("an toàn thực phẩm", "food safety"),
    ("phòng cháy chữa cháy", "fire prevention"), ("trật tự xây dựng", "construction order"),
    ("vệ sinh môi trường", "sanitation"), ("cây xanh", "green spaces"),
    ("giao thông", "traffic"), ("pháp luật", "law"), ("dịch Covid-19", "Covid-19"),
    ("giáo dục", "education"), ("y tế", "health"), ("người cao tuổi", "older people"),
    ("trẻ em", "children"), ("thanh niên", "youth"), ("doanh nghiệp", "businesses"),
    ("hộ kinh doanh", "household businesses"), ("chợ", "markets"),
    ("phố đi bộ", "walking street"), ("di tích", "heritage sites"), ("lễ hội", "festivals"),
    ("thể dục thể thao", "sports"), ("dân vận", "community outreach"),
    ("thủ tục hành chính", "administrative procedures"), ("một cửa", "one-stop shop"),
    ("quy hoạch", "zoning"), ("đất đai", "land"), ("thuế", "tax"),
    ("an sinh xã hội", "social welfare"), ("bảo hiểm y tế", "health insurance"),
    ("nông thôn mới", "new rural development"), ("chiếu sáng", "street lighting"),
    ("thoát nước", "drainage"), ("rác thải", "waste"),
]

PLACES = [
    ("phường Tứ Liên", "Tứ Liên ward"), ("phường Nhật Tân", "Nhật Tân ward"),
    ("phường Quảng An", "Quảng An ward"), ("phường Xuân La", "Xuân La ward"),
    ("phường Bưởi", "Bưởi ward"), ("phường Thụy Khuê", "Thụy Khuê ward"),
    ("phường Yên Phụ", "Yên Phụ ward"), ("phường Phú Thượng", "Phú Thượng ward"),
    ("toàn quận", "the whole district"), ("khu vực hồ Tây", "the West Lake area"),
    ("tuyến phố Lạc Long Quân", "Lạc Long Quân street"),
    ("ngõ 612 Lạc Long Quân", "lane 612 Lạc Long Quân"),
    ("phố đi bộ Trịnh Công Sơn", "the Trịnh Công Sơn walking street"),
    ("khu đô thị Tây Hồ Tây", "the Tây Hồ Tây urban area"),
]

UNITS = [
    ("Phòng Tài chính - Kế hoạch", "the Finance and Planning Office"),
    ("Phòng Văn hóa và Thông tin", "the Culture and Information Office"),
    ("Phòng Tài nguyên và Môi trường", "the Natural Resources and Environment Office"),
    ("Phòng Quản lý đô thị", "the Urban Management Office"),
    ("Phòng Kinh tế", "the Economic Office"),
    ("Phòng Giáo dục và Đào tạo", "the Education and Training Office"),
    ("Phòng Lao động - Thương binh và Xã hội", "the Labour, Invalids and Social Affairs Office"),
    ("Phòng Tư pháp", "the Justice Office"), ("Phòng Nội vụ", "the Home Affairs Office"),
    ("Trung tâm Y tế quận", "the District Health Centre"),
    ("Công an quận", "the District Police"),
    ("Đội Quản lý trật tự xây dựng đô thị", "the Urban Construction Order Team"),
    ("Ban Quản lý dự án đầu tư xây dựng quận", "the District Construction Project Board"),
    ("Chi cục Thuế quận", "the District Tax Department"),
    ("UBND các phường", "the ward People's Committees"),
]

OBJECTS = [
    ("công tác giải phóng mặt bằng", "site clearance"),
    ("các dự án đầu tư công", "public investment projects"),
    ("thu ngân sách nhà nước", "state budget collection"),
    ("cải cách thủ tục hành chính", "the reform of administrative procedures"),
    ("chuyển đổi số trong cơ quan nhà nước", "digital transformation in public offices"),
    ("phòng, chống dịch Covid-19", "Covid-19 prevention and control"),
    ("vệ sinh môi trường và thu gom rác thải", "sanitation and waste collection"),
    ("quản lý trật tự xây dựng", "the control of building works"),
    ("bảo đảm an toàn thực phẩm", "food safety"),
    ("phổ biến, giáo dục pháp luật", "legal education and awareness"),
    ("phát triển du lịch hồ Tây", "West Lake tourism development"),
    ("hỗ trợ doanh nghiệp và hộ kinh doanh", "support for businesses and household businesses"),
    ("giải quyết việc làm cho người lao động", "job creation for workers"),
    ("chăm sóc sức khỏe ban đầu cho nhân dân", "primary health care"),
    ("phòng cháy, chữa cháy tại khu dân cư", "fire prevention in residential areas"),
    ("chỉnh trang hè phố và chiếu sáng công cộng", "pavement upgrading and public lighting"),
    ("trồng mới và chăm sóc cây xanh", "tree planting and care"),
    ("quản lý, sử dụng đất đai", "land management and use"),
    ("xây dựng chính quyền điện tử", "e-government"),
    ("thực hiện chính sách an sinh xã hội", "social welfare policies"),
    ("công tác tiếp công dân và giải quyết khiếu nại", "citizen reception and complaint handling"),
    ("bảo tồn và phát huy giá trị di tích", "the conservation of heritage sites"),
    ("phát triển phong trào thể dục thể thao", "grassroots sports"),
    ("nâng cao chất lượng giáo dục", "the quality of education"),
    ("quản lý chợ và trung tâm thương mại", "the management of markets and shopping centres"),
    ("cải tạo hệ thống thoát nước", "the renovation of the drainage network"),
    ("bảo đảm trật tự an toàn giao thông", "road safety and traffic order"),
    ("xây dựng nếp sống văn minh đô thị", "civic culture in the city"),
]

VERBS = [
    ("triển khai", "implement", "Implement"), ("đẩy mạnh", "step up", "Step up"),
    ("rà soát", "review", "Review"), ("kiểm tra, giám sát", "inspect and monitor", "Inspect and monitor"),
    ("hoàn thành", "complete", "Complete"), ("tổ chức thực hiện", "carry out", "Carry out"),
    ("nâng cao hiệu quả", "make more effective", "Make more effective"),
    ("tăng cường", "strengthen", "Strengthen"), ("đôn đốc", "follow up on", "Follow up on"),
    ("tuyên truyền về", "raise awareness of", "Raise awareness of"),
]

HEADINGS = [
    ("Mục tiêu", "Objectives"), ("Nội dung thực hiện", "Tasks"),
    ("Tổ chức thực hiện", "Implementation"), ("Kinh phí", "Funding"),
    ("Tiến độ", "Schedule"), ("Đơn vị phối hợp", "Partner units"),
    ("Kết quả dự kiến", "Expected results"), ("Giải pháp chủ yếu", "Main measures"),
    ("Khó khăn, vướng mắc", "Difficulties"), ("Kiến nghị, đề xuất", "Recommendations"),
    ("Đánh giá kết quả", "Assessment"), ("Chế độ báo cáo", "Reporting"),
]

INDICATORS = [
    ("Tỷ lệ giải ngân vốn đầu tư công", "%", "Public investment disbursed", "%"),
    ("Thu ngân sách trên địa bàn", "tỷ đồng", "Budget revenue", "VND billion"),
    ("Số lao động được giải quyết việc làm", "người", "Workers placed in jobs", "people"),
    ("Hồ sơ thủ tục hành chính giải quyết đúng hạn", "%", "Applications settled on time", "%"),
    ("Số hộ gia đình văn hóa", "hộ", "Model households", "households"),
    ("Cây xanh trồng mới", "cây", "New trees planted", "trees"),
    ("Tỷ lệ rác thải được thu gom", "%", "Waste collected", "%"),
    ("Số cuộc kiểm tra an toàn thực phẩm", "cuộc", "Food safety inspections", "inspections"),
    ("Số doanh nghiệp thành lập mới", "doanh nghiệp", "New businesses", "businesses"),
    ("Diện tích đất giải phóng mặt bằng", "ha", "Land cleared", "ha"),
    ("Tỷ lệ người dân tham gia bảo hiểm y tế", "%", "Health insurance coverage", "%"),
    ("Số lớp tập huấn cho cán bộ", "lớp", "Staff training sessions", "sessions"),
]

TITLE_KINDS = [
    ("Kế hoạch", "Plan for"), ("Báo cáo kết quả", "Report on"),
    ("Hướng dẫn thực hiện", "Guidance on"), ("Thông báo về", "Notice on"),
    ("Chương trình", "Programme for"),
]

EVENT_TITLES = [
    ("Hội nghị sơ kết", "Review conference on"), ("Hội chợ", "Fair on"),
    ("Tập huấn", "Training on"), ("Ra quân", "Launch of"),
    ("Đối thoại với nhân dân về", "Public dialogue on"), ("Ngày hội", "Open day on"),
]

LOCATIONS = [
    "Trụ sở UBND quận Tây Hồ, 657 Lạc Long Quân", "Nhà văn hóa phường Tứ Liên",
    "Phố đi bộ Trịnh Công Sơn", "Cung Văn hóa Thể thao Thanh niên Hà Nội",
    "Trung tâm Văn hóa - Thông tin và Thể thao quận, 130 Thụy Khuê",
    "Ngõ 612 Lạc Long Quân", "Sân vận động phường Phú Thượng", "Công viên nước hồ Tây",
]

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]

FOLD = str.maketrans({"đ": "d", "Đ": "d"})


def slugify(text: str) -> str:
    """ASCII slug: diacritics removed (đ -> d), lower case, runs of other characters -> '-'."""
    text = unicodedata.normalize("NFD", text.translate(FOLD))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    out, dash = [], False
    for c in text:
        if c.isascii() and c.isalnum():
            out.append(c)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def yq(s: str) -> str:
    """A YAML (and TOML-compatible) double-quoted string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def num_vi(x: float) -> str:
    return f"{x:.1f}".replace(".", ",") if x != int(x) else str(int(x))


def num_en(x: float) -> str:
    return f"{x:.1f}" if x != int(x) else str(int(x))


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


# --------------------------------------------------------------------------------------------
# Text: every generator returns a (vi, en) pair of Markdown blocks.
# --------------------------------------------------------------------------------------------

class Text:
    def __init__(self, rng: random.Random, year: int, quarter: int):
        self.r = rng
        self.year = year
        self.quarter = quarter

    def date(self) -> tuple[str, str]:
        month = 3 * (self.quarter - 1) + self.r.randint(1, 3)
        day = self.r.randint(1, 28)
        return f"{day:02d}/{month:02d}/{self.year}", f"{day} {MONTHS_EN[month - 1]} {self.year}"

    def sentence(self, k: int | None = None) -> tuple[str, str]:
        r = self.r
        u, u2 = r.sample(UNITS, 2)
        o = r.choice(OBJECTS)
        p = r.choice(PLACES)
        v = r.choice(VERBS)
        k = r.randrange(12) if k is None else k
        if k == 0:
            return (f"{u[0]} chủ trì, phối hợp với {u2[0]} {v[0]} {o[0]} tại {p[0]}.",
                    f"{cap(u[1])} leads and, with {u2[1]}, will {v[1]} {o[1]} in {p[1]}.")
        if k == 1:
            pct = r.choice([60, 70, 75, 80, 85, 90, 95, 100, 40.2, 43.4])
            d = self.date()
            return (f"Phấn đấu đến ngày {d[0]} hoàn thành {num_vi(pct)} % kế hoạch {o[0]}.",
                    f"The aim is to complete {num_en(pct)}% of the plan for {o[1]} by {d[1]}.")
        if k == 2:
            return (f"Tăng cường {o[0]}, kịp thời phát hiện, xử lý nghiêm các trường hợp vi phạm tại {p[0]}.",
                    f"Work on {o[1]} will be stepped up in {p[1]}, and violations detected and dealt with promptly.")
        if k == 3:
            n = r.randint(2, 12)
            return (f"Tổ chức {n:02d} hội nghị sơ kết, đánh giá kết quả {o[0]} tại {p[0]}.",
                    f"{n} review meetings will assess the results of {o[1]} in {p[1]}.")
        if k == 4:
            d = self.date()
            return (f"{u[0]} tổng hợp, báo cáo kết quả về UBND quận trước ngày {d[0]}.",
                    f"{cap(u[1])} compiles the results and reports to the District People's Committee before {d[1]}.")
        if k == 5:
            return (f"Huy động sự tham gia của người dân, doanh nghiệp và các tổ chức đoàn thể vào {o[0]}.",
                    f"Residents, businesses and mass organisations are encouraged to take part in {o[1]}.")
        if k == 6:
            money = r.randint(50, 9000)
            return (f"Tổng kinh phí dự kiến là {money:,} triệu đồng từ nguồn ngân sách quận, giao {u[0]} quản lý.".replace(f"{money:,}", f"{money:,}".replace(",", ".")),
                    f"The estimated total cost is VND {money:,} million from the district budget, managed by {u[1]}.")
        if k == 7:
            return (f"Rà soát, cập nhật số liệu về {o[0]} hằng tháng, bảo đảm chính xác, đầy đủ và đúng thời hạn.",
                    f"Figures on {o[1]} are reviewed and updated every month, accurately, completely and on time.")
        if k == 8:
            return (f"Đẩy nhanh tiến độ {o[0]}, tháo gỡ kịp thời những khó khăn, vướng mắc phát sinh tại {p[0]}.",
                    f"Progress on {o[1]} will be accelerated and problems arising in {p[1]} resolved quickly.")
        if k == 9:
            pct = round(r.uniform(30, 99), 1)
            return (f"Trong quý {self.quarter}/{self.year}, kết quả {o[0]} đạt {num_vi(pct)} % so với kế hoạch năm.",
                    f"In Q{self.quarter} {self.year}, {o[1]} reached {num_en(pct)}% of the annual plan.")
        if k == 10:
            p = r.choice(PLACES[:8])  # a ward
            return (f"UBND {p[0]} chịu trách nhiệm trước UBND quận về kết quả {o[0]} trên địa bàn.",
                    f"The People's Committee of {p[1]} answers to the District People's Committee for {o[1]} there.")
        return (f"Các đơn vị {v[0]} {o[0]}, gắn với việc thực hiện các nhiệm vụ trọng tâm của quận trong năm {self.year}.",
                f"All units {v[1]} {o[1]}, as part of the district's key tasks for {self.year}.")

    def paragraph(self, n: int | None = None) -> tuple[str, str]:
        n = n or self.r.randint(2, 4)
        ss = [self.sentence(k) for k in self.r.sample(range(12), n)]
        return " ".join(s[0] for s in ss), " ".join(s[1] for s in ss)

    def bullets(self) -> tuple[str, str]:
        items = []
        for _ in range(self.r.randint(3, 6)):
            v, o, p = self.r.choice(VERBS), self.r.choice(OBJECTS), self.r.choice(PLACES)
            if self.r.random() < 0.3:
                u = self.r.choice(UNITS)
                items.append((f"- {cap(v[0])} {o[0]} tại {p[0]} (**{u[0]}** chủ trì);",
                              f"- {v[2]} {o[1]} in {p[1]} (led by **{u[1]}**);"))
            else:
                items.append((f"- {cap(v[0])} {o[0]} tại {p[0]};", f"- {v[2]} {o[1]} in {p[1]};"))
        return "\n".join(i[0] for i in items), "\n".join(i[1] for i in items)

    def table(self) -> tuple[str, str]:
        rows = self.r.sample(INDICATORS, self.r.randint(3, 5))
        vi = ["| Chỉ tiêu | Đơn vị | Kế hoạch | Thực hiện |", "| --- | --- | ---: | ---: |"]
        en = ["| Indicator | Unit | Target | Actual |", "| --- | --- | ---: | ---: |"]
        for lv, uv, le, ue in rows:
            if uv == "%":
                t = self.r.choice([80, 85, 90, 95, 100])
                a = round(t * self.r.uniform(0.7, 1.05), 1)
            else:
                t = self.r.randint(5, 500)
                a = self.r.randint(t // 2, t + t // 5)
            vi.append(f"| {lv} | {uv} | {num_vi(t)} | {num_vi(a)} |")
            en.append(f"| {le} | {ue} | {num_en(t)} | {num_en(a)} |")
        return "\n".join(vi), "\n".join(en)


# --------------------------------------------------------------------------------------------
# The site model
# --------------------------------------------------------------------------------------------

@dataclass
class Section:
    topic: int
    period: str  # "2020-q4"
    year: int
    quarter: int

    @property
    def path(self) -> str:  # relative to content/
        return f"{TOPICS[self.topic][0]}/{self.period}"


@dataclass
class Page:
    section: Section
    stem: str
    title: tuple[str, str]
    translated: bool
    event: bool
    index: int
    obj: tuple[str, str]
    links: list[int] = field(default_factory=list)


def plan_site(n: int, rng: random.Random) -> tuple[list[Section], list[Page]]:
    n_vi = n - n // 2
    n_en = n // 2
    leaves = max(1, math.ceil(n_vi / PAGES_PER_SECTION))
    n_topics = min(len(TOPICS), leaves)
    n_quarters = math.ceil(leaves / n_topics)
    sections = []
    for q in range(n_quarters):  # the most recent quarter first: 2020-q4, 2020-q3, ...
        abs_q = 2020 * 4 + 3 - q
        year, quarter = abs_q // 4, abs_q % 4 + 1
        for t in range(n_topics):
            if len(sections) < leaves:
                sections.append(Section(t, f"{year}-q{quarter}", year, quarter))
    translated = set(rng.sample(range(n_vi), n_en))
    pages: list[Page] = []
    used: set[str] = set()
    for i in range(n_vi):
        sec = sections[i % len(sections)]
        ev = rng.random() < 0.15
        obj = rng.choice(OBJECTS)
        place = rng.choice(PLACES)
        if ev:
            kind = rng.choice(EVENT_TITLES)
        else:
            kind = rng.choice(TITLE_KINDS)
        title = (f"{kind[0]} {obj[0]} tại {place[0]}", f"{kind[1]} {obj[1]} in {place[1]}")
        words = slugify(f"{kind[0]} {obj[0]}").split("-")[:7]
        stem = "-".join(words)
        while f"{sec.path}/{stem}" in used:
            stem = "-".join(words) + f"-{i}"
        used.add(f"{sec.path}/{stem}")
        pages.append(Page(sec, stem, title, i in translated, ev, i, obj))
    # links: to a page of another quarter of the same topic (../2020-q3/x.md) where there is
    # one, and to a page of another topic (../../do-thi/2020-q4/x.md); English pages only link
    # to pages that have an English translation.
    by_section: dict[str, list[int]] = {}
    by_section_en: dict[str, list[int]] = {}
    for p in pages:
        by_section.setdefault(p.section.path, []).append(p.index)
        if p.translated:
            by_section_en.setdefault(p.section.path, []).append(p.index)
    for p in pages:
        pool = by_section_en if p.translated else by_section
        others = [s for s in sections if s is not p.section and pool.get(s.path)]
        same_topic = [s for s in others if s.topic == p.section.topic]
        other_topic = [s for s in others if s.topic != p.section.topic]
        picks = []
        if same_topic:
            picks.append(rng.choice(same_topic))
        if other_topic:
            picks.append(rng.choice(other_topic))
        while len(picks) < 2 and others:
            picks.append(rng.choice(others))
        if rng.random() < 0.4 and others:
            picks.append(rng.choice(others))
        p.links = [rng.choice(pool[s.path]) for s in picks]
    return sections, pages


def rel_link(src: Page, dst: Page, en: bool) -> str:
    """Relative file path from src's .md file to dst's .md file, as an editor writes it."""
    suffix = ".en.md" if en else ".md"
    a, b = src.section, dst.section
    if a is b:
        return dst.stem + suffix
    if a.topic == b.topic:
        return f"../{b.period}/{dst.stem}{suffix}"
    return f"../../{b.path}/{dst.stem}{suffix}"


def page_body(p: Page, pages: list[Page], rng: random.Random) -> tuple[list[tuple[str, str]], list[int]]:
    """The body as a list of blocks; a block is a (vi, en) pair, or a ("LINK", i) marker."""
    t = Text(rng, p.section.year, p.section.quarter)
    # words = the mean of the Vietnamese and English counts (a Vietnamese text counts about a
    # third more whitespace-separated words than its English translation)
    target = rng.randint(340, 640)
    heads = rng.sample(HEADINGS, len(HEADINGS))
    blocks: list = [t.paragraph(3)]
    words = lambda: sum(len(b[0].split()) + len(b[1].split()) for b in blocks if b[0] != "LINK") / 2
    link_pos = 0
    step = 0
    while words() < target or step < 3:
        h = heads[step % len(heads)]
        blocks.append((f"## {h[0]}", f"## {h[1]}"))
        if step == 1:
            blocks.append(t.paragraph(2))
            blocks.append(t.table())
        elif step == 2:
            for j in range(rng.randint(2, 3)):
                o = rng.choice(OBJECTS)
                blocks.append((f"### Nhiệm vụ {j + 1}: {cap(o[0])}", f"### Task {j + 1}: {cap(o[1])}"))
                blocks.append(t.paragraph(2))
                if rng.random() < 0.5:
                    blocks.append(t.bullets())
        else:
            blocks.append(t.paragraph())
            if rng.random() < 0.6:
                blocks.append(t.bullets())
        if link_pos < len(p.links) and step >= 1:
            blocks.append(("LINK", p.links[link_pos]))
            link_pos += 1
        step += 1
        if step > 30:
            break
    while link_pos < len(p.links):
        blocks.append(("LINK", p.links[link_pos]))
        link_pos += 1
    return blocks, p.links


def render(p: Page, pages: list[Page], blocks: list, en: bool, hugo: bool, hugo_links: str) -> str:
    out = []
    for b in blocks:
        if b[0] == "LINK":
            dst = pages[b[1]]
            title = dst.title[1] if en else dst.title[0]
            if hugo:
                if hugo_links == "relref":
                    target = '{{< relref "/' + f'{dst.section.path}/{dst.stem}.md' + '" >}}'
                else:
                    target = ("/en/" if en else "/") + f"{dst.section.path}/{dst.stem}/"
            else:
                target = rel_link(p, dst, en)
            out.append(f"See also: [{title}]({target})." if en else f"Xem thêm: [{title}]({target}).")
        else:
            out.append(b[1] if en else b[0])
    return "\n\n".join(out) + "\n"


def front_matter(p: Page, rng_state: dict, en: bool, hugo: bool) -> str:
    d = rng_state
    L = 1 if en else 0
    lines = ["---", f"title: {yq(p.title[L])}"]
    if not hugo:
        lines.append(f"kind: {'event' if p.event else 'page'}")
    lines.append(f"date: {d['date']}")
    lines.append(f"summary: {yq(d['summary'][L])}")
    lines.append(f"categories: [{yq(TOPICS[p.section.topic][3 + L])}]")
    lines.append("tags: [" + ", ".join(yq(TAGS[i][L]) for i in d["tags"]) + "]")
    if p.event:
        if hugo:  # no event kind in Hugo: the same data as plain parameters
            lines.append("pagekind: event")
            lines.append(f"start: {yq(d['start'])}")
            lines.append(f"end: {yq(d['end'])}")
        else:
            lines.append(f"start: {d['start']}")
            lines.append(f"end: {d['end']}")
        lines.append(f"location: {yq(d['location'])}")
        lines.append(f"status: {d['status']}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def page_meta(p: Page, rng: random.Random) -> dict:
    s = p.section
    month = 3 * (s.quarter - 1) + rng.randint(1, 3)
    day = rng.randint(1, 28)
    meta = {
        "date": f"{s.year}-{month:02d}-{day:02d}T{rng.randint(7, 17):02d}:{rng.choice([0, 15, 30, 45]):02d}:00+07:00",
        "tags": rng.sample(range(len(TAGS)), rng.randint(2, 4)),
    }
    o = p.obj
    meta["summary"] = (f"Nội dung, tiến độ và đơn vị thực hiện {o[0]} trong quý {s.quarter}/{s.year}.",
                       f"What will be done on {o[1]} in Q{s.quarter} {s.year}, when and by whom.")
    if p.event:
        k = rng.random()
        if k < 0.7:
            sd = rng.randint(1, 20)
            ed = sd + rng.randint(0, 7)
            meta["start"] = f"{s.year}-{month:02d}-{sd:02d}"
            meta["end"] = f"{s.year}-{month:02d}-{ed:02d}"
        elif k < 0.9:
            sd, h = rng.randint(1, 28), rng.randint(7, 15)
            meta["start"] = f"{s.year}-{month:02d}-{sd:02d}T{h:02d}:00:00+07:00"
            meta["end"] = f"{s.year}-{month:02d}-{sd:02d}T{h + 2:02d}:30:00+07:00"
        else:
            meta["start"] = meta["end"] = f"{s.year}-Q{s.quarter}"
        meta["location"] = rng.choice(LOCATIONS)
        meta["status"] = rng.choice(["planned", "planned", "held", "postponed"])
    return meta


# --------------------------------------------------------------------------------------------
# Hugo: configuration and minimal templates giving one HTML file per page, section lists, and
# tag and category pages (terms lists and term pages), in both languages.
# --------------------------------------------------------------------------------------------

HUGO_TOML = """\
baseURL = "https://bench.example/"
title = "Bench"
defaultContentLanguage = "vi"
defaultContentLanguageInSubdir = false

[languages.vi]
languageName = "Tiếng Việt"
weight = 1
[languages.en]
languageName = "English"
weight = 2

# Feeds for the home page and sections only, of the 50 latest pages (Hugo's default is
# every page, in a feed for every section, taxonomy and term).
[services.rss]
limit = 50

[outputs]
home = ["HTML", "RSS"]
section = ["HTML", "RSS"]
taxonomy = ["HTML"]
term = ["HTML"]

[taxonomies]
tag = "tags"
category = "categories"

[markup.goldmark.parser]
autoHeadingID = true
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}</head>
<body>
<header><a href="{{ "/" | relLangURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Translations }}<a lang="{{ .Language.Lang }}" hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">{{ .Language.LanguageName }}</a>{{ end }}</nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ .Site.Title }}</p></footer>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<nav aria-label="breadcrumb">{{ range .Ancestors.Reverse }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> / {{ end }}</nav>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "02/01/2006" }}</time></p>
{{ with .Params.start }}<dl class="event">
<dt>{{ if eq $.Language.Lang "vi" }}Thời gian{{ else }}When{{ end }}</dt><dd>{{ . }}{{ with $.Params.end }} – {{ . }}{{ end }}</dd>
<dt>{{ if eq $.Language.Lang "vi" }}Địa điểm{{ else }}Where{{ end }}</dt><dd>{{ $.Params.location }}</dd>
</dl>{{ end }}
{{ .Content }}
<footer>
{{ with .GetTerms "categories" }}<p>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
{{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
</footer>
</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ with .Sections }}<ul class="sections">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
<ul class="pages">
{{ range .RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "02/01/2006" }}</time><p>{{ .Params.summary }}</p></li>
{{ end }}</ul>
{{ end }}
""",
    "_default/taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
""",
    "_default/term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="pages">
{{ range .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "02/01/2006" }}</time></li>
{{ end }}</ul>
{{ end }}
""",
    "index.html": """\
{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
<ul class="sections">{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .RegularPagesRecursive }})</li>{{ end }}</ul>
<h2>{{ if eq .Language.Lang "vi" }}Mới cập nhật{{ else }}Latest{{ end }}</h2>
<ul class="pages">{{ range first 20 .Site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
}


# --------------------------------------------------------------------------------------------

def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(unicodedata.normalize("NFC", text), encoding="utf-8")


def section_index(title: str, summary: str, weight: int) -> str:
    return f"---\ntitle: {yq(title)}\nsummary: {yq(summary)}\nweight: {weight}\n---\n\n{summary}\n"


def generate(n: int, out: Path, seed: int, theme_from: Path, hugo_links: str) -> dict:
    rng = random.Random(seed)
    sections, pages = plan_site(n, rng)
    ck, hg = out / "congkhai", out / "hugo"
    for d in (ck, hg):
        if d.exists():
            shutil.rmtree(d)
    ck.mkdir(parents=True)
    hg.mkdir(parents=True)

    write(ck / "config.yaml", "title: Bench\nbase_url: https://bench.example/\n"
          "languages:\n  - {code: vi, name: Tiếng Việt}\n  - {code: en, name: English}\n"
          "issuer: Bench\ntheme: default\n")
    themes = theme_from / "themes"
    theme_note = None
    if themes.is_dir():
        shutil.copytree(themes, ck / "themes")
    else:
        theme_note = f"no themes/ in {theme_from}: the congkhai site has no theme folder"
    write(hg / "hugo.toml", HUGO_TOML)
    for rel, text in HUGO_LAYOUTS.items():
        write(hg / "layouts" / rel, text)

    # section pages: one per topic, one per topic quarter, and the home page's _index
    home = ("Trang chủ", "Home", "Công khai kế hoạch, nhiệm vụ và sự kiện của quận.",
            "Plans, tasks and events of the district, made public.")
    indexes = [("", home)]
    seen_topics = set()
    for s in sections:
        slug, vi, en = TOPICS[s.topic][:3]
        if s.topic not in seen_topics:
            seen_topics.add(s.topic)
            indexes.append((slug, (vi, en, f"Các kế hoạch, báo cáo và sự kiện về {vi.lower()}.",
                                   f"Plans, reports and events on {en.lower()}.")))
        indexes.append((s.path, (f"{vi}: quý {s.quarter}/{s.year}", f"{en}: Q{s.quarter} {s.year}",
                                 f"Nhiệm vụ trọng tâm về {vi.lower()} trong quý {s.quarter}/{s.year}.",
                                 f"Key tasks on {en.lower()} in Q{s.quarter} {s.year}.")))
    for i, (path, (tv, te, sv, se)) in enumerate(indexes):
        base = Path(path) if path else Path()
        for site in (ck, hg):
            write(site / "content" / base / "_index.md", section_index(tv, sv, i))
            write(site / "content" / base / "_index.en.md", section_index(te, se, i))

    words_vi, words_en = [], []
    for p in pages:
        prng = random.Random(f"{seed}:{p.index}")  # each page from its own stream
        meta = page_meta(p, prng)
        blocks, _ = page_body(p, pages, prng)
        langs = [False, True] if p.translated else [False]
        for en in langs:
            name = p.stem + (".en.md" if en else ".md")
            for site, hugo in ((ck, False), (hg, True)):
                body = render(p, pages, blocks, en, hugo, hugo_links)
                write(site / "content" / p.section.path / name, front_matter(p, meta, en, hugo) + body)
                if not hugo:
                    (words_en if en else words_vi).append(len(body.split()))
    info = {
        "n": n, "seed": seed, "hugo_links": hugo_links,
        "pages_vi": len(words_vi), "pages_en": len(words_en),
        "events": sum(1 for p in pages if p.event),
        "sections": len(indexes) - 1,
        "words_vi": (min(words_vi), sum(words_vi) // len(words_vi), max(words_vi)) if words_vi else None,
        "words_en": (min(words_en), sum(words_en) // len(words_en), max(words_en)) if words_en else None,
        "theme_note": theme_note,
    }
    return info


def stamp(n: int, seed: int, hugo_links: str, theme_from: Path) -> str:
    h = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"n={n} seed={seed} links={hugo_links} theme_from={theme_from} gen={h}\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of content pages (vi + en)")
    ap.add_argument("out", nargs="?", type=Path, help="output folder (default: bench/sites/N)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--theme-from", type=Path, default=REPO,
                    help="folder whose themes/ is copied into the congkhai site (default: %(default)s)")
    ap.add_argument("--hugo-links", choices=["relref", "url"], default="relref",
                    help="internal links in the Hugo site: relref shortcodes (checked, like "
                         "congkhai's) or plain URLs (default: %(default)s)")
    ap.add_argument("--print-stamp", action="store_true",
                    help="print the stamp these arguments would write, and stop")
    a = ap.parse_args(argv)
    if a.n < 2:
        ap.error("N must be at least 2")
    out = a.out or (HERE / "sites" / str(a.n))
    theme_from = a.theme_from.resolve()
    st = stamp(a.n, a.seed, a.hugo_links, theme_from)
    if a.print_stamp:
        sys.stdout.write(st)
        return 0
    out.mkdir(parents=True, exist_ok=True)
    (out / ".gen-stamp").unlink(missing_ok=True)
    info = generate(a.n, out, a.seed, theme_from, a.hugo_links)
    (out / ".gen-stamp").write_text(st)
    print(f"wrote {out}/congkhai and {out}/hugo: {info['pages_vi']} vi + {info['pages_en']} en pages "
          f"({info['events']} events), {info['sections']} sections; words per page vi "
          f"min/mean/max {info['words_vi']}, en {info['words_en']}")
    if info["theme_note"]:
        print(f"warning: {info['theme_note']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
