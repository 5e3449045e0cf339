"""Command line: a thin click layer over the library; each command calls one function."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

DEFAULT_DB = "outputs/news.db"


@click.group()
@click.version_option(package_name="news-extract")
def main() -> None:
    """Extract party-member recruitment facts from Vietnamese news articles."""


@main.command()
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("--out", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path),
              help="SQLite database to write.")
def run(corpus: Path, db_path: Path) -> None:
    """Read, clean, extract and store every article under CORPUS."""
    from .pipeline import run as run_pipeline

    if not corpus.is_dir():
        raise click.ClickException(f"corpus folder not found: {corpus}")
    summary = run_pipeline(corpus, db_path)
    click.echo(
        f"run {summary.run_id}: {summary.files_seen} files, {summary.articles_written} articles "
        f"written, {summary.articles_unchanged} unchanged, {summary.problems} problems -> {db_path}"
    )


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


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_(gold: Path, db_path: Path, as_json: bool) -> None:
    """Score the database against a gold file (shared/spec/GOLD_FORMAT.md)."""
    from .evaluate import evaluate, format_report

    if not db_path.exists():
        raise click.ClickException(f"database not found: {db_path}")
    report = evaluate(gold, db_path)
    if as_json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        click.echo()
    else:
        click.echo(format_report(report))


if __name__ == "__main__":
    main()
