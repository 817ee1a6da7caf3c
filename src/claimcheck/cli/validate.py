"""``claimcheck validate``: check claims files without touching the network."""

from __future__ import annotations

from pathlib import Path

import typer

from claimcheck.cli.common import (
    DEFAULT_PATHS,
    PathsArg,
    app,
    plural,
    warn_unexplained_waivers,
)
from claimcheck.cli.status import ExitStatus


@app.command(epilog="\b\nExample:\n  claimcheck validate claims/alibaba-ai-cloud.yaml")
def validate(paths: PathsArg = None) -> None:
    """Check claims files without touching the network.

    Prints a one-line summary and exits 0, or lists every problem as file:line: message
    and exits 2.
    """
    from claimcheck.claimsfile import find_claim_files, validate_file
    from claimcheck.pipeline import claim_figures
    from claimcheck.quantities import parse_figure

    files, problems = find_claim_files(paths or DEFAULT_PATHS)
    n_claims = n_figures = 0
    source_keys: set[tuple[Path, str]] = set()
    for path in files:
        article, found = validate_file(path, figure_parser=parse_figure)
        problems.extend(found)
        if article is not None:
            n_claims += len(article.claims)
            # claims without `figures:` are checked on the figures parsed from their text
            counts = [len(claim_figures(c)) for c in article.claims]
            n_figures += sum(counts)
            source_keys.update((path, s.key) for s in article.sources)
            for claim, n in zip(article.claims, counts, strict=True):
                if claim.cited and not n:
                    typer.echo(
                        f"{path}:{claim.line}: warning: claim {claim.id!r} states no figure that "
                        "can be checked; it will be reported as unverifiable (no_figures)",
                        err=True,
                    )
            warn_unexplained_waivers(article)
    if problems:
        for problem in problems:
            typer.echo(str(problem))
        noun = "problem" if len(problems) == 1 else "problems"
        typer.echo(f"{len(problems)} {noun} in {plural(len(files), 'file')}", err=True)
        raise typer.Exit(ExitStatus.ERROR)
    typer.echo(
        f"{plural(len(files), 'file')}, {plural(n_claims, 'claim')}, "
        f"{plural(n_figures, 'figure')}, {plural(len(source_keys), 'source')}"
    )
