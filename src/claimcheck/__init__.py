"""claimcheck: check that an article's figures are supported by the sources it cites.

The Python API (:mod:`claimcheck.api`), importable from here: ``check_article``, ``audit``,
``render``, ``Settings`` / ``load_settings`` and the result model (``Report``, ``ClaimResult``,
``FigureResult``, ``Verdict``).
They load on first use, so that ``import claimcheck`` (and ``claimcheck --help``) stays fast.
"""

from __future__ import annotations

from importlib import import_module
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
    "Settings",
    "Verdict",
    "__version__",
    "api",
    "audit",
    "check_article",
    "load_settings",
    "render",
]
_API = frozenset(__all__) - {"PROJECT_URL", "__version__", "api"}

if TYPE_CHECKING:
    from claimcheck.api import (
        ArticleError,
        ClaimResult,
        ClaimsError,
        FigureResult,
        Report,
        Settings,
        Verdict,
        audit,
        check_article,
        load_settings,
        render,
    )


def __getattr__(name: str) -> Any:
    # the package's facade: `claimcheck.check_article` is claimcheck.api.check_article
    if name in _API or name == "api":
        # import_module, not `from claimcheck import api`: that would ask this hook for "api"
        api = import_module("claimcheck.api")
        return api if name == "api" else getattr(api, name)
    raise AttributeError(f"module 'claimcheck' has no attribute {name!r}")
