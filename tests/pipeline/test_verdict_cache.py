"""Cached verdicts are keyed by every input the matcher reads: a change to any of them, to the
code that decides, or to a library it calls, means a new verdict, never a stale one."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from claimcheck.model.claims import Claim, Figure, Tolerance
from claimcheck.pipeline import VERDICT_CODE, FigureJob, verdict_inputs
from clirun import ROOT, claimcheck

BASE_FIGURE = Figure(value="16.2%", line=7, about="cloud operating margin")
BASE_CLAIM = Claim(id="margin", text="The cloud margin was 16.2%", line=5, sources=("1",),
                   figures=(BASE_FIGURE,), period="Q2 2026")  # fmt: skip
BASE = FigureJob((0, 0, 0), BASE_FIGURE, BASE_CLAIM, None, "1", "sources/update.txt")


@pytest.mark.parametrize(
    "changed",
    [
        replace(BASE, figure=replace(BASE_FIGURE, value="16.3%")),
        replace(BASE, figure=replace(BASE_FIGURE, about="cloud margin")),
        replace(BASE, figure=replace(BASE_FIGURE, change="increase")),
        replace(BASE, figure=replace(BASE_FIGURE, tolerance=Tolerance(Decimal("0.01"), True))),
        replace(BASE, figure=replace(BASE_FIGURE, tolerance=Tolerance(Decimal("0.01"), False))),
        replace(BASE, figure=replace(BASE_FIGURE, line=8)),
        replace(BASE, claim=replace(BASE_CLAIM, text="The cloud margin was 16.2% in Q2")),
        replace(BASE, claim=replace(BASE_CLAIM, period="Q1 2026")),
        replace(BASE, claim=replace(BASE_CLAIM, period=None)),
        replace(BASE, position=21),
        replace(BASE, source_key="2"),
        replace(BASE, url="sources/other.txt"),
    ],
    ids=lambda job: "",
)
def test_every_input_of_the_matcher_changes_the_key(changed: FigureJob) -> None:
    assert changed.signature() != BASE.signature()


def test_a_waiver_does_not_change_the_key() -> None:
    # waivers are applied after matching: editing one must not throw the verdict away
    from claimcheck.model.claims import Waiver

    waived = replace(BASE, figure=replace(BASE_FIGURE, waive=Waiver("accepted", None, 9)))
    assert waived.signature() == BASE.signature()


def test_the_code_digest_covers_every_verdict_module_and_library() -> None:
    names = {name for name, _ in verdict_inputs()}
    src = ROOT / "src" / "claimcheck"
    # the code that decides a verdict: the matcher, the vocabularies, the records, the parser,
    # the extractor and the claims file reader (sentence rules live in lexicon)
    for package in ("match", "lexicon", "model", "quantities", "extract", "claimsfile"):
        assert package in VERDICT_CODE
        for path in (src / package).rglob("*.py"):
            assert f"{package}/{path.relative_to(src / package).as_posix()}" in names
    assert {"library snowballstemmer", "library rapidfuzz", "library lxml"} <= names


def test_editing_a_claims_period_is_seen_by_a_warm_run(tmp_path: Path) -> None:
    # the reported bug: a warm run kept serving the verdict of the old period
    source = ROOT / "tests" / "fixtures" / "sources" / "quarterly-update.txt"
    shutil.copy(source, tmp_path / "update.txt")
    claims = tmp_path / "margin.yaml"

    def write(period: str) -> None:
        claims.write_text(
            "sources:\n  1: {path: update.txt}\nclaims:\n"
            "  - id: margin\n    text: The cloud unit's operating margin was 16.2%\n"
            f"    sources: [1]\n    period: {period}\n",
            encoding="utf-8",
        )

    def verdicts(cache: str) -> list[tuple[str, str | None]]:
        run = claimcheck("run", str(claims), "--offline", "--format", "json",
                         "--cache-dir", cache, cwd=tmp_path)  # fmt: skip
        assert run.returncode in (0, 1), run.stderr
        figures = json.loads(run.stdout)["claims"][0]["figures"]
        return [(f["verdict"], f["found"]) for f in figures]

    write("Q2 2026")
    assert verdicts("warm") == [("supported", "16.2%")]
    write("Q1 2026")
    cold = verdicts("cold")
    assert cold == [("contradicted", "14.9%")]  # 16.2% is the second quarter's margin
    assert verdicts("warm") == cold
