"""claimcheck: check that an article's figures are supported by the sources it cites.

The Python API (:mod:`claimcheck.api`), importable from here: ``check_article``, ``audit``,
``render`` and the result model (``Report``, ``ClaimResult``, ``FigureResult``, ``Verdict``).
They load on first use, so that ``import claimcheck`` (and ``claimcheck --help``) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/claimcheck/claimcheck"

__all__ = [
    "PROJECT_URL",
    "ArticleError",
    "ClaimResult",
    "ClaimsError",
    "FigureResult",
    "Report",
    "Verdict",
    "__version__",
    "audit",
    "check_article",
    "render",
]
_API = frozenset(__all__) - {"PROJECT_URL", "__version__"}

if TYPE_CHECKING:
    from claimcheck.api import (
        ArticleError,
        ClaimResult,
        ClaimsError,
        FigureResult,
        Report,
        Verdict,
        audit,
        check_article,
        render,
    )


def __getattr__(name: str) -> Any:
    # the package's facade: `claimcheck.check_article` is claimcheck.api.check_article
    if name in _API:
        from claimcheck import api

        return getattr(api, name)
    raise AttributeError(f"module 'claimcheck' has no attribute {name!r}")
