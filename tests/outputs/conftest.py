"""Builds the bundled site twice (for stability checks) into temporary folders.

The binary is `cargo run -- build` unless CONGKHAI_BIN names an already built one.
"""

import os
import pathlib
import shutil
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
BASE_URL = "https://congkhai.example/"


def _build(out: pathlib.Path) -> pathlib.Path:
    binary = os.environ.get("CONGKHAI_BIN")
    cmd = [binary] if binary else ["cargo", "run", "--quiet", "--"]
    cmd += ["build", "--root", str(REPO), "--output", str(out)]
    subprocess.run(cmd, cwd=REPO, check=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1605257460"})
    return out


def build_small_site(tmp_path: pathlib.Path, config: str, pages: dict) -> pathlib.Path:
    """Builds a small synthetic site (test data, not the office's content): the repository's
    themes, `config` as config.yaml, `pages` as {path under content/: text}. Returns the
    output folder."""
    root = tmp_path / "site"
    shutil.copytree(REPO / "themes", root / "themes")
    (root / "config.yaml").write_text(config, encoding="utf-8")
    for rel, text in pages.items():
        p = root / "content" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    binary = os.environ.get("CONGKHAI_BIN")
    cmd = [binary] if binary else ["cargo", "run", "--quiet", "--"]
    subprocess.run(cmd + ["build", "--root", str(root), "--output", str(out)], cwd=REPO, check=True)
    return out


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> pathlib.Path:
    return _build(tmp_path_factory.mktemp("first") / "site")


@pytest.fixture(scope="session")
def site_again(tmp_path_factory) -> pathlib.Path:
    return _build(tmp_path_factory.mktemp("second") / "site")
