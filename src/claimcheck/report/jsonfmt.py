"""The JSON report: the documented contract (schema ``claimcheck.report/1``)."""

from __future__ import annotations

import json

from claimcheck.model.results import Report


def render(report: Report, **_: object) -> str:
    # one line: json's C encoder writes it ~10x faster than an indented document, which matters
    # for audits of thousands of figures (pipe it through `jq .` to read it)
    return json.dumps(report.to_json(), ensure_ascii=False) + "\n"
