"""The review loop in a real browser: a reviewer clicks "copy waiver" in the HTML report, pastes
the clipboard where the report says, and the claims file still validates and the figure is
waived.

Headless Chromium (Debian's ``/usr/bin/chromium``) is driven through Playwright, with the
clipboard permissions a reviewer's browser grants a page they opened; host names resolve to
nothing, so the page cannot reach the network. Skipped without Chromium or Playwright.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimcheck.model.claims import WAIVER_PLACEHOLDER
from clirun import ROOT, claimcheck

CHROMIUM = Path("/usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="headless Chromium is not installed (/usr/bin/chromium; apt-get install -y chromium)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND"],
        )
        yield browser
        browser.close()


@pytest.fixture
def audit(tmp_path: Path) -> tuple[Path, Path]:
    """The quick-start article's claims in a scratch folder, and its HTML report."""
    folder = tmp_path / "quickstart"
    shutil.copytree(ROOT / "examples" / "quickstart", folder)
    report = tmp_path / "report.html"
    done = claimcheck("run", "quickstart", "--format", "html", "-o", str(report), cwd=tmp_path)
    assert done.returncode == 1, done.stderr  # two contradicted figures
    return folder / "claims.yaml", report


def click_copy(browser: Any, report: Path, claim: str, label: str) -> tuple[str, str]:
    """Click the ``label`` button in ``claim``'s review row: (the clipboard, the row's text)."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(report.as_uri())
        row = page.locator(f'article[data-claim="{claim}"] tr.review')
        # a handle, not a locator: the button's label changes once it has copied
        button = row.get_by_role("button", name=label, exact=True).element_handle()
        button.click()
        page.wait_for_function("b => b.textContent === 'copied'", arg=button, timeout=5000)
        return page.evaluate("navigator.clipboard.readText()"), row.inner_text()
    finally:
        context.close()


def paste_below(claims: Path, row_text: str, clipboard: str) -> None:
    """Do what the row says: paste on a new line right below the anchor line it names, lined
    up with the key it names."""
    where = re.search(r"right below (.+?) \(.+? line (\d+)\), lined up with (\w+):", row_text)
    assert where is not None, row_text
    anchor, line, key = where.group(1), int(where.group(2)), where.group(3)
    lines = claims.read_text(encoding="utf-8").splitlines(keepends=True)
    target = lines[line - 1]
    assert target.strip() == anchor, (target, anchor)
    column = target.index(key + ":")
    lines.insert(line, " " * column + clipboard + "\n")
    claims.write_text("".join(lines), encoding="utf-8")


def test_the_copied_waiver_pasted_where_the_report_says_validates_and_waives(
    browser: Any, audit: tuple[Path, Path], tmp_path: Path
) -> None:
    claims, report = audit
    clipboard, row = click_copy(browser, report, "operating-margin", "copy waiver")
    assert clipboard.startswith("waive: {reason: ")
    paste_below(claims, row, clipboard)

    done = claimcheck("validate", "quickstart", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the waiver's reason is still the placeholder" in done.stderr

    text = claims.read_text(encoding="utf-8").replace(WAIVER_PLACEHOLDER, "rounding, per desk")
    claims.write_text(text, encoding="utf-8")
    done = claimcheck("validate", "quickstart", cwd=tmp_path)
    assert done.returncode == 0 and "placeholder" not in done.stderr

    done = claimcheck("run", "quickstart", "--format", "json", cwd=tmp_path)
    assert done.returncode == 1  # the direction contradiction still fails
    claims_out = {c["id"]: c for c in json.loads(done.stdout)["claims"]}
    (margin,) = claims_out["operating-margin"]["figures"]
    assert (margin["verdict"], margin["waived"]) == ("contradicted", "rounding, per desk")


def test_the_value_the_source_states_copies_for_the_article(
    browser: Any, audit: tuple[Path, Path]
) -> None:
    _, report = audit
    clipboard, row = click_copy(browser, report, "operating-margin", "copy")
    assert clipboard == "7.5%"
    assert "where the article says 8.5%" in row
