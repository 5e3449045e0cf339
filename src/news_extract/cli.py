"""Command line: a thin click layer over the library; each command calls one function."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import click

from .model import METRICS

DEFAULT_DB = "outputs/news.db"


@click.group()
@click.version_option(package_name="news-extract")
def main() -> None:
    """Extract party-member recruitment facts from Vietnamese news articles."""


# Exit codes of `run` (documented in docs/pipeline.md).
EXIT_PROBLEMS = 1  # --strict and at least one file problem
EXIT_NO_CORPUS = 2  # the corpus folder does not exist (click also uses 2 for bad usage)
EXIT_UNWRITABLE = 3  # the output database cannot be created or written
EXIT_CORRUPT = 4  # the existing output database is corrupt or not SQLite
EXIT_INTERRUPTED = 130  # Ctrl-C: what was committed stays, the next run completes it


def _fail(message: str, code: int) -> None:
    click.echo(f"news-extract: {message}", err=True)
    sys.exit(code)


@main.command()
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("--out", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path),
              help="SQLite database to write.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Worker processes (default: all cores; 0 = in this process).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--prune", is_flag=True, help="Remove the rows of files that are gone from CORPUS.")
@click.option("--strict", is_flag=True, help="Exit 1 if any file has a problem.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=20_000_000, show_default=True,
              help="Files larger than this are logged as too_large and skipped "
                   "(for JSON Lines: each line, the file itself is streamed).")
@click.option("--file-timeout", type=click.FloatRange(min=0), default=60.0, show_default=True,
              metavar="SECONDS",
              help="An article (a file, or a JSON Lines line) that takes longer is stopped and "
                   "logged as timeout; the run goes on. 0: no limit.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="local: a process pool; dask: a dask bag on a cluster.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address (default: start a LocalCluster).")
def run(corpus: Path, db_path: Path, workers: int | None, quiet: bool, prune: bool, strict: bool,
        max_bytes: int, file_timeout: float, executor: str, scheduler: str | None) -> None:
    """Read, clean, extract and store every article under CORPUS.

    Re-runs read only new and changed files; see docs/pipeline.md.
    """
    from .pipeline import run as run_pipeline
    from .store import StoreError

    if not corpus.is_dir():
        _fail(f"corpus folder not found: {corpus}", EXIT_NO_CORPUS)
    if scheduler and executor != "dask":
        _fail("--scheduler needs --executor dask", EXIT_NO_CORPUS)
    try:
        summary = run_pipeline(corpus, db_path, workers=workers, executor=executor,
                               scheduler=scheduler, prune=prune, max_bytes=max_bytes,
                               file_timeout=file_timeout or None, progress=not quiet)
    except StoreError as exc:
        _fail(str(exc), EXIT_CORRUPT if exc.kind == "corrupt" else EXIT_UNWRITABLE)
    except KeyboardInterrupt:
        _fail("interrupted; run again to complete", EXIT_INTERRUPTED)
    except sqlite3.OperationalError as exc:  # disk full, read-only, locked
        _fail(f"cannot write output database {db_path}: {exc}", EXIT_UNWRITABLE)
    except sqlite3.DatabaseError as exc:
        _fail(f"output database {db_path} is corrupt: {exc}", EXIT_CORRUPT)
    except OSError as exc:
        _fail(f"cannot write output database {db_path}: {exc}", EXIT_UNWRITABLE)
    click.echo(summary.line(db_path))
    if strict and summary.open_problems:
        _fail(f"--strict: {summary.open_problems} problems (see the problems table)",
              EXIT_PROBLEMS)


@main.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--host", default="127.0.0.1", show_default=True)
def serve(db_path: Path, port: int, host: str) -> None:
    """Browse the database in Datasette (read-only, loopback by default)."""
    from .publish import serve as serve_db

    if not db_path.exists():
        raise click.ClickException(f"database not found: {db_path} (run `news-extract run` first)")
    serve_db(db_path, port=port, host=host)


@main.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv", show_default=True)
@click.option("--out", "out_dir", default="outputs/csv", show_default=True, type=click.Path(path_type=Path))
@click.option("--excel", is_flag=True, help="Start each file with a UTF-8 BOM so Excel reads it.")
def export(db_path: Path, fmt: str, out_dir: Path, excel: bool) -> None:
    """Write one CSV per table."""
    from .export import export_csv

    if not db_path.exists():
        raise click.ClickException(f"database not found: {db_path}")
    for path in export_csv(db_path, out_dir, excel=excel):
        click.echo(str(path))


@main.group()
def review() -> None:
    """Review sheets: export figures to check, apply a researcher's decisions."""


@review.command(name="export")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
@click.option("--province", default=None, help="Only this province (accents optional).")
@click.option("--metric", type=click.Choice(METRICS), default=None, help="Only this metric.")
@click.option("--where", default=None, metavar="SQL",
              help="Only figures matching this SQL condition on facts_reviewed's columns.")
@click.option("--all", "include_reviewed", is_flag=True,
              help="Also figures already reviewed (their column 'reviewed' says how).")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="CSV sheet to write.")
@click.option("--excel", is_flag=True, help="Start the sheet with a UTF-8 BOM so Excel reads it.")
def review_export(db_path: Path, province: str | None, metric: str | None, where: str | None,
                  include_reviewed: bool, out: Path, excel: bool) -> None:
    """Write the figures to review, one per row, with empty decision columns."""
    from .review import export_sheet

    if not db_path.exists():
        raise click.ClickException(f"database not found: {db_path}")
    try:
        n = export_sheet(db_path, out, excel=excel, province=province, metric=metric,
                         where=where, include_reviewed=include_reviewed)
    except sqlite3.Error as exc:
        raise click.ClickException(f"--where: {exc}") from exc
    click.echo(f"{n} figures -> {out}")


@review.command(name="apply")
@click.argument("sheet", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
@click.option("--reviewer", default=None, help="Who decided (default: your login name).")
def review_apply(sheet: Path, db_path: Path, reviewer: str | None) -> None:
    """Record the decisions of SHEET (ok, wrong, fix, add): all of them, or none."""
    from .review import SheetError, apply_sheet
    from .store import StoreError

    if not db_path.exists():
        raise click.ClickException(f"database not found: {db_path}")
    try:
        applied = apply_sheet(db_path, sheet, reviewer=reviewer)
    except SheetError as exc:
        click.echo(str(exc), err=True)
        _fail(f"{len(exc.problems)} bad rows: nothing applied", 1)
    except StoreError as exc:
        _fail(str(exc), EXIT_CORRUPT if exc.kind == "corrupt" else EXIT_UNWRITABLE)
    click.echo(applied.line())


@main.command(name="eval")
@click.argument("gold", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--split", type=click.Choice(["tune", "check"]), default=None,
              help="Score only the real pages of this split (a hash of the article id).")
@click.option("--errors", is_flag=True,
              help="After the scores, list each missed and spurious fact with its sentence and why.")
@click.option("--reviews", is_flag=True,
              help="Instead of a gold file, score the extractor on the figures reviewers decided.")
def eval_(gold: Path | None, db_path: Path, as_json: bool, split: str | None, errors: bool,
          reviews: bool) -> None:
    """Score the database against a gold file or folder (shared/spec/GOLD_FORMAT.md)."""
    from .evaluate import evaluate, format_errors, format_report

    if reviews and (gold or split or errors):
        raise click.UsageError("--reviews scores the reviews: give no GOLD, --split or --errors")
    if not reviews and gold is None:
        raise click.UsageError("Missing argument 'GOLD'.")
    if not db_path.exists():
        raise click.ClickException(f"database not found: {db_path}")
    if reviews:
        from .evaluate import evaluate_reviews, format_reviews_report

        scores = evaluate_reviews(db_path)
        if as_json:
            json.dump(scores, sys.stdout, ensure_ascii=False, indent=2)
            click.echo()
        else:
            click.echo(format_reviews_report(scores))
        return
    if split == "check" and (errors or as_json):
        # The check split estimates pages nobody tuned on: its errors are never read.
        raise click.ClickException("the check split is scored, never inspected: "
                                   "drop --errors/--json or use --split tune")
    report = evaluate(gold, db_path, split=split)
    if as_json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        click.echo()
    else:
        click.echo(format_report(report))
        if errors:
            click.echo()
            click.echo(format_errors(report))


if __name__ == "__main__":
    main()
