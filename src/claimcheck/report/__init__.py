"""Report formats: one module per format, each a pure function of the :class:`Report` model."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from claimcheck.model.results import Report

# format name -> module implementing ``render(report, **options) -> str``
FORMATS = {
    "table": "claimcheck.report.table",
    "json": "claimcheck.report.jsonfmt",
    "markdown": "claimcheck.report.markdown",
    "junit": "claimcheck.report.junit",
    "sarif": "claimcheck.report.sarif",
    "html": "claimcheck.report.html",
}


def renderer(name: str) -> Callable[..., str]:
    try:
        module = FORMATS[name]
    except KeyError:
        raise ValueError(
            f"unknown report format {name!r}; choose from {', '.join(FORMATS)}"
        ) from None
    return import_module(module).render  # type: ignore[no-any-return]


def render(report: Report, name: str, **options: object) -> str:
    return renderer(name)(report, **options)
