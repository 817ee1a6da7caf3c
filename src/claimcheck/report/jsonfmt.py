"""The JSON report: the documented contract (schema ``claimcheck.report/1``)."""

from __future__ import annotations

import json

from claimcheck.results import Report


def render(report: Report, **_: object) -> str:
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
