"""SARIF 2.1.0 for code scanning (e.g. GitHub's upload-sarif): one result per failing figure.

A result points at the figure's line in the claims file, so the alert shows up on the article's
claims in the pull request. Rules are ``claimcheck/<verdict>/<reason>``, so alerts can be
filtered and dismissed by kind. ``partialFingerprints`` hash the file, claim id and figure value
(not the line or the verdict): the alert stays the same alert when the file is edited above it or
the figure's verdict changes, and closes when the figure is fixed. Waived figures are included
with a ``suppressions`` entry, which is how SARIF records an accepted finding.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath
from typing import Any
from urllib.parse import quote

from claimcheck import PROJECT_URL
from claimcheck.config import DEFAULT_FAIL_ON
from claimcheck.model.results import ClaimResult, FigureResult, Report, Verdict
from claimcheck.model.vocab import Reason
from claimcheck.report.baseline import failures

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "claimcheck/v1"

# the source read and disagrees or is silent: error; the claim could not be checked: warning
LEVELS = {
    Verdict.CONTRADICTED: "error",
    Verdict.UNSUPPORTED: "error",
    Verdict.UNVERIFIABLE: "warning",
    Verdict.UNCITED: "warning",
    Verdict.APPROXIMATE: "note",
    Verdict.SUPPORTED: "note",
}
VERDICT_TEXT = {
    Verdict.CONTRADICTED: "The cited source gives a different value for this figure",
    Verdict.UNSUPPORTED: "The cited source was read and does not state this figure",
    Verdict.UNVERIFIABLE: "The cited source could not be read, so the figure was not checked",
    Verdict.UNCITED: "The claim cites no source",
    Verdict.APPROXIMATE: "The source states a close value, not at the claim's precision",
    Verdict.SUPPORTED: "The source states this figure",
}


def _reason_text(reason: str) -> str:
    if reason in Reason._value2member_map_:
        return Reason(reason).text
    if reason.startswith("http_"):
        return f"the server answered HTTP {reason[5:]}"
    return reason.replace("_", " ")


def rule_id(verdict: Verdict, reason: str) -> str:
    return f"claimcheck/{verdict.value}/{reason}" if reason else f"claimcheck/{verdict.value}"


def _rule(verdict: Verdict, reason: str) -> dict[str, Any]:
    name = "".join(part.capitalize() for part in f"{verdict.value}_{reason}".split("_") if part)
    short = f"{VERDICT_TEXT[verdict]}" + (f": {_reason_text(reason)}" if reason else "")
    return {
        "id": rule_id(verdict, reason),
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {
            "text": f"{short}. Verdict {verdict.value!r}, reason {reason or 'none'!r}."
        },
        "helpUri": PROJECT_URL,
        "help": {
            "text": "Check the figure against the evidence quoted in the result; correct the "
            "claim, cite a source that states it, or record a reviewed waiver in the claims file."
        },
        "defaultConfiguration": {"level": LEVELS[verdict]},
        "properties": {"tags": ["claimcheck", verdict.value]},
    }


def artifact_uri(file: str) -> str:
    """The claims file as a URI reference: relative paths stay relative, as code scanning needs."""
    path = PurePath(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(PurePosixPath(*path.parts).as_posix(), safe="/-._~")


def fingerprint(file: str, claim_id: str, value: str) -> str:
    data = "\0".join((PurePosixPath(*PurePath(file).parts).as_posix(), claim_id, value))
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def _q(text: str) -> str:
    return f"\u201c{' '.join(text.split())}\u201d"


def _message(claim: ClaimResult, fig: FigureResult | None) -> str:
    if fig is None:
        return f"Claim {claim.id} is {claim.verdict.value}: {_q(claim.text)}"
    parts = [
        f"Claimed {_q(fig.value)}"
        + (f" ({fig.about})" if fig.about else "")
        + f" in claim {claim.id} is {fig.verdict.value} ({fig.reason}): {fig.detail}."
    ]
    if fig.found:
        parts.append(f"The source says {_q(fig.found)}.")
    if fig.evidence:
        label = "The closest passage weighed" if fig.closest_only else "Evidence"
        parts.append(f"{label}: {_q(fig.evidence)}")
    if fig.source or fig.url:
        parts.append(f"Source [{fig.source or '?'}]: {fig.url or '(unknown)'}")
    if fig.waiver_expired or claim.waiver_expired:
        parts.append(f"The waiver expired on {fig.waiver_expired or claim.waiver_expired}.")
    return " ".join(parts)


def _result(
    claim: ClaimResult, fig: FigureResult | None, rules: dict[str, int], catalog: list[Any]
) -> dict[str, Any]:
    verdict = fig.verdict if fig is not None else claim.verdict
    reason = fig.reason if fig is not None else (claim.figures[0].reason if claim.figures else "")
    rid = rule_id(verdict, reason)
    if rid not in rules:
        rules[rid] = len(catalog)
        catalog.append(_rule(verdict, reason))
    value = fig.value if fig is not None else ""
    line = (fig.line if fig is not None else 0) or claim.line or 1
    result: dict[str, Any] = {
        "ruleId": rid,
        "ruleIndex": rules[rid],
        "level": LEVELS[verdict],
        "message": {"text": _message(claim, fig)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(claim.file)},
                    "region": {"startLine": line},
                },
                "logicalLocations": [{"name": claim.id, "kind": "member"}],
            }
        ],
        "partialFingerprints": {FINGERPRINT: fingerprint(claim.file, claim.id, value)},
        "properties": {
            "claim": claim.id,
            "figure": value,
            "verdict": verdict.value,
            "reason": reason,
            "found": fig.found if fig is not None else None,
            "source": fig.source if fig is not None else None,
            "url": fig.url if fig is not None else None,
        },
    }
    waiver = (fig.waived if fig is not None else None) or claim.waived
    if waiver:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": waiver}
        ]
    return result


def _waived(report: Report, fail_on: tuple[str, ...]) -> list[tuple[ClaimResult, FigureResult]]:
    return [
        (claim, fig)
        for claim in report.claims
        for fig in claim.figures
        if fig.waived and fig.verdict.value in fail_on
    ]


def _invocation(report: Report) -> dict[str, Any]:
    """How much could be checked, as the run's first notification; an audit that checked
    nothing did not succeed (code scanning shows the notification as a tool error)."""
    coverage = report.coverage()
    return {
        "executionSuccessful": not coverage.checked_nothing,
        "endTimeUtc": report.generated_at,
        "toolExecutionNotifications": [
            {
                "level": "error" if coverage.checked_nothing else "note",
                "message": {"text": coverage.line()},
                "descriptor": {"id": "claimcheck/coverage"},
            }
        ],
    }


@dataclass(frozen=True)
class Options:
    """``fail_on``: the verdicts whose figures are results (waived ones are suppressed)."""

    fail_on: tuple[str, ...] = DEFAULT_FAIL_ON


def render(report: Report, options: Options | None = None) -> str:
    wanted = tuple((options or Options()).fail_on)
    rules: dict[str, int] = {}
    catalog: list[Any] = []
    results = [_result(c, f, rules, catalog) for c, f in failures(report, wanted)]
    results += [_result(c, f, rules, catalog) for c, f in _waived(report, wanted)]
    driver: dict[str, Any] = {"name": "claimcheck", "informationUri": PROJECT_URL}
    if report.tool_version:
        driver["version"] = report.tool_version
    driver["rules"] = catalog
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "invocations": [_invocation(report)],
                "results": results,
                "properties": {"coverage": report.coverage().to_json()},
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
