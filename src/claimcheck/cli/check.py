"""``claimcheck check``: an article's figures checked in one step, without a claims file.

The claims are drafted in memory as ``claimcheck extract`` drafts them, checked as ``claimcheck
run`` checks a claims file, and reported with the same formats, options and exit codes; claims
and figures point at the article's own lines. ``--save-claims DIR`` keeps the drafted claims
files so that a reviewer can carry on with ``run``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimcheck.cli.common import (
    AllowPrivateOpt,
    CacheDirOpt,
    DaskOpt,
    JobsOpt,
    MaxAgeOpt,
    OfflineOpt,
    RefreshOpt,
    TimeoutOpt,
    app,
    check_outputs,
    fail,
    interruptible,
    run_settings,
    write,
)
from claimcheck.cli.reports import read_baseline, report_targets
from claimcheck.cli.run import (
    BaselineOpt,
    FailOnOpt,
    FormatOpt,
    OutputOpt,
    ReportsOpt,
    audit_articles,
    finish,
)
from claimcheck.cli.stream import streamed
from claimcheck.config import Settings
from claimcheck.model.claims import Article

if TYPE_CHECKING:
    from claimcheck.draft import ArticleError
    from claimcheck.pipeline.articles import DraftedArticle

EXAMPLES = (
    "\b\nExamples:\n"
    "  claimcheck check article.md                 # its figures against its sources\n"
    "  claimcheck check drafts/ --format markdown -o report.md\n"
    "  claimcheck check https://example.com/story --save-claims claims/"
)

ArticlesArg = Annotated[
    list[str],
    typer.Argument(help="Articles (Markdown, HTML or text files), folders of them, or URLs."),
]
SaveClaimsOpt = Annotated[
    Path | None,
    typer.Option(
        "--save-claims",
        help="Write the drafted claims files here (one per article) to review and `run` later.",
    ),
]


@app.command(epilog=EXAMPLES)
def check(
    articles: ArticlesArg,
    save_claims: SaveClaimsOpt = None,
    cache_dir: CacheDirOpt = None,
    offline: OfflineOpt = False,
    refresh: RefreshOpt = False,
    max_age: MaxAgeOpt = None,
    output_format: FormatOpt = None,
    output: OutputOpt = None,
    reports: ReportsOpt = None,
    baseline: BaselineOpt = None,
    fail_on: FailOnOpt = None,
    allow_private_hosts: AllowPrivateOpt = None,
    timeout: TimeoutOpt = None,
    jobs: JobsOpt = None,
    dask: DaskOpt = None,
) -> None:
    """Check the figures of articles against the sources they cite, in one step.

    Drafts each article's claims as `claimcheck extract` does (figures, citation markers,
    the source list), checks them as `claimcheck run` does, and reports the same way. Exit
    status as `run`: 0 no failing figure, 1 a verdict in --fail-on, 2 nothing could be
    checked or the check could not be done as asked, 130 interrupted.
    """
    settings = run_settings(
        cache_dir, offline, refresh, max_age, allow_private_hosts, timeout, jobs,
        fail_on=fail_on, dask=dask,
    )  # fmt: skip
    outputs = report_targets(output_format, output, reports)
    previous = read_baseline(baseline) if baseline is not None else None
    check_outputs(outputs)
    with interruptible() as progress:
        drafted = draft_all(articles, settings, save_claims)
        lines = streamed(outputs, previous, settings)
        report = audit_articles(drafted, settings, progress, lines)
    finish(report, progress, settings, lines, outputs, previous, baseline)


def draft_all(specs: list[str], settings: Settings, save_claims: Path | None) -> list[Article]:
    """Every article's claims, drafted and validated; saved first when asked. A file that an
    article cites as a local source is a source, not another article to check (nor an error
    when it reads as no article)."""
    from claimcheck.draft import ArticleError
    from claimcheck.pipeline.articles import article_files, draft_for_check, read_article

    found = article_files(specs)
    if not found:
        fail("no articles (*.md, *.txt, *.html) in " + ", ".join(specs))
    for spec in found:
        if spec.lower().endswith((".yaml", ".yml")):
            fail(f"{spec} is a claims file, not an article: check it with `claimcheck run {spec}`")
    drafted: dict[str, DraftedArticle | ArticleError] = {}
    for spec in found:
        try:
            drafted[spec] = draft_for_check(read_article(spec, settings))
        except ArticleError as exc:
            drafted[spec] = exc
    cited = {
        s.path
        for d in drafted.values()
        if not isinstance(d, ArticleError) and d.article
        for s in d.article.sources
        if s.path
    }
    names = _names(found)
    out: list[Article] = []
    for spec, done in drafted.items():
        if Path(spec).resolve() in cited:
            continue
        if isinstance(done, ArticleError):
            fail(f"{spec}: {done}")
        for warning in done.warnings:
            typer.echo(f"{spec}: warning: {warning}", err=True)
        if save_claims is not None:
            _save(done, save_claims, names[spec])
        if done.article is None:
            for problem in done.problems:
                typer.echo(str(problem), err=True)
            fail(f"{spec}: the claims drafted from it do not validate (a bug; please report it)")
        out.append(done.article)
    return out


def _names(specs: list[str]) -> dict[str, str]:
    """A claims file name per article: its stem, numbered when two articles share one."""
    out: dict[str, str] = {}
    for spec in specs:
        base = Path(spec.rstrip("/")).stem or "article"
        name, n = base, 1
        while name in out.values():
            n += 1
            name = f"{base}-{n}"
        out[spec] = name
    return out


def _save(done: DraftedArticle, folder: Path, name: str) -> None:
    from claimcheck.pipeline.articles import saved_claims

    text, copies = saved_claims(done, folder, name)
    try:
        for copy, source in copies.items():
            (folder / f"{name}.sources").mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / f"{name}.sources" / copy)
    except OSError as exc:
        fail(f"cannot copy a source into {folder}: {exc.strerror or exc}")
    write(text, folder / f"{name}.yaml")
