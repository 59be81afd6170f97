#!/usr/bin/env python3
"""The publishing recipes, for real: the bundled site (with a snapshot, for its .warc.gz)
served by Debian's nginx with the configuration `congkhai host-config nginx` prints, or by
Debian's Apache with the `.htaccess` that `congkhai host-config apache` prints, at a
domain's root and under a sub-path, on 127.0.0.1. Checks that every link and asset of
every page answers 200 (a crawl of href and src), that a missing page answers 404 with the
styled 404 page of its language, that each kind of output file carries its Content-Type,
that a .warc.gz is sent as it is (no Content-Encoding), and that pages carry the security
headers.

For Apache the served folder is a mirror made with the rsync line of docs/publishing.md,
over an older copy holding a stale page and the `.htaccess`: the stale page must be gone,
the `.htaccess` kept, and the mirror equal to output/.

    python3 .ci/host_check.py --server nginx --bin target/debug/congkhai
    python3 .ci/host_check.py --server apache --bin target/debug/congkhai

The server runs from a temporary folder of its own (config, pid and logs) on a free
unprivileged port, and is stopped however the check ends. Standard library only.
"""
import argparse
import filecmp
import html.parser
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# What each kind of output must be served as (the whole header, parameters included).
EXPECTED_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".warc.gz": "application/warc",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
}
SECURITY_HEADERS = ["Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"]


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    """(status, headers, body) without raising on 4xx/5xx; redirects are followed."""
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def run(cmd, **kw):
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)


def start_listening(cmd, port):
    """Starts a server and waits until it listens on 127.0.0.1:`port` (5 s at most)."""
    proc = subprocess.Popen(cmd)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} exited with {proc.returncode}")
            time.sleep(0.05)
    proc.terminate()
    raise RuntimeError(f"{cmd[0]} did not start listening")


def start_nginx(work, server_block, port):
    prefix = os.path.join(work, "nginx")
    os.makedirs(os.path.join(prefix, "logs"), exist_ok=True)
    with open(os.path.join(prefix, "site.conf"), "w") as f:
        # The printed block listens on 80; the check needs an unprivileged loopback port.
        f.write(server_block.replace("    listen 80;", f"    listen 127.0.0.1:{port};"))
    temp_paths = "".join(
        f"    {d}_temp_path {prefix}/{d};\n" for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    with open(os.path.join(prefix, "nginx.conf"), "w") as f:
        f.write(
            f"{user}worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/logs/error.log;\n"
            f"events {{ worker_connections 64; }}\nhttp {{\n    access_log off;\n{temp_paths}"
            f"    include {prefix}/site.conf;\n}}\n"
        )
    conf = os.path.join(prefix, "nginx.conf")
    run(["nginx", "-t", "-q", "-p", prefix, "-c", conf])
    return start_listening(["nginx", "-p", prefix, "-c", conf, "-g", "daemon off;"], port)

APACHE_MODULES = "/usr/lib/apache2/modules"


def start_apache(work, docroot, port):
    """Debian's Apache with its own MIME configuration (mods-available/mime.conf, as an
    installed server has it) and the site's `.htaccess` allowed as docs/publishing.md says."""
    os.makedirs(work, exist_ok=True)
    modules = "".join(
        f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so\n"
        for m in ("mpm_event", "authz_core", "dir", "mime", "headers", "env", "alias")
    )
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    conf = os.path.join(work, "apache2.conf")
    with open(conf, "w") as f:
        f.write(
            f"ServerRoot {work}\nServerName 127.0.0.1\nListen 127.0.0.1:{port}\n"
            f"PidFile {work}/apache2.pid\nErrorLog {work}/error.log\nLogLevel warn\n"
            f"Mutex file:{work} default\n{user}{modules}"
            "Include /etc/apache2/mods-available/mime.conf\n"
            f"DocumentRoot {docroot}\nAccessFileName .htaccess\n"
            "<Directory />\n    AllowOverride None\n    Require all denied\n</Directory>\n"
            f"<Directory {docroot}>\n    AllowOverride FileInfo Indexes\n    Require all granted\n</Directory>\n"
        )
    run(["apache2", "-t", "-f", conf])
    return start_listening(["apache2", "-f", conf, "-DFOREGROUND"], port)


def rsync_line():
    """The rsync command docs/publishing.md gives, as an editor would copy it."""
    with open(os.path.join(REPO, "docs", "publishing.md"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("rsync ") and "output/ server:" in line:
                return line.split()
    raise RuntimeError("docs/publishing.md has no `rsync … output/ server:…` line")


def mirror(output, dest, htaccess, problems):
    """The server's copy made with the documented rsync line, over an older copy that
    holds a page the site no longer has and the .htaccess the server needs."""
    os.makedirs(os.path.join(dest, "trang-cu"), exist_ok=True)
    with open(os.path.join(dest, "trang-cu", "index.html"), "w") as f:
        f.write("<!doctype html><title>old</title>")
    with open(os.path.join(dest, ".htaccess"), "w") as f:
        f.write(htaccess)
    cmd = [output.rstrip("/") + "/" if a == "output/" else dest.rstrip("/") + "/" if a.startswith("server:") else a for a in rsync_line()]
    run(cmd, stdout=subprocess.DEVNULL)
    if os.path.exists(os.path.join(dest, "trang-cu")):
        problems.append(f"{dest}: rsync left the stale page trang-cu/")
    with open(os.path.join(dest, ".htaccess")) as f:
        if f.read() != htaccess:
            problems.append(f"{dest}: rsync did not keep .htaccess")

    def differ(cmp, where=""):
        found = [os.path.join(where, n) for n in cmp.left_only + cmp.diff_files + cmp.funny_files]
        found += [os.path.join(where, n) for n in cmp.right_only if n != ".htaccess" or where]
        for name, sub in sorted(cmp.subdirs.items()):
            found += differ(sub, os.path.join(where, name))
        return found

    cmp = filecmp.dircmp(output, dest, ignore=[])
    for name in differ(cmp):
        problems.append(f"{dest}: the mirror differs from output/ at {name}")


def check(output, origin, path, problems):
    base = origin + path
    # 1. The crawl: every page reached from the home pages, every href and src in them.
    seen, queue, pages = set(), [base + "index.html", base + "en/index.html"], 0
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, headers, body = get(url)
        if status != 200:
            problems.append(f"{url}: status {status}")
            continue
        if not headers.get("Content-Type", "").startswith("text/html"):
            continue
        pages += 1
        for h in SECURITY_HEADERS:
            if not headers.get(h):
                problems.append(f"{url}: no {h} header")
        parser = Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.found:
            target = urllib.parse.urldefrag(urllib.parse.urljoin(url, link))[0]
            if target.startswith(origin):
                if not urllib.parse.urlsplit(target).path.startswith(path):
                    problems.append(f"{url}: link {link} leaves the site's path {path}")
                queue.append(target)
    print(f"  crawled {len(seen)} addresses ({pages} pages) under {base}")
    if pages < 50:
        problems.append(f"{base}: only {pages} pages reached by the crawl")

    # 2. Missing pages: 404, the language's own 404 page, and its stylesheet loads.
    for missing, page in (("khong-co-trang-nay/", "404.html"), ("en/no-such-page", "en/404.html")):
        status, headers, body = get(base + missing)
        with open(os.path.join(output, page), "rb") as f:
            expected = f.read()
        if status != 404 or body != expected:
            problems.append(f"{base + missing}: status {status}, body is {'' if body == expected else 'not '}{page}")
        if not headers.get("Content-Security-Policy"):
            problems.append(f"{base + missing}: no Content-Security-Policy header on the 404 page")
        parser = Links()
        parser.feed(body.decode("utf-8", "replace"))
        sheets = [l for l in parser.found if l.endswith("css/style.css")]
        if not sheets:
            problems.append(f"{base + missing}: the 404 page links no stylesheet")
        for sheet in sheets:
            s, h, _ = get(urllib.parse.urljoin(base + missing, sheet))
            if s != 200 or not h.get("Content-Type", "").startswith("text/css"):
                problems.append(f"{base + missing}: its stylesheet {sheet} answers {s} {h.get('Content-Type')}")

    # 3. Content types, one file of each kind, byte for byte.
    for ext, expected_type in EXPECTED_TYPES.items():
        found = None
        for d, _, files in sorted(os.walk(output)):
            for name in sorted(files):
                if name.endswith(ext) and not (ext == ".json" and name.endswith(".warc.gz")):
                    found = os.path.relpath(os.path.join(d, name), output).replace(os.sep, "/")
                    break
            if found:
                break
        if not found:
            problems.append(f"no {ext} file in {output} to check")
            continue
        status, headers, body = get(base + urllib.parse.quote(found))
        got = headers.get("Content-Type")
        with open(os.path.join(output, found), "rb") as f:
            same = f.read() == body
        if status != 200 or got != expected_type or not same:
            problems.append(f"{base + found}: status {status}, Content-Type {got!r}, expected {expected_type!r}" + ("" if same else ", body differs from the file"))
        if headers.get("Content-Encoding"):
            problems.append(f"{base + found}: Content-Encoding {headers.get('Content-Encoding')} (the file must arrive as it is)")
        print(f"  {found}: {got}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--server", choices=("nginx", "apache"), default="nginx")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    work = tempfile.mkdtemp(prefix=f"congkhai-{args.server}-")
    os.chmod(work, 0o755)  # the server's workers read the site from here
    env = dict(os.environ, SOURCE_DATE_EPOCH="1605257460")
    problems = []
    try:
        site = os.path.join(work, "site")
        os.makedirs(site)
        for name in ("config.yaml", "content", "themes"):
            src = os.path.join(REPO, name)
            (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(site, name))
        # A snapshot, so the site publishes a .warc.gz under archive/.
        run([binary, "snapshot", "2020-Q4", "--quiet", "--root", site], env=env)
        for label, path in (("domain root", "/"), ("sub-path", "/phuong-tu-lien/")):
            print(f"\n== {args.server}, site at the {label} ({path})", flush=True)
            port = free_port()
            origin = f"http://127.0.0.1:{port}"
            slug = label.replace(" ", "-")
            output = os.path.join(work, "output-" + slug)
            run([binary, "build", "--quiet", "--root", site, "--output", output, "--base-url", origin + path], env=env)
            config = subprocess.run(
                [binary, "host-config", args.server, "--root", site, "--output", output, "--base-url", origin + path],
                check=True, capture_output=True, text=True,
            ).stdout
            before = len(problems)
            if args.server == "nginx":
                proc = start_nginx(os.path.join(work, slug), config, port)
            else:
                docroot = os.path.join(work, "www-" + slug)
                served = os.path.join(docroot, path.strip("/"))
                mirror(output, served, config, problems)
                proc = start_apache(os.path.join(work, "apache-" + slug), docroot, port)
            try:
                check(output, origin, path, problems)
                print(f"  {len(problems) - before} problems")
            finally:
                proc.terminate()
                proc.wait(timeout=10)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for p in problems:
        print("FAIL", p)
    print(f"{args.server} recipe: {'ok' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
