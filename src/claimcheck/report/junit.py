"""JUnit XML: one testsuite per claims file, one testcase per claim, for CI test-report views.

Each testsuite opens with a ``coverage`` property (how many cited figures could be checked);
when not one could, a first ``claimcheck`` testsuite holds a ``coverage`` testcase that is an
``<error>``, so the CI view does not look green. The outcome of a testcase follows the run's
fail-on list, so the CI view agrees with the exit
code: a claim that fails the run is a ``<failure>`` (an ``<error>`` when it fails because its
source could not be read, which is a different kind of problem); an unverifiable or uncited claim
that does not fail the run is ``<skipped>``, as is a waived one (with the waiver's reason). The
layout is the common denominator of Jenkins, GitLab, Azure DevOps and the GitHub test-report
actions: ``testsuites > testsuite > testcase``, with ``message``/``type`` attributes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from claimcheck.config import DEFAULT_FAIL_ON
from claimcheck.model.results import ClaimResult, FigureResult, Report, Verdict

# characters XML 1.0 cannot carry at all (ElementTree would write them and break the document)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(value: object) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


def _figure_text(fig: FigureResult) -> str:
    lines = [
        f"{fig.value or '(no figure)'}: {fig.verdict.value} ({fig.reason}) - {fig.detail}",
    ]
    if fig.line:
        lines.append(f"  line: {fig.line}")
    if fig.source:
        lines.append(f"  source [{fig.source}]: {fig.url or ''}")
    if fig.found:
        lines.append(f"  source says: {fig.found}")
    if fig.evidence:
        label = "closest passage" if fig.closest_only else "evidence"
        lines.append(f"  {label}: {' '.join(fig.evidence.split())}")
        if fig.page:
            lines.append(f"  page: {fig.page}")
    if fig.waived:
        lines.append(f"  waived: {fig.waived}")
    if fig.waiver_expired:
        lines.append(f"  waiver expired: {fig.waiver_expired}")
    return "\n".join(lines)


def _outcome(claim: ClaimResult, fail_on: tuple[str, ...]) -> tuple[str, str, str] | None:
    """(element, type, message) for a claim that is not a plain pass."""
    v = claim.verdict
    in_fail_on = v.value in fail_on
    bad = [f for f in claim.figures if f.verdict.value in fail_on and not f.waived] or [
        f for f in claim.figures if f.verdict is v
    ]
    reasons = sorted({f.reason for f in bad})
    kind = f"{v.value}/{reasons[0]}" if len(reasons) == 1 else v.value
    summary = "; ".join(f"{f.value or '(no figure)'}: {f.detail}" for f in bad) or v.value
    if claim.waived:
        return "skipped", kind, f"waived ({v.value}): {claim.waived}"
    if in_fail_on:
        expired = f" (waiver expired {claim.waiver_expired})" if claim.waiver_expired else ""
        element = "error" if v is Verdict.UNVERIFIABLE else "failure"
        return element, kind, f"{v.value}{expired}: {summary}"
    if v in (Verdict.UNVERIFIABLE, Verdict.UNCITED):
        return "skipped", kind, f"{v.value}: {summary}"
    return None


def _testcase(claim: ClaimResult, fail_on: tuple[str, ...]) -> tuple[ET.Element, str | None]:
    case = ET.Element(
        "testcase",
        {
            "classname": _x(claim.file),
            "name": _x(claim.id),
            "file": _x(claim.file),
            "line": str(claim.line),
            "time": "0",
        },
    )
    details = f"claim: {claim.text}\n" + "\n".join(_figure_text(f) for f in claim.figures)
    outcome = _outcome(claim, fail_on)
    if outcome is None:
        ET.SubElement(case, "system-out").text = _x(details)
        return case, None
    element, kind, message = outcome
    attrs = {"message": _x(message)}
    if element != "skipped":
        attrs["type"] = _x(kind)
    ET.SubElement(case, element, attrs).text = _x(details) if element != "skipped" else None
    if element == "skipped":
        ET.SubElement(case, "system-out").text = _x(details)
    return case, element


@dataclass(frozen=True)
class Options:
    """``fail_on``: the verdicts that are failures (the rest are skipped or pass)."""

    fail_on: tuple[str, ...] = DEFAULT_FAIL_ON


def render(report: Report, options: Options | None = None) -> str:
    wanted = tuple((options or Options()).fail_on)
    root = ET.Element("testsuites", {"name": "claimcheck"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    by_file: dict[str, list[ClaimResult]] = {}
    for claim in report.claims:
        by_file.setdefault(claim.file, []).append(claim)
    coverage = report.coverage()
    if coverage.checked_nothing:
        # first in the CI view, as an error: an audit that checked nothing is not a pass
        suite = ET.SubElement(root, "testsuite", {"name": "claimcheck"})
        case = ET.SubElement(suite, "testcase", {"classname": "claimcheck", "name": "coverage",
                                                 "time": "0"})  # fmt: skip
        message = f"nothing was checked: {coverage.line()}"
        ET.SubElement(case, "error", {"message": _x(message), "type": "checked_nothing"})
        for name, count in (("tests", 1), ("failures", 0), ("errors", 1), ("skipped", 0)):
            suite.set(name, str(count))
            totals[name] += count
        suite.set("time", "0")
        suite.set("timestamp", report.generated_at.removesuffix("Z"))
    for file, claims in by_file.items():
        suite = ET.SubElement(root, "testsuite", {"name": _x(file)})
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", {"name": "coverage", "value": _x(coverage.line())})
        counts = {"tests": len(claims), "failures": 0, "errors": 0, "skipped": 0}
        for claim in claims:
            case, element = _testcase(claim, wanted)
            suite.append(case)
            if element is not None:
                counts[{"failure": "failures", "error": "errors"}.get(element, element)] += 1
        # attributes after the children so the counts are right; order in the output is fixed
        for name in ("tests", "failures", "errors", "skipped"):
            suite.set(name, str(counts[name]))
            totals[name] += counts[name]
        suite.set("time", "0")
        suite.set("timestamp", report.generated_at.removesuffix("Z"))
    for name, count in totals.items():
        root.set(name, str(count))
    root.set("time", "0")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
