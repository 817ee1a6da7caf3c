"""Merging a new draft into a claims file a reviewer already edited.

:func:`merge` adds what a new draft found as text insertions at the positions the YAML composer
reports, so the file's comments, order, quoting and every existing field stay exactly as they
were.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import yaml

from claimcheck.draft.drafting import IdMaker
from claimcheck.draft.records import (
    Draft,
    DraftClaim,
    DraftFigure,
    MergeResult,
    SourceEntry,
)
from claimcheck.draft.render import render_claim, render_figure, render_source
from claimcheck.quantities import parse_figure, parse_quantities


def merge(existing_yaml_text: str, draft: Draft, *, today: dt.date | None = None) -> str:
    """``existing_yaml_text`` with what ``draft`` adds; see :func:`merge_details`."""
    return merge_details(existing_yaml_text, draft, today=today).text


def merge_details(
    existing_yaml_text: str, draft: Draft, *, today: dt.date | None = None
) -> MergeResult:
    """Add the draft's new claims, figures and sources to a claims file a reviewer edited.

    Nothing already in the file changes: not a claim, field, comment, quote style or order.
    A draft claim is the same as an existing one when the existing text's words are (nearly) all
    in the draft sentence -- reviewers often cut a sentence into clauses, so several existing
    claims may share one sentence -- or when the ids agree and the texts overlap. Figures of a
    matched sentence that none of its existing claims lists are appended to the `figures:` of the
    claim whose text holds them (claims without a `figures:` list are parsed from their text and
    are left alone). Unmatched draft claims are appended at the end of `claims:` under a dated
    comment, with ids made unique against the file; sources with new keys are appended to
    `sources:`; existing claims the draft did not find are kept (and reported in ``warnings``).
    Raises ValueError when the text is not a YAML mapping, or when `claims:`/`sources:` is a
    non-empty flow collection (``[...]``/``{...}``) that lines cannot be appended to.
    """
    day = (today or dt.date.today()).isoformat()
    root, data = _compose(existing_yaml_text)
    lines = existing_yaml_text.splitlines()
    top = {k.value: (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    edits: list[_Edit] = []
    warnings: list[str] = []
    # sources: keep every existing entry; add the draft's new keys
    new_sources = _new_sources(draft, data.get("sources") or {}, warnings)
    if new_sources:
        edits.append(_append_mapping(lines, top.get("sources"), new_sources, "sources"))
    existing = _existing_claims(lines, top.get("claims"), data.get("claims"))
    matches = _match_claims(existing, draft.claims)
    added_claims, figure_edits, added_figures = _place(existing, matches, draft, warnings)
    for e in existing:
        if e.index not in matches:
            warnings.append(f"claim {e.id}: not found in the article; kept as it is")
    for index, figures in figure_edits.items():
        e = existing[index]
        note = f"added by merge {day}"
        block = [line for f in figures for line in render_figure(f, " " * e.figure_dash_col, note)]
        edits.append(_Edit(e.figures_end_line, block))
    if added_claims:
        edits.append(_append_claims(lines, top.get("claims"), added_claims, day))
    text = _apply(lines, edits)
    if existing_yaml_text.endswith("\n") or not existing_yaml_text:
        text += "\n"
    return MergeResult(
        text=text,
        added_claims=tuple(c.id for c in added_claims),
        added_figures=tuple(added_figures),
        added_sources=tuple(s.key for s in new_sources),
        warnings=tuple(warnings),
    )


def _compose(text: str) -> tuple[yaml.MappingNode, dict[Any, Any]]:
    """The file's node tree (for positions) and its data (for values)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"the existing claims file is not valid YAML: {exc}") from None
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
        raise ValueError("the existing claims file is not a mapping of article/sources/claims")
    return root, data


def _new_sources(draft: Draft, existing: object, warnings: list[str]) -> list[SourceEntry]:
    """The draft's sources under keys the file does not have; a key the file has with another
    URL is kept as the file has it (and warned about)."""
    old_sources = existing if isinstance(existing, dict) else {}
    existing_keys = {str(k) for k in old_sources} if isinstance(existing, dict) else set()
    for s in draft.sources:
        if s.key in existing_keys and s.url is not None:
            old = old_sources.get(s.key, old_sources.get(_int_or(s.key)))
            old_url = old.get("url") if isinstance(old, dict) else old
            if isinstance(old_url, str) and old_url != s.url:
                warnings.append(
                    f"source {s.key}: the file has {old_url}, the article {s.url}; file kept"
                )
    return [s for s in draft.sources if s.citable and s.key not in existing_keys]


def _place(
    existing: Sequence[_Existing], matches: dict[int, int], draft: Draft, warnings: list[str]
) -> tuple[list[DraftClaim], dict[int, list[DraftFigure]], list[tuple[str, str]]]:
    """Where the draft's claims go: new claims (ids made unique against the file), new figures
    by the index of the existing claim whose `figures:` list they join, and (claim id, value)
    of each figure added, in order."""
    ids = IdMaker(c.id for c in existing)
    added_claims: list[DraftClaim] = []
    figure_edits: dict[int, list[DraftFigure]] = {}
    added_figures: list[tuple[str, str]] = []
    for d_index, claim in enumerate(draft.claims):
        mine = [e for e in existing if matches.get(e.index) == d_index]
        if not mine:
            added_claims.append(replace(claim, id=ids.make(claim.id)))
            continue
        for figure in claim.figures:
            if any(_same_figure(figure.value, v) for e in mine for v in e.values):
                continue
            target = _target_claim(mine, figure.value)
            if target is None:
                warnings.append(
                    f"claim {mine[0].id}: the draft found {figure.value!r}, but the claim has no "
                    "block `figures:` list to add it to"
                )
                continue
            figure_edits.setdefault(target.index, []).append(figure)
            added_figures.append((target.id, figure.value))
    return added_claims, figure_edits, added_figures


@dataclass(frozen=True)
class _Edit:
    after_line: int  # insert after this 0-based line; -1 inserts at the top
    lines: list[str]
    replace_line: int | None = None  # rewrite this line first ("claims: []" -> "claims:")
    replacement: str = ""


@dataclass(frozen=True)
class _Existing:
    index: int
    id: str
    text: str
    values: tuple[str, ...]
    has_figure_list: bool
    figures_end_line: int
    figure_dash_col: int


def _int_or(key: str) -> int | str:
    return int(key) if key.isdigit() else key


def _last_line(node: yaml.Node) -> int:
    """The last line (0-based) holding any scalar of ``node``: where an insertion goes after."""
    best = node.start_mark.line
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.ScalarNode):
            end = n.end_mark.line - (1 if n.end_mark.column == 0 and n.end_mark.line > 0 else 0)
            best = max(best, end)
        elif isinstance(n, yaml.MappingNode):
            if n.flow_style:
                best = max(best, n.end_mark.line)
            stack.extend(x for pair in n.value for x in pair)
        elif isinstance(n, yaml.SequenceNode):
            if n.flow_style:
                best = max(best, n.end_mark.line)
            stack.extend(n.value)
    return best


def _dash_col(lines: Sequence[str], item: yaml.Node) -> int:
    line = lines[item.start_mark.line]
    dash = line.rfind("-", 0, item.start_mark.column)
    return dash if dash >= 0 else max(item.start_mark.column - 2, 0)


def _existing_claims(
    lines: Sequence[str], node: tuple[yaml.Node, yaml.Node] | None, data: object
) -> list[_Existing]:
    if node is None or not isinstance(node[1], yaml.SequenceNode) or not isinstance(data, list):
        return []
    out: list[_Existing] = []
    for index, (item, record) in enumerate(zip(node[1].value, data, strict=False)):
        if not isinstance(item, yaml.MappingNode) or not isinstance(record, dict):
            continue
        figures_node = next(
            (v for k, v in item.value if isinstance(k, yaml.ScalarNode) and k.value == "figures"),
            None,
        )
        values: list[str] = []
        for f in record.get("figures") or []:
            if isinstance(f, dict) and f.get("value") is not None:
                values.append(str(f["value"]))
            elif isinstance(f, str | int | float):
                values.append(str(f))
        block_list = (
            figures_node
            if isinstance(figures_node, yaml.SequenceNode)
            and not figures_node.flow_style
            and figures_node.value
            else None
        )
        if not values and record.get("text") and figures_node is None:
            values = [q.text for q in parse_quantities(str(record["text"]))]
        out.append(
            _Existing(
                index=index,
                id=str(record.get("id", "")),
                text=str(record.get("text", "")),
                values=tuple(values),
                has_figure_list=block_list is not None,
                figures_end_line=_last_line(block_list) if block_list is not None else -1,
                figure_dash_col=(
                    _dash_col(lines, block_list.value[0]) if block_list is not None else 0
                ),
            )
        )
    return out


_NORM_RE = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")


def _norm_words(text: str) -> list[str]:
    plain = text.lower().replace("’", "'")
    plain = re.sub(r"\[\^?[0-9a-z, -]*\]", " ", plain) if "[" in plain else plain
    return _NORM_RE.findall(plain)


def _coverage(existing: str, draft: str) -> float:
    """Share of the existing text's words that the draft sentence has."""
    mine = _norm_words(existing)
    if not mine:
        return 0.0
    theirs = Counter(_norm_words(draft))
    hit = 0
    for word, n in Counter(mine).items():
        hit += min(n, theirs.get(word, 0))
    return hit / len(mine)


def _match_claims(existing: Sequence[_Existing], claims: Sequence[DraftClaim]) -> dict[int, int]:
    """Existing claim index -> draft claim index."""
    out: dict[int, int] = {}
    for e in existing:
        scored = [(_coverage(e.text, c.text), c.id == e.id, i) for i, c in enumerate(claims)]
        if not scored:
            continue
        score, same_id, best = max(scored)
        if score >= 0.8 or (same_id and score >= 0.5):
            out[e.index] = best
            continue
        by_id = [(s, i) for s, same, i in scored if same and s >= 0.5]
        if by_id:
            out[e.index] = max(by_id)[1]
    return out


def _same_figure(value: str, other: str) -> bool:
    if " ".join(value.lower().split()) == " ".join(other.lower().split()):
        return True
    a, b = parse_figure(value), parse_figure(other)
    if a is None or b is None:
        return False
    return (a.value, a.kind, a.currency, a.upper) == (b.value, b.kind, b.currency, b.upper)


def _target_claim(mine: Sequence[_Existing], value: str) -> _Existing | None:
    with_list = [e for e in mine if e.has_figure_list]
    for e in with_list:
        if value.lower() in e.text.lower():
            return e
    return with_list[0] if with_list else None


def _append_mapping(
    lines: Sequence[str],
    node: tuple[yaml.Node, yaml.Node] | None,
    sources: Sequence[SourceEntry],
    key: str,
) -> _Edit:
    if node is None:
        block = [f"{key}:", *(x for s in sources for x in render_source(s, "  "))]
        return _Edit(len(lines) - 1, block)
    key_node, value = node
    if isinstance(value, yaml.MappingNode) and value.value and not value.flow_style:
        indent = " " * value.value[0][0].start_mark.column
        block = [x for s in sources for x in render_source(s, indent)]
        return _Edit(_last_line(value), block)
    # "sources: {}" or a flow mapping: rewrite the key line as a block and list everything
    indent = " " * (key_node.start_mark.column + 2)
    block = [x for s in sources for x in render_source(s, indent)]
    if isinstance(value, yaml.MappingNode) and value.value:
        raise ValueError(f"`{key}:` is written in flow style {{...}}; write it as a block to merge")
    line = key_node.start_mark.line
    return _Edit(
        line, block, replace_line=line, replacement=" " * key_node.start_mark.column + f"{key}:"
    )


def _append_claims(
    lines: Sequence[str],
    node: tuple[yaml.Node, yaml.Node] | None,
    claims: Sequence[DraftClaim],
    day: str,
) -> _Edit:
    header = f"# --- added by `claimcheck extract --merge` on {day}: review these ---"
    if node is None:
        body = ["claims:", f"  {header}"]
        for c in claims:
            body.extend(render_claim(c, "  "))
        return _Edit(len(lines) - 1, body)
    key_node, value = node
    if isinstance(value, yaml.SequenceNode) and value.value and not value.flow_style:
        indent = " " * _dash_col(lines, value.value[0])
        body = [f"{indent}{header}"]
        for c in claims:
            body.extend(render_claim(c, indent))
        return _Edit(_last_line(value), body)
    if isinstance(value, yaml.SequenceNode) and value.value:
        raise ValueError("`claims:` is written in flow style [...]; write it as a block to merge")
    indent = " " * (key_node.start_mark.column + 2)
    body = [f"{indent}{header}"]
    for c in claims:
        body.extend(render_claim(c, indent))
    line = key_node.start_mark.line
    return _Edit(
        line, body, replace_line=line, replacement=" " * key_node.start_mark.column + "claims:"
    )


def _apply(lines: Sequence[str], edits: Sequence[_Edit]) -> str:
    out = list(lines)
    # bottom-up, so earlier line numbers stay valid
    for edit in sorted(edits, key=lambda e: e.after_line, reverse=True):
        if edit.replace_line is not None:
            out[edit.replace_line] = edit.replacement
        out[edit.after_line + 1 : edit.after_line + 1] = edit.lines
    return "\n".join(out)
