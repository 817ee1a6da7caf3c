"""The HTML report in a real browser: headless Chromium renders it, runs its script, filters.

Driven through Chromium's own command line (``--dump-dom`` gives the DOM after scripts ran,
``--screenshot`` a PNG), so no browser-automation package is needed. Chromium is told to resolve
no host names, and the page's CSP forbids loading anything, so nothing leaves the machine.
Skipped when ``/usr/bin/chromium`` (Debian package ``chromium``) is not installed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_reports import CACHE_LINKS, sample_report

from claimcheck.model.results import Report
from claimcheck.report import render

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT_COPY = Path("/tmp/claimcheck-report.png")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="headless Chromium is not installed (/usr/bin/chromium; apt-get install -y chromium)",
)


def chromium(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()} | {
        "HOME": str(tmp_path)
    }  # keep Chromium's dot-files out of the real home
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",  # tests may run as root in a container
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--disable-breakpad",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
        "--mute-audio",
        # no name resolves, so even a bug cannot reach the network
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",  # console messages (CSP violations) go to stderr
        # virtual time: run the page's script to completion, then stop; no wall-clock waiting
        "--virtual-time-budget=3000",
        *args,
        url,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report()


@pytest.fixture
def page(tmp_path: Path, report: Report) -> Path:
    path = tmp_path / "report.html"
    path.write_text(render(report, "html", cache_links=CACHE_LINKS), encoding="utf-8")
    return path


def articles(dom: str) -> dict[str, bool]:
    """claim id -> visible, from the serialised DOM."""
    out = {}
    for tag in re.findall(r"<article\b[^>]*>", dom):
        claim = re.search(r'data-claim="([^"]*)"', tag)
        assert claim is not None, tag
        out[claim.group(1)] = not re.search(r"\shidden(=|\s|>)", tag)
    return out


def test_rows_render_and_script_runs(tmp_path: Path, page: Path, report: Report) -> None:
    done = chromium(tmp_path, page.as_uri(), "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert articles(dom) == {c.id: True for c in report.claims}
    assert re.search(r'<html[^>]*data-filter="all"', dom), "the filter script did not run"
    assert "11 of 11 claims shown" in dom
    form = re.search(r'<form[^>]*id="filter"[^>]*>', dom)
    assert form is not None and "hidden" not in form.group(0)  # the script showed the filter
    assert dom.count("<script") == 1  # the claim's <script> stayed text
    assert "Content Security Policy" not in done.stderr  # our own script was allowed


def test_fragment_filters_by_verdict(tmp_path: Path, page: Path, report: Report) -> None:
    dom = chromium(tmp_path, page.as_uri() + "#only=contradicted", "--dump-dom").stdout
    visible = articles(dom)
    assert visible == {c.id: c.verdict.value == "contradicted" for c in report.claims}
    assert re.search(r'<html[^>]*data-filter="contradicted"', dom)
    assert "3 of 11 claims shown" in dom

    # a file with nothing left to show is hidden with its heading
    dom = chromium(tmp_path, page.as_uri() + "#only=approximate", "--dump-dom").stdout
    sections = re.findall(r"<section class=\"file\"( hidden=\"\")?><h2>([^<]*)</h2>", dom)
    assert sections == [("", "claims/lantern.yaml"), (' hidden=""', "claims/harbor.yaml")]

    dom = chromium(tmp_path, page.as_uri() + "?only=failing", "--dump-dom").stdout
    visible = articles(dom)
    assert {k for k, shown in visible.items() if shown} == {
        "cloud-margin", "capex", "hostile", "fx-rate", "old-waiver"
    }  # fmt: skip
    assert "5 of 11 claims shown" in dom


def test_csp_blocks_injected_script(tmp_path: Path, page: Path) -> None:
    """Defence in depth: markup that escaped escaping still would not run."""
    html = page.read_text(encoding="utf-8")
    injected = html.replace("</main>", '<script>document.title = "pwned"</script></main>', 1)
    bad = tmp_path / "injected.html"
    bad.write_text(injected, encoding="utf-8")
    done = chromium(tmp_path, bad.as_uri(), "--dump-dom")
    assert "<title>claimcheck report</title>" in done.stdout
    assert "Content Security Policy" in done.stderr


def test_screenshot(tmp_path: Path, page: Path) -> None:
    shot = tmp_path / "report.png"
    done = chromium(tmp_path, page.as_uri(), f"--screenshot={shot}", "--window-size=1280,900")
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 900)
    assert len(data) > 20_000  # a rendered page, not a blank canvas
    with contextlib.suppress(OSError):  # a copy for a person to look at; not the test's point
        shutil.copyfile(shot, SCREENSHOT_COPY)
