"""Command-line interface: parse arguments, build objects, call the core, map outcomes to exits.

One module per command group (:mod:`.validate`, :mod:`.run`, :mod:`.check`, :mod:`.fetch`,
:mod:`.draft`, :mod:`.cache`), the shared options and helpers in :mod:`.common`, report writing in
:mod:`.reports`, terminal progress in :mod:`.progress` and the exit statuses in :mod:`.status`.
Importing the command modules registers them on :data:`app`.
"""

from __future__ import annotations

import sys

import typer

from claimcheck.cli.common import app

# isort: off
# importing a command module registers its commands; `claimcheck --help` lists them in this order
from claimcheck.cli import validate, run, check, fetch, draft, cache

# isort: on
from claimcheck.cli.status import ExitStatus

__all__ = ["app", "cache", "check", "draft", "fetch", "main", "run", "validate"]


def main() -> None:
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        typer.echo("claimcheck: interrupted", err=True)
        sys.exit(130)
    except Exception:  # a bug must not look like findings (exit 1) to a CI pipeline
        import traceback

        traceback.print_exc()
        typer.echo("claimcheck: internal error (a bug: please report it)", err=True)
        sys.exit(ExitStatus.ERROR)
