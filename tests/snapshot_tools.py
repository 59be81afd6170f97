"""Outside tools check a congkhai snapshot (issue 7).

A snapshot must pass the Library of Congress `bagit` validator (the full
check, not --fast) and `warcio check`, and an independent check of the WARC's
record framing and mandatory headers, which `warcio check` does not do: it
accepts a truncated file and a record without WARC-Date.

    pytest tests/snapshot_tools.py   # the example's bag, and the bundled
                                     # site snapshotted by the real binary
    CONGKHAI_BAG=archive/2020-q4 pytest tests/snapshot_tools.py
    python tests/snapshot_tools.py BAG_DIR...   # check existing bags

Needs: pip install bagit warcio pytest, and cargo (or CONGKHAI_BIN=path
to a built congkhai) for the bags it makes.
"""

import base64
import gzip
import hashlib
import html.parser
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1609372800"  # 2020-12-31T00:00:00Z

RECORD_ID = re.compile(
    r"<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}>\Z"
)
WARC_DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z\Z")
MANDATORY = ("WARC-Record-ID", "Content-Length", "WARC-Date", "WARC-Type")
IDENTICAL_PAYLOAD = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"


def sha256_b32(data):
    return "sha256:" + base64.b32encode(hashlib.sha256(data).digest()).decode()


def gzip_members(data):
    """Yields (offset, member's first 10 bytes, decompressed bytes, problem)."""
    offset = 0
    while offset < len(data):
        d = zlib.decompressobj(wbits=31)
        try:
            out = d.decompress(data[offset:])
        except zlib.error as e:
            yield offset, data[offset : offset + 10], b"", f"bad gzip member: {e}"
            return
        if not d.eof:
            yield offset, data[offset : offset + 10], out, "gzip member cut short (truncated file?)"
            return
        yield offset, data[offset : offset + 10], out, None
        offset = len(data) - len(d.unused_data)


def parse_record(raw):
    """(headers dict, block bytes), or raises ValueError saying what is wrong."""
    if not raw.startswith(b"WARC/1.1\r\n"):
        raise ValueError(f"does not start with WARC/1.1 CRLF: {raw[:20]!r}")
    end = raw.find(b"\r\n\r\n")
    if end < 0:
        raise ValueError("no blank line after the headers")
    headers = {}
    for line in raw[len(b"WARC/1.1\r\n") : end].split(b"\r\n"):
        name, sep, value = line.decode("utf-8").partition(":")
        if not sep:
            raise ValueError(f"header line without a colon: {line!r}")
        if name in headers:
            raise ValueError(f"header {name} given twice")
        headers[name] = value.strip()
    for name in MANDATORY:
        if name not in headers:
            raise ValueError(f"mandatory header {name} missing")
    if not headers["Content-Length"].isdigit():
        raise ValueError(f"Content-Length {headers['Content-Length']!r} is not a number")
    length = int(headers["Content-Length"])
    rest = raw[end + 4 :]
    # One record per member: the block, CRLF CRLF, and nothing after.
    if len(rest) != length + 4:
        raise ValueError(
            f"Content-Length {length} but {len(rest) - 4} bytes follow before the end of the member"
        )
    if not rest.endswith(b"\r\n\r\n"):
        raise ValueError("block not followed by CRLF CRLF")
    return headers, rest[:length]


def check_warc(path):
    """Every problem with the WARC's framing, headers and digests."""
    data = Path(path).read_bytes()
    problems, records = [], []
    for offset, head, raw, problem in gzip_members(data):
        where = f"{path} @ {offset}"
        if problem:
            problems.append(f"{where}: {problem}")
            continue
        if head[4:8] != b"\0\0\0\0":
            problems.append(f"{where}: gzip MTIME is not 0 (output depends on the clock)")
        try:
            headers, block = parse_record(raw)
        except ValueError as e:
            problems.append(f"{where}: {e}")
            continue
        if not RECORD_ID.match(headers["WARC-Record-ID"]):
            problems.append(f"{where}: bad WARC-Record-ID {headers['WARC-Record-ID']}")
        if not WARC_DATE.match(headers["WARC-Date"]):
            problems.append(f"{where}: bad WARC-Date {headers['WARC-Date']}")
        if headers.get("WARC-Block-Digest") != sha256_b32(block):
            problems.append(f"{where}: WARC-Block-Digest does not match the block")
        if headers["WARC-Type"] == "response":
            problems += check_response(where, headers, block)
        elif headers["WARC-Type"] == "revisit":
            problems += check_revisit_head(where, headers, block)
        records.append((headers, block))
    if not records:
        return problems + [f"{path}: no records"]
    if records[0][0]["WARC-Type"] != "warcinfo":
        problems.append(f"{path}: the first record is not warcinfo")
    ids = [h["WARC-Record-ID"] for h, _ in records]
    if len(set(ids)) != len(ids):
        problems.append(f"{path}: record ids are not unique")
    uris = [h.get("WARC-Target-URI", "") for h, _ in records[1:]]
    if uris != sorted(uris):
        problems.append(f"{path}: response records are not sorted by URI")
    for h, _ in records[1:]:
        if h.get("WARC-Warcinfo-ID") != ids[0]:
            problems.append(
                f"{path}: {h.get('WARC-Target-URI')} does not point to the warcinfo record"
            )
    # A revisit's payload is its original's: the response it names must be in
    # this WARC, at that address and date, with the same payload digest.
    by_id = {h["WARC-Record-ID"]: h for h, _ in records}
    for h, _ in records:
        if h["WARC-Type"] != "revisit":
            continue
        original = by_id.get(h.get("WARC-Refers-To"))
        uri = h.get("WARC-Target-URI")
        if not original or original["WARC-Type"] != "response":
            problems.append(f"{path}: revisit {uri} refers to no response record")
            continue
        for mine, theirs in (
            ("WARC-Refers-To-Target-URI", "WARC-Target-URI"),
            ("WARC-Refers-To-Date", "WARC-Date"),
            ("WARC-Payload-Digest", "WARC-Payload-Digest"),
        ):
            if h.get(mine) != original.get(theirs):
                problems.append(f"{path}: revisit {uri}: {mine} is not the original's {theirs}")
    return problems


def check_revisit_head(where, headers, block):
    """WARC 1.1 §6.7.2: an identical-payload revisit keeps the HTTP head only."""
    problems = []
    if headers.get("WARC-Profile") != IDENTICAL_PAYLOAD:
        problems.append(f"{where}: revisit with WARC-Profile {headers.get('WARC-Profile')!r}")
    for name in ("WARC-Refers-To", "WARC-Refers-To-Target-URI", "WARC-Refers-To-Date"):
        if name not in headers:
            problems.append(f"{where}: revisit without {name}")
    if not block.startswith(b"HTTP/1.1 200 ") or not block.endswith(b"\r\n\r\n"):
        problems.append(f"{where}: a revisit's block is not one HTTP/1.1 200 head")
    return problems


def check_response(where, headers, block):
    problems = []
    uri = headers.get("WARC-Target-URI", "")
    if not uri.startswith(("http://", "https://")):
        problems.append(f"{where}: WARC-Target-URI {uri!r} is not an http(s) URL")
    if headers.get("Content-Type") != "application/http;msgtype=response":
        problems.append(f"{where}: Content-Type {headers.get('Content-Type')!r}")
    head_end = block.find(b"\r\n\r\n")
    if block.startswith(b"HTTP/1.1 301 ") and head_end >= 0:
        # A static host's redirect from a folder's address without its slash.
        location = re.search(rb"\r\nLocation: (\S+)\r\n", block[: head_end + 2])
        if not location or location.group(1).decode() != uri + "/":
            problems.append(f"{where}: a 301 that does not lead to {uri}/")
        if block[head_end + 4 :]:
            problems.append(f"{where}: a 301 with a body")
        return problems
    if not block.startswith(b"HTTP/1.1 200 ") or head_end < 0:
        return problems + [f"{where}: block is not an HTTP/1.1 200 or 301 response"]
    body = block[head_end + 4 :]
    http_len = re.search(rb"\r\nContent-Length: (\d+)\r\n", block[: head_end + 2])
    if not http_len or int(http_len.group(1)) != len(body):
        problems.append(f"{where}: HTTP Content-Length does not match the body")
    if headers.get("WARC-Payload-Digest") != sha256_b32(body):
        problems.append(f"{where}: WARC-Payload-Digest does not match the body")
    return problems


def warc_pages(path):
    """{target URI: body} of the well-formed response records (check_warc
    reports the others)."""
    pages = {}
    for _, _, raw, problem in gzip_members(Path(path).read_bytes()):
        try:
            if problem:
                continue
            headers, block = parse_record(raw)
        except ValueError:
            continue
        if headers["WARC-Type"] == "response" and block.startswith(b"HTTP/1.1 200 "):
            pages[headers["WARC-Target-URI"]] = block[block.find(b"\r\n\r\n") + 4 :]
    return pages


def warc_answers(path):
    """{target URI: (WARC-Type, HTTP status, Location or WARC-Refers-To-Target-URI)}."""
    answers = {}
    for _, _, raw, problem in gzip_members(Path(path).read_bytes()):
        try:
            if problem:
                continue
            headers, block = parse_record(raw)
        except ValueError:
            continue
        if headers["WARC-Type"] not in ("response", "revisit"):
            continue
        status = block[9:12].decode("ascii", "replace")
        location = re.search(rb"\r\nLocation: (\S+)\r\n", block[: block.find(b"\r\n\r\n") + 2])
        target = headers.get("WARC-Refers-To-Target-URI") or (
            location.group(1).decode() if location else None
        )
        answers[headers["WARC-Target-URI"]] = (headers["WARC-Type"], status, target)
    return answers


def check_folder_addresses(bag):
    """Every folder of the site replays at its public address (`…/`, as the
    sitemap and canonical links give it) with its index.html, and its address
    without the slash redirects there, as a static host answers (issue 22)."""
    warc = bag_warc(bag)
    base = warcinfo_fields(warc)["isPartOf"]
    origin_root = re.fullmatch(r"https?://[^/]+/", base) is not None
    answers = warc_answers(warc)
    data = Path(bag) / "data"
    problems = []
    for index in sorted(data.rglob("index.html")):
        folder = index.parent.relative_to(data).as_posix()
        folder = "" if folder == "." else urllib.parse.quote(folder) + "/"
        public, file = base + folder, base + folder + "index.html"
        if answers.get(public) != ("revisit", "200", file):
            problems.append(f"{public}: not answered with {file} ({answers.get(public)})")
        if folder or not origin_root:
            if answers.get(public[:-1]) != ("response", "301", public):
                problems.append(f"{public[:-1]}: no 301 to {public} ({answers.get(public[:-1])})")
    return problems


def warcinfo_fields(path):
    first = next(gzip_members(Path(path).read_bytes()))[2]
    _, block = parse_record(first)
    return dict(line.split(": ", 1) for line in block.decode("utf-8").splitlines())


def bag_warc(bag):
    warcs = sorted((Path(bag) / "data").glob("*.warc.gz"))
    assert len(warcs) == 1, f"expected one WARC in {bag}/data, found {warcs}"
    return warcs[0]


# What a page of the payload has that the same page in the WARC (the site as served) has
# not: the archive banner, and a canonical link and language alternates naming its archive
# address (docs/snapshots.md, "how the bag differs from the WARC").
ARCHIVE_ONLY = [
    re.compile(rb'<p class="notice notice-archived">.*?</p>\n?', re.S),
    re.compile(rb'<link rel="canonical" href="[^"]*">\n?'),
    re.compile(rb'<link rel="alternate" hreflang="[^"]*" href="[^"]*">\n?'),
]


def without_archive_marks(page):
    for pattern in ARCHIVE_ONLY:
        page = pattern.sub(b"", page)
    return page


def check_warc_matches_payload(bag):
    """The WARC holds exactly the payload's other files, at base_url + path: byte for byte,
    except that the payload's pages carry the archive banner and name their archive
    address, and nothing else differs."""
    warc = bag_warc(bag)
    base = warcinfo_fields(warc)["isPartOf"]
    data = Path(bag) / "data"
    files = {
        p.relative_to(data).as_posix(): p.read_bytes()
        for p in data.rglob("*")
        if p.is_file() and p != warc
    }
    problems = []
    seen = set()
    for uri, body in warc_pages(warc).items():
        if not uri.startswith(base):
            problems.append(f"{uri}: not under {base}")
            continue
        rel = urllib.parse.unquote(uri[len(base) :])
        seen.add(rel)
        if rel not in files:
            problems.append(f"{uri}: no data/{rel} in the bag")
        elif files[rel] != body and not (
            rel.endswith(".html")
            and b"notice-archived" not in body
            and without_archive_marks(files[rel]) == without_archive_marks(body)
        ):
            problems.append(f"{uri}: differs from data/{rel}")
    problems += [f"data/{rel}: no WARC record" for rel in sorted(set(files) - seen)]
    return problems


def run_bagit(bag):
    return subprocess.run(
        [sys.executable, "-m", "bagit", "--validate", str(bag)], capture_output=True, text=True
    )


def run_warcio_check(warc):
    exe = shutil.which("warcio") or str(Path(sys.executable).parent / "warcio")
    return subprocess.run([exe, "check", "-v", str(warc)], capture_output=True, text=True)


def check_bag(bag):
    """All outside checks of one bag; returns a list of problems."""
    problems = []
    r = run_bagit(bag)
    if r.returncode != 0:
        problems.append(f"bagit --validate {bag} failed:\n{r.stderr}")
    warc = bag_warc(bag)
    r = run_warcio_check(warc)
    # Every record must say "digest pass": warcio exits 0 on a digest it
    # skipped ("digest present but not checked"), e.g. in a cut-short record.
    # Revisits alone are skipped by design (no payload); check_warc compares
    # their digests with their originals'.
    passed = r.stdout.count("digest pass")
    revisits = r.stdout.count("digest present but not checked (revisit)")
    if (
        r.returncode != 0
        or passed == 0
        or passed + revisits != r.stdout.count("WARC-Record-ID")
        or revisits != r.stdout.count(" revisit\n")
    ):
        problems.append(f"warcio check {warc} failed:\n{r.stdout}{r.stderr}")
    problems += check_warc(warc)
    problems += check_warc_matches_payload(bag)
    problems += check_folder_addresses(bag)
    problems += broken_local_links(Path(bag) / "data")
    return problems


# ---------------------------------------------------------------- pytest ---


def make_bag(archive, revision=None):
    """Runs the example; returns (exit code, stdout, stderr)."""
    cmd = ["cargo", "run", "-q", "--example", "make_test_bag", "--", str(archive)]
    if revision is not None:
        cmd.append(str(revision))
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    r = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    return r.returncode, r.stdout.strip(), r.stderr


def congkhai_bin():
    """The real binary: $CONGKHAI_BIN, else a debug build made here."""
    if os.environ.get("CONGKHAI_BIN"):
        return os.environ["CONGKHAI_BIN"]
    subprocess.run(["cargo", "build", "-q", "--bin", "congkhai"], cwd=REPO, check=True)
    return str(REPO / "target" / "debug" / "congkhai")


def snapshot_bundled_site(tmp, period="2020-Q4"):
    """Copies the bundled site into `tmp` and snapshots it with the real
    binary; returns the bag's folder."""
    site = Path(tmp) / "site"
    for part in ("content", "themes"):
        shutil.copytree(REPO / part, site / part)
    shutil.copy(REPO / "config.yaml", site / "config.yaml")
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    r = subprocess.run(
        [congkhai_bin(), "snapshot", period, "--root", str(site)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    return site / "archive" / period.lower()


def front_matter_value(path, key):
    """A top-level `key: value` of a Markdown file's front matter, unquoted."""
    m = re.search(rf"^{key}: *(.*)$", Path(path).read_text("utf-8"), re.M)
    return m.group(1).strip().strip('"') if m else None


class LinkCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def broken_local_links(data):
    """Links of the payload's HTML pages that a reader who opened the folder
    from disk could not follow: root-relative ones, and relative ones to a
    file not in the payload. Absolute http(s) URLs are the public address,
    allowed where a standard needs them (canonical links). The 404 pages are
    served at any missing address, so their links start from the public
    address's path: root-relative there, and only there."""
    data = Path(data)
    problems = []
    for page in sorted(data.rglob("*.html")):
        collector = LinkCollector()
        collector.feed(page.read_text("utf-8"))
        for link in collector.links:
            if re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I) or link.startswith("#"):
                continue
            rel = page.relative_to(data).as_posix()
            if link.startswith("/"):
                if page.name != "404.html":
                    problems.append(f"{rel}: root-relative link {link}")
                continue
            target = urllib.parse.unquote(link.split("#")[0].split("?")[0])
            resolved = os.path.normpath(page.parent / target)
            if not Path(resolved).is_relative_to(data):
                problems.append(f"{rel}: {link} leads outside the snapshot")
            elif not Path(resolved).is_file():
                problems.append(f"{rel}: {link} is not in the snapshot")
    return problems


def tree(root):
    root = Path(root)
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


try:
    import pytest
except ImportError:  # run as a plain script without pytest installed
    pytest = None

if pytest:

    @pytest.fixture(scope="session")
    def example_bag(tmp_path_factory):
        """The example's bag of a 3-file made-up site."""
        archive = tmp_path_factory.mktemp("snap") / "archive"
        code, out, err = make_bag(archive)
        assert code == 0, err
        return Path(out)

    @pytest.fixture(scope="session")
    def site_bag(tmp_path_factory):
        """The bundled site snapshotted by `congkhai snapshot 2020-Q4`, or the
        bag named by $CONGKHAI_BAG."""
        if os.environ.get("CONGKHAI_BAG"):
            return Path(os.environ["CONGKHAI_BAG"])
        return snapshot_bundled_site(tmp_path_factory.mktemp("site"))

    @pytest.fixture(params=["example", "site"])
    def bag(request):
        """Every check that holds for any bag runs on both."""
        return request.getfixturevalue(f"{request.param}_bag")

    def copy_of(bag, tmp_path):
        dest = tmp_path / bag.name
        shutil.copytree(bag, dest)
        return dest

    # --- any bag ---

    def test_bagit_full_validation_passes(bag):
        r = run_bagit(bag)
        assert r.returncode == 0, r.stderr
        assert "is valid" in r.stderr

    def test_bagit_catches_a_changed_byte(bag, tmp_path):
        # Shows the validator really hashes the payload (no --fast).
        bad = copy_of(bag, tmp_path)
        page = bad / "data" / "index.html"
        data = bytearray(page.read_bytes())
        data[-2] ^= 0x20
        page.write_bytes(bytes(data))
        assert run_bagit(bad).returncode != 0

    def test_warcio_check_passes_every_digest(bag):
        r = run_warcio_check(bag_warc(bag))
        assert r.returncode == 0, r.stdout + r.stderr
        records = r.stdout.count("WARC-Record-ID")
        # warcinfo + one response per payload file but the WARC itself, and per
        # folder a revisit at `…/` and a 301 from its address without the slash
        # (none for a domain root, whose address has no slash-less form)
        payload = sum(1 for p in (bag / "data").rglob("*") if p.is_file())
        folders = sum(1 for p in (bag / "data").rglob("index.html"))
        origin_root = re.fullmatch(r"https?://[^/]+/", warcinfo_fields(bag_warc(bag))["isPartOf"])
        redirects = folders - (1 if origin_root and (bag / "data" / "index.html").is_file() else 0)
        assert records == payload + folders + redirects, r.stdout
        revisits = r.stdout.count("digest present but not checked (revisit)")
        assert revisits == folders, r.stdout
        assert r.stdout.count("digest pass") == records - revisits, r.stdout

    def test_warc_framing_and_mandatory_headers(bag):
        assert check_warc(bag_warc(bag)) == []

    def test_warc_holds_the_payload_at_public_urls(bag):
        assert check_warc_matches_payload(bag) == []

    def test_folders_replay_at_their_public_addresses_and_redirect_without_slash(bag):
        # Issue 22: the WARC held …/index.html only, so a replay of the address
        # people cite (…/) answered 404.
        assert check_folder_addresses(bag) == []

    def test_dates_are_the_snapshot_moment(bag):
        if os.environ.get("CONGKHAI_BAG") and bag == Path(os.environ["CONGKHAI_BAG"]):
            pytest.skip("a given bag has its own moment")
        for _, _, raw, _ in gzip_members(bag_warc(bag).read_bytes()):
            assert parse_record(raw)[0]["WARC-Date"] == "2020-12-31T00:00:00Z"
        assert "Bagging-Date: 2020-12-31\n" in (bag / "bag-info.txt").read_text("utf-8")

    def test_bag_info_fields(bag):
        info = (bag / "bag-info.txt").read_text("utf-8")
        for label in (
            "Source-Organization",
            "External-Identifier",
            "External-Description",
            "Bagging-Date",
            "Bag-Software-Agent",
            "Bag-Group-Identifier",
            "Payload-Oxum",
        ):
            assert re.search(rf"^{label}: \S", info, re.M), label
        assert re.search(r"^Bag-Software-Agent: congkhai \d+\.\d+\.\d+$", info, re.M)

    def test_file_names_have_no_percent_cr_or_lf(bag):
        names = [p.relative_to(bag).as_posix() for p in bag.rglob("*")]
        assert names and not [n for n in names if re.search(r"[%\r\n]", n)]

    # --- the bundled site, snapshotted by the real binary ---

    def test_site_bag_describes_the_plan(site_bag):
        info = (site_bag / "bag-info.txt").read_text("utf-8")
        issuer = front_matter_value(REPO / "config.yaml", "issuer")
        title = front_matter_value(REPO / "content/ke-hoach/2020-q4/_index.md", "title")
        assert f"Source-Organization: {issuer}\n" in info
        assert f"External-Description: {title}\n" in info
        assert "External-Identifier: 2020-q4\n" in info
        assert "Bag-Group-Identifier: 2020-Q4\n" in info

    def test_site_bag_is_the_whole_site_in_both_languages(site_bag):
        data = site_bag / "data"
        for page in (
            "index.html",
            "en/index.html",
            "ke-hoach/2020-q4/index.html",
            "en/ke-hoach/2020-q4/index.html",
            "su-kien/ngay-phap-luat/index.html",
            "css/style.css",
            "2020-q4.warc.gz",
        ):
            assert (data / page).is_file(), page
        # A snapshot never holds older snapshots.
        assert not (data / "archive").exists()

    def test_site_bag_is_browsable_from_its_folder(site_bag):
        assert broken_local_links(site_bag / "data") == []

    def test_link_check_catches_a_missing_stylesheet(site_bag, tmp_path):
        # Shows the link check follows relative links into the payload.
        data = tmp_path / "data"
        shutil.copytree(site_bag / "data", data)
        (data / "css" / "style.css").unlink()
        assert any("css/style.css" in p for p in broken_local_links(data))

    def test_site_warc_pages_are_at_the_configured_address(site_bag):
        base = front_matter_value(REPO / "config.yaml", "base_url")
        uris = warc_pages(bag_warc(site_bag))
        assert f"{base}ke-hoach/2020-q4/index.html" in uris
        assert f"{base}en/index.html" in uris
        served, archived = uris[f"{base}index.html"], (site_bag / "data" / "index.html").read_bytes()
        # The page as served has no banner and names its live address; the bag's copy has
        # the banner and names its archive address; nothing else differs.
        assert b"notice-archived" not in served and b"notice-archived" in archived
        assert f'<link rel="canonical" href="{base}">'.encode() in served
        assert f'<link rel="canonical" href="{base}archive/2020-q4/">'.encode() in archived
        assert without_archive_marks(served) == without_archive_marks(archived)

    # --- the example's made-up site ---

    def test_example_warc_uris_are_percent_encoded(example_bag):
        assert sorted(warc_pages(bag_warc(example_bag))) == [
            "https://tayho.example.vn/css/site.css",
            "https://tayho.example.vn/index.html",
            "https://tayho.example.vn/tai-lieu/k%E1%BA%BF%20ho%E1%BA%A1ch%202020.txt",
        ]

    def test_framing_check_catches_a_truncated_file(example_bag, tmp_path):
        # `warcio check` alone accepts this file.
        warc = tmp_path / "cut.warc.gz"
        data = bag_warc(example_bag).read_bytes()
        warc.write_bytes(data[: len(data) - 30])
        problems = check_warc(warc)
        assert any("cut short" in p for p in problems), problems

    def rewrite_member(bag, tmp_path, index, change):
        """A copy of the WARC with member `index` rewritten by `change`."""
        members = [raw for _, _, raw, _ in gzip_members(bag_warc(bag).read_bytes())]
        members[index] = change(members[index])
        warc = tmp_path / "edited.warc.gz"
        warc.write_bytes(b"".join(gzip.compress(m, mtime=0) for m in members))
        return warc

    def test_framing_check_catches_a_missing_warc_date(example_bag, tmp_path):
        # `warcio check` alone accepts this record.
        warc = rewrite_member(
            example_bag, tmp_path, 1, lambda raw: re.sub(rb"WARC-Date: [^\r]*\r\n", b"", raw)
        )
        problems = check_warc(warc)
        assert any("mandatory header WARC-Date missing" in p for p in problems), problems

    def test_framing_check_catches_a_wrong_content_length(example_bag, tmp_path):
        # The block loses its last two bytes: Content-Length now lies.
        warc = rewrite_member(example_bag, tmp_path, 2, lambda raw: raw[:-6] + b"\r\n\r\n")
        problems = check_warc(warc)
        assert any("Content-Length" in p for p in problems), problems

    def test_framing_check_catches_two_records_in_one_member(example_bag, tmp_path):
        members = [raw for _, _, raw, _ in gzip_members(bag_warc(example_bag).read_bytes())]
        warc = tmp_path / "joined.warc.gz"
        warc.write_bytes(gzip.compress(members[0] + members[1], mtime=0))
        assert check_warc(warc) != []

    def test_same_input_same_bytes(example_bag, tmp_path):
        code, out, err = make_bag(tmp_path / "archive")
        assert code == 0, err
        assert tree(out) == tree(example_bag)

    def test_existing_snapshot_is_refused_and_unchanged(tmp_path):
        archive = tmp_path / "archive"
        code, out, err = make_bag(archive)
        assert code == 0, err
        before = tree(out)
        code, _, err = make_bag(archive)
        assert code == 1
        assert "already exists; snapshots are never replaced" in err
        assert "congkhai snapshot 2020-Q4 --revision 2" in err
        assert tree(out) == before
        assert sorted(p.name for p in archive.iterdir()) == ["2020-q4"]

    def test_a_revision_is_a_second_valid_bag(tmp_path):
        archive = tmp_path / "archive"
        assert make_bag(archive)[0] == 0
        original = tree(archive / "2020-q4")
        code, out, err = make_bag(archive, revision=2)
        assert code == 0, err
        assert Path(out) == archive / "2020-q4-r2"
        assert check_bag(out) == []
        assert tree(archive / "2020-q4") == original


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    bad = 0
    for bag_dir in sys.argv[1:]:
        found = check_bag(bag_dir)
        for p in found:
            print(p)
        print(f"{bag_dir}: {'OK' if not found else f'{len(found)} problem(s)'}")
        bad += bool(found)
    sys.exit(1 if bad else 0)
