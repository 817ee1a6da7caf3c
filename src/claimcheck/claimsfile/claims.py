"""The claims of a file: each with a unique id, its text, the sources it cites (keys of the
source list), its figures (or none: then they are parsed from the text) and waivers.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import InvalidOperation

import yaml

from claimcheck.claimsfile.nodes import FileReader, line_of
from claimcheck.model.claims import Claim, Figure, Tolerance, Waiver
from claimcheck.model.vocab import Direction

CLAIM_KEYS = ("id", "text", "sources", "figures", "period", "waive", "note")
FIGURE_KEYS = ("value", "about", "change", "tolerance", "waive")
WAIVE_KEYS = ("reason", "until")
CHANGES = tuple(Direction)
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def read_claims(r: FileReader, node: yaml.Node, source_keys: set[str]) -> tuple[Claim, ...]:
    if not isinstance(node, yaml.SequenceNode):
        r.error(node, "claims must be a list")
        return ()
    claims = ClaimsReader(r, source_keys)
    for item in node.value:
        claims.add(item)
    return claims.result()


class ClaimsReader:
    """The claims of a list read one item at a time (the streaming reader hands them over as
    they are parsed), each id checked against those before it."""

    def __init__(self, r: FileReader, source_keys: set[str]) -> None:
        self.r = r
        self.source_keys = source_keys
        self.seen: dict[str, int] = {}
        self.out: list[Claim] = []

    def add(self, item: yaml.Node) -> None:
        claim = read_claim(self.r, item, self.source_keys)
        if claim is None:
            return
        if claim.id in self.seen:
            self.r.error(
                claim.line,
                f"duplicate claim id {claim.id!r} (first used on line {self.seen[claim.id]})",
            )
            return
        self.seen[claim.id] = claim.line
        self.out.append(claim)

    def result(self) -> tuple[Claim, ...]:
        return tuple(self.out)


def read_claim(r: FileReader, node: yaml.Node, source_keys: set[str]) -> Claim | None:
    entry = r.mapping(node, CLAIM_KEYS, "claim")
    if not entry:
        return None
    ok = True
    for required in ("id", "text"):
        if required not in entry:
            r.error(node, f"claim: missing required key {required!r}")
            ok = False
    claim_id = r.text(entry["id"][1], "claim id") if "id" in entry else None
    if claim_id is not None and not _ID_RE.match(claim_id):
        r.error(
            entry["id"][1],
            f"claim id {claim_id!r}: use letters, digits, '-', '_' and '.', no spaces",
        )
        ok = False
    text = r.text(entry["text"][1], "claim text") if "text" in entry else None
    cites = read_citations(r, entry["sources"][1], source_keys) if "sources" in entry else ()
    figures: tuple[Figure, ...] = ()
    if "figures" in entry:
        figures_node = entry["figures"][1]
        figures = read_figures(r, figures_node)
        if isinstance(figures_node, yaml.SequenceNode) and not figures_node.value:
            r.error(
                figures_node,
                "figures is empty: list the claim's figures, or leave the key out to take "
                "them from the text",
            )
    period = r.scalar(entry["period"][1], "claim period") if "period" in entry else None
    note = r.scalar(entry["note"][1], "claim note") if "note" in entry else None
    waive = read_waiver(r, entry["waive"][1]) if "waive" in entry else None
    if not ok or claim_id is None or text is None or cites is None:
        return None
    return Claim(
        id=claim_id,
        text=text,
        line=line_of(node),
        sources=cites,
        figures=figures,
        period=period,
        waive=waive,
        note=note,
    )


def read_citations(r: FileReader, node: yaml.Node, source_keys: set[str]) -> tuple[str, ...] | None:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return ()
        items = [node]  # `sources: 1` means [1]
    elif isinstance(node, yaml.SequenceNode):
        items = list(node.value)
    else:
        r.error(node, "claim sources must be a list of source keys, e.g. [1, 3]")
        return None
    keys: list[str] = []
    for item in items:
        key = r.scalar(item, "source key")
        if key is None:
            continue
        if key not in source_keys:
            known = ", ".join(sorted(source_keys, key=_natural)) or "none"
            r.error(item, f"claim cites source {key!r}, which is not in sources ({known})")
            continue
        keys.append(key)
    return tuple(dict.fromkeys(keys))


def read_figures(r: FileReader, node: yaml.Node) -> tuple[Figure, ...]:
    if not isinstance(node, yaml.SequenceNode):
        r.error(node, "figures must be a list")
        return ()
    out: list[Figure] = []
    for item in node.value:
        if isinstance(item, yaml.ScalarNode):
            # `- "26%"` is shorthand for `- value: "26%"`
            entry: dict[str, tuple[yaml.Node, yaml.Node]] = {"value": (item, item)}
        else:
            entry = r.mapping(item, FIGURE_KEYS, "figure")
            if not entry and isinstance(item, yaml.MappingNode):
                r.error(item, "figure: missing required key 'value'")
                continue
        figure = read_figure(r, item, entry)
        if figure is not None:
            out.append(figure)
    return tuple(out)


def read_figure(
    r: FileReader, node: yaml.Node, entry: dict[str, tuple[yaml.Node, yaml.Node]]
) -> Figure | None:
    if "value" not in entry:
        r.error(node, "figure: missing required key 'value'")
        return None
    value_node = entry["value"][1]
    value = r.text(value_node, "figure value")
    if value is None:
        return None
    if r.figure_parser is not None and r.figure_parser(value) is None:
        r.error(value_node, f"figure value {value!r}: no quantity found in it")
        return None
    about = r.scalar(entry["about"][1], "figure about") if "about" in entry else None
    change: Direction | None = None
    if "change" in entry:
        written = r.scalar(entry["change"][1], "figure change")
        if written is not None and written in CHANGES:
            change = Direction(written)
        elif written is not None:
            hint = difflib.get_close_matches(written, CHANGES, n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            r.error(
                entry["change"][1],
                f"figure change {written!r}: use increase or decrease{extra}",
            )
    tolerance = None
    if "tolerance" in entry:
        raw = r.scalar(entry["tolerance"][1], "figure tolerance")
        try:
            tolerance = Tolerance.parse(raw or "")
        except (InvalidOperation, ValueError):
            r.error(
                entry["tolerance"][1],
                f"figure tolerance {raw!r}: write a relative '0.5%' or an absolute '0.05'",
            )
    waive = read_waiver(r, entry["waive"][1]) if "waive" in entry else None
    return Figure(
        value=value,
        line=line_of(node),
        about=about.strip() if about else None,
        change=change,
        tolerance=tolerance,
        waive=waive,
    )


def read_waiver(r: FileReader, node: yaml.Node) -> Waiver | None:
    entry = r.mapping(node, WAIVE_KEYS, "waive")
    if not entry:
        return None
    if "reason" not in entry:
        r.error(node, "waive: missing required key 'reason' (say why the failure is accepted)")
        return None
    reason = r.text(entry["reason"][1], "waive reason")
    until = None
    if "until" in entry:
        raw = r.scalar(entry["until"][1], "waive until")
        try:
            until = dt.date.fromisoformat(str(raw))
        except ValueError:
            r.error(entry["until"][1], f"waive until {raw!r}: write a date YYYY-MM-DD")
            return None
    if reason is None:
        return None
    return Waiver(reason=reason, until=until, line=line_of(node))


def _natural(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (1 << 30, key)
