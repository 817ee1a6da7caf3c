"""Exit statuses: the contract CI pipelines rely on."""

from __future__ import annotations

from enum import IntEnum
from typing import NoReturn

import typer

from claimcheck.model.results import Outcome


class ExitStatus(IntEnum):
    OK = 0  # no claim fails the --fail-on policy
    FINDINGS = 1  # at least one verdict is in --fail-on
    ERROR = 2  # the run could not be done as asked: bad arguments, invalid claims, unwritable cache
    INTERRUPTED = 130  # SIGINT or SIGTERM: stopped before the end (128 + SIGINT, as shells do)


EXIT_FOR = {
    Outcome.PASSED: ExitStatus.OK,
    Outcome.FAILED: ExitStatus.FINDINGS,
    # cited figures exist and not one could be checked: no pass, and no finding either
    Outcome.UNCHECKED: ExitStatus.ERROR,
}


def fail(message: str) -> NoReturn:
    """The run cannot be done as asked: say why on stderr, exit 2."""
    typer.echo(f"claimcheck: error: {message}", err=True)
    raise typer.Exit(ExitStatus.ERROR)
