"""The records and closed vocabularies every stage shares: one copy of each, serialising as the
plain strings the report, the cache and the claims file keep."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from claimcheck.config import VERDICTS
from claimcheck.model.claims import Source, Tolerance, Waiver
from claimcheck.model.document import Block, Document, ExtractFailure
from claimcheck.model.results import FigureResult, Verdict
from claimcheck.model.vocab import BlockKind, Direction, Qualifier, Reason, http_reason
from claimcheck.pipeline import Location


def test_every_reason_says_what_it_means() -> None:
    for reason in Reason:
        assert reason.text and reason.text[0].islower(), reason
    assert http_reason(404) == "http_404" and "http_404" not in Reason._value2member_map_


def test_vocabularies_serialise_as_their_codes() -> None:
    doc = {"d": Direction.INCREASE, "q": Qualifier.AT_LEAST, "k": BlockKind.TABLE_ROW}
    assert json.dumps(doc) == '{"d": "increase", "q": "at_least", "k": "table_row"}'
    assert f"{Direction.DECREASE}" == "decrease" and Reason.OPPOSITE_BOUND == "opposite_bound"


def test_qualifiers_are_bounds_or_hedges() -> None:
    for q in Qualifier:
        assert [q.lower_bound, q.upper_bound, q.hedge].count(True) == 1, q


def test_the_verdicts_config_accepts_are_the_verdicts() -> None:
    assert tuple(v.value for v in Verdict) == VERDICTS


@pytest.mark.parametrize(
    ("written", "amount", "relative"),
    [("0.5%", Decimal("0.005"), True), ("0.05", Decimal("0.05"), False), (" 2 % ", 0.02, True)],
)
def test_tolerance_as_written(written: str, amount: object, relative: bool) -> None:
    tolerance = Tolerance.parse(written)
    assert tolerance.amount == Decimal(str(amount)) and tolerance.relative is relative


@pytest.mark.parametrize("written", ["-1%", "five", ""])
def test_a_tolerance_that_is_no_amount_is_refused(written: str) -> None:
    with pytest.raises(InvalidOperation):
        Tolerance.parse(written)


def test_a_waiver_expires_after_its_day() -> None:
    waiver = Waiver("accepted by the desk", dt.date(2026, 1, 31), line=4)
    assert not waiver.expired(dt.date(2026, 1, 31)) and waiver.expired(dt.date(2026, 2, 1))
    assert not Waiver("for good", None, line=4).expired(dt.date(2999, 1, 1))


def test_a_document_keeps_its_block_kinds_through_json() -> None:
    doc = Document("Revenue | 12", (Block(BlockKind.TABLE_ROW, 0, 12, cells=((0, 7),)),), "Q4")
    back = Document.from_dict(json.loads(json.dumps(doc.to_dict())))
    assert back == doc and back.blocks[0].kind is BlockKind.TABLE_ROW
    with pytest.raises(ValueError):
        Block.from_dict({"kind": "sidebar", "start": 0, "end": 1})
    assert ExtractFailure(Reason.BLOCKED, "a bot check").reason == "blocked"


def test_a_figure_result_reads_back_what_it_wrote() -> None:
    result = FigureResult("26%", Verdict.SUPPORTED, Reason.EXACT, "the source states it", 12,
                          span=(3, 6), score=0.5)  # fmt: skip
    assert FigureResult.from_json(json.loads(json.dumps(result.to_json()))) == result
    with pytest.raises(ValueError):
        FigureResult.from_json({**result.to_json(), "line": "twelve"})


def test_a_source_location_is_typed_and_reads_as_before(tmp_path: Path) -> None:
    web = Location.of(Source("1", 3, url="https://example.com/q2"))
    local = Location.of(Source("2", 4, path=tmp_path / "q2.html"))
    assert (web.url, web.local, str(web)) == ("https://example.com/q2", False, web.url)
    assert local.local and str(local) == f"path:{tmp_path / 'q2.html'}"
    assert len({web, local, Location(url="https://example.com/q2")}) == 2  # one fetch each
