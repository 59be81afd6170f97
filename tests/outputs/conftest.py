"""Builds the bundled site twice (for stability checks) into temporary folders.

The binary is `cargo run -- build` unless CONGKHAI_BIN names an already built one.
"""

import os
import pathlib
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


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> pathlib.Path:
    return _build(tmp_path_factory.mktemp("first") / "site")


@pytest.fixture(scope="session")
def site_again(tmp_path_factory) -> pathlib.Path:
    return _build(tmp_path_factory.mktemp("second") / "site")
