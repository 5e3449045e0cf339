"""`news-extract run`: options, the summary line, and an exit code for each failure."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from hostile_corpus import write_articles
from news_extract import cli, pipeline
from news_extract.model import Extraction


@pytest.fixture(autouse=True)
def stub_extractor(monkeypatch):
    monkeypatch.setattr(pipeline, "extract", lambda text, **_: Extraction())


def invoke(*args):
    return CliRunner().invoke(cli.main, ["run", *map(str, args)])


def test_a_run_ends_with_a_one_line_summary(tmp_path):
    write_articles(tmp_path / "c", 3)
    result = invoke(tmp_path / "c", "--out", tmp_path / "n.db", "--quiet", "--workers", "0")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1
    assert "3 articles written" in result.stdout and "0 problems" in result.stdout


def test_quiet_silences_the_progress_bar(tmp_path):
    write_articles(tmp_path / "c", 3)
    loud = invoke(tmp_path / "c", "--out", tmp_path / "a.db", "--workers", "0")
    quiet = invoke(tmp_path / "c", "--out", tmp_path / "b.db", "--workers", "0", "--quiet")
    assert "articles/s" in loud.stderr
    assert quiet.stderr == ""


def test_a_missing_corpus_folder_exits_2_with_one_line(tmp_path):
    result = invoke(tmp_path / "nowhere", "--out", tmp_path / "n.db")
    assert result.exit_code == cli.EXIT_NO_CORPUS == 2
    assert result.stderr.strip().count("\n") == 0
    assert "corpus folder not found" in result.stderr


def test_an_unwritable_output_exits_3_with_one_line(tmp_path):
    write_articles(tmp_path / "c", 1)
    (tmp_path / "file").write_text("x")
    result = invoke(tmp_path / "c", "--out", tmp_path / "file" / "n.db")
    assert result.exit_code == cli.EXIT_UNWRITABLE == 3
    assert result.stderr.strip().count("\n") == 0


def test_a_corrupt_existing_database_exits_4_with_one_line(tmp_path):
    write_articles(tmp_path / "c", 1)
    (tmp_path / "n.db").write_bytes(b"not sqlite at all " * 500)
    result = invoke(tmp_path / "c", "--out", tmp_path / "n.db")
    assert result.exit_code == cli.EXIT_CORRUPT == 4
    assert "corrupt" in result.stderr and result.stderr.strip().count("\n") == 0


def test_file_problems_do_not_change_the_exit_code(tmp_path):
    write_articles(tmp_path / "c", 2)
    (tmp_path / "c" / "empty.txt").write_bytes(b"")
    result = invoke(tmp_path / "c", "--out", tmp_path / "n.db", "--quiet", "--workers", "0")
    assert result.exit_code == 0 and "1 problems" in result.stdout


def test_strict_exits_1_when_any_file_has_a_problem(tmp_path):
    write_articles(tmp_path / "c", 2)
    (tmp_path / "c" / "empty.txt").write_bytes(b"")
    result = invoke(tmp_path / "c", "--out", tmp_path / "n.db", "--quiet", "--strict",
                    "--workers", "0")
    assert result.exit_code == cli.EXIT_PROBLEMS == 1


def test_strict_still_fails_on_a_rerun_when_the_bad_file_is_unchanged(tmp_path):
    write_articles(tmp_path / "c", 2)
    (tmp_path / "c" / "empty.txt").write_bytes(b"")
    invoke(tmp_path / "c", "--out", tmp_path / "n.db", "--quiet", "--workers", "0")
    result = invoke(tmp_path / "c", "--out", tmp_path / "n.db", "--quiet", "--strict",
                    "--workers", "0")
    assert result.exit_code == 1


def test_strict_passes_a_clean_corpus(tmp_path):
    write_articles(tmp_path / "c", 2)
    result = invoke(tmp_path / "c", "--out", tmp_path / "n.db", "--quiet", "--strict",
                    "--workers", "0")
    assert result.exit_code == 0


def test_max_bytes_turns_a_large_file_into_a_too_large_problem(tmp_path):
    write_articles(tmp_path / "c", 1)
    (tmp_path / "c" / "big.txt").write_text("Đảng viên mới. " * 200, encoding="utf-8")
    result = invoke(tmp_path / "c", "--out", tmp_path / "n.db", "--quiet", "--workers", "0",
                    "--max-bytes", "1000")
    assert result.exit_code == 0 and "1 problems" in result.stdout


def test_a_real_process_reports_a_corrupt_database_without_a_traceback(tmp_path):
    write_articles(tmp_path / "c", 1)
    (tmp_path / "n.db").write_bytes(b"\x00garbage" * 1000)
    proc = subprocess.run([sys.executable, "-m", "news_extract.cli", "run", str(tmp_path / "c"),
                           "--out", str(tmp_path / "n.db")], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 4
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_prune_on_the_command_line_removes_the_rows_of_deleted_files(tmp_path):
    paths = write_articles(tmp_path / "c", 3)
    args = (tmp_path / "c", "--out", tmp_path / "n.db", "--quiet", "--workers", "0")
    invoke(*args)
    paths[0].unlink()
    kept = invoke(*args)
    pruned = invoke(*args, "--prune")
    assert "1 gone" in kept.stdout and "1 removed" in pruned.stdout


def test_a_scheduler_address_without_the_dask_executor_is_refused(tmp_path):
    write_articles(tmp_path / "c", 1)
    result = invoke(tmp_path / "c", "--out", tmp_path / "n.db", "--scheduler", "tcp://x:1")
    assert result.exit_code == 2 and "--executor dask" in result.stderr
