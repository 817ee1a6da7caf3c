"""The review loop of the HTML report: what a reviewer copies to settle a failing figure.

For every figure whose verdict fails the run (and no live waiver covers), the report offers

* for a contradicted figure, the value the source states, to copy into the article;
* a waiver to paste into the claims file: one line of YAML, a flow mapping, so that it takes
  the indentation of the line it is pasted on and nothing else
  (``waive: {reason: "TODO: …", until: 2027-03-01}``), with where to paste it: under the
  figure's ``- value:`` line, or under the claim's ``- id:`` line when the claim lists no
  figures (its figures are read from its text, so only the claim can carry the waiver).

An unsupported figure's evidence cell quotes the closest passage the matcher weighed, or says
that none came close (see :func:`closest_note`).
"""

from __future__ import annotations

import datetime as dt
import html
import json

from claimcheck.model.claims import WAIVER_PLACEHOLDER
from claimcheck.model.results import ClaimResult, FigureResult, Verdict
from claimcheck.model.vocab import Reason

# a quarter: time enough to correct the article or hear from the source, short enough that the
# waiver is read again before it is forgotten
WAIVER_DAYS = 90

CLAIMS_SUFFIXES = (".yaml", ".yml")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def waiver_until(generated_at: str) -> dt.date:
    """WAIVER_DAYS after the day the report was made (today, for a report without a date)."""
    try:
        day = dt.date.fromisoformat(generated_at[:10])
    except ValueError:
        day = dt.date.today()
    return day + dt.timedelta(days=WAIVER_DAYS)


def waiver_yaml(until: dt.date) -> str:
    """The waiver as one line of YAML; the reason is a placeholder ``validate`` warns about."""
    return f"waive: {{reason: {json.dumps(WAIVER_PLACEHOLDER)}, until: {until.isoformat()}}}"


def _where(claim: ClaimResult, fig: FigureResult) -> str:
    """Where the waiver goes, said so that pasting it there is valid YAML."""
    if not claim.file.endswith(CLAIMS_SUFFIXES):
        return (
            "This article was checked without a claims file: save its claims with "
            "<code>claimcheck check --save-claims DIR</code>; there the figure is one line, "
            f"<code>- {{value: {_e(json.dumps(fig.value, ensure_ascii=False))}, …}}</code>: add "
            "a comma and the waiver inside its braces, before the closing <code>}</code>, and "
            "replace the reason."
        )
    if fig.line and fig.line != claim.line:
        anchor, key = f"- value: {json.dumps(fig.value, ensure_ascii=False)}", "value:"
        line = fig.line
    else:
        anchor, key, line = f"- id: {claim.id}", "id:", claim.line
    one_line = (
        " In a one-line figure <code>{value: …}</code>, add it inside the braces instead."
        if key == "value:"
        else " The claim lists no figures, so the waiver covers the whole claim."
    )
    return (
        f"Paste it on a new line right below <code>{_e(anchor)}</code> "
        f"(<code>{_e(claim.file)}</code> line {line}), lined up with <code>{key}</code>, "
        f"and replace the reason.{one_line}"
    )


def review_row(
    claim: ClaimResult, fig: FigureResult, slot: str, until: dt.date, columns: int
) -> str:
    """The review row under a failing figure (``slot`` keeps its element ids unique)."""
    parts = []
    if fig.verdict is Verdict.CONTRADICTED and fig.reason == Reason.DIRECTION:
        said = fig.detail[:1].upper() + fig.detail[1:]
        parts.append(f"<p>{_e(said)}: correct the article, or waive the figure.</p>")
    elif fig.verdict is Verdict.CONTRADICTED and fig.found:
        parts.append(
            f'<p>The source states <code id="fix-{slot}">{_e(fig.found)}</code> '
            f'<button type="button" data-copy="fix-{slot}" hidden>copy</button> '
            f"where the article says {_e(fig.value)}: correct the article, or waive the figure.</p>"
        )
    else:
        parts.append("<p>Correct the article or cite a source that states it, or waive it.</p>")
    parts.append(
        f'<pre><code id="waive-{slot}">{_e(waiver_yaml(until))}</code></pre>'
        f'<button type="button" data-copy="waive-{slot}" hidden>copy waiver</button>'
        f'<p class="muted">{_where(claim, fig)} The waiver lapses after {until.isoformat()}.</p>'
    )
    return (
        f'<tr class="review" data-verdict="{fig.verdict.value}"><td colspan="{columns}">'
        f"<details open><summary>fix or waive</summary>{''.join(parts)}</details></td></tr>"
    )


def closest_note(fig: FigureResult) -> str:
    """What the evidence cell says of an unsupported figure's evidence: the passage quoted is
    the closest one weighed (no value in it is this figure's), or there was none."""
    if fig.verdict is not Verdict.UNSUPPORTED or fig.reason != Reason.NOT_FOUND:
        return ""
    if fig.closest_only:
        return '<div class="closest muted">closest passage weighed; it does not state this:</div>'
    return '<span class="closest muted">no passage of the source came close to this figure</span>'
