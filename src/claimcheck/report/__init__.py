"""Report formats: one module per format, each a pure function of the :class:`Report` model.

Every format module has an ``Options`` dataclass (what it can be asked for) and
``render(report, options) -> str``. :func:`render` builds the options from keywords: an option
the format does not have is an error, never silently dropped.
"""

from __future__ import annotations

import dataclasses
from importlib import import_module
from types import ModuleType
from typing import Any

from claimcheck.model.results import Report

# format name -> module implementing ``Options`` and ``render(report, options) -> str``
FORMATS = {
    "table": "claimcheck.report.table",
    "json": "claimcheck.report.jsonfmt",
    "markdown": "claimcheck.report.markdown",
    "junit": "claimcheck.report.junit",
    "sarif": "claimcheck.report.sarif",
    "html": "claimcheck.report.html",
    "jsonl": "claimcheck.report.jsonl",
}


def _module(name: str) -> ModuleType:
    try:
        module = FORMATS[name]
    except KeyError:
        raise ValueError(
            f"unknown report format {name!r}; choose from {', '.join(FORMATS)}"
        ) from None
    return import_module(module)


def option_names(name: str) -> tuple[str, ...]:
    """The options the format ``name`` takes."""
    return tuple(f.name for f in dataclasses.fields(_module(name).Options))


def render(report: Report, name: str, **options: Any) -> str:
    """The report in format ``name``; raises ValueError for an option the format lacks."""
    module = _module(name)
    unknown = sorted(set(options) - set(option_names(name)))
    if unknown:
        takes = ", ".join(option_names(name)) or "none"
        raise ValueError(f"the {name} format has no option {unknown[0]!r} (its options: {takes})")
    text = module.render(report, module.Options(**options))
    assert isinstance(text, str)
    return text
