"""The job-ad commands end to end on the bundled sample (ESCO from CSV, lexical only)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from graph.cli.main import app

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "graph" / "sample"
ESCO = str(SAMPLE / "esco-v1.1.1")
runner = CliRunner()


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_normalize_titles_writes_k_predictions_per_title(tmp_path: Path) -> None:
    titles = tmp_path / "titles.txt"
    titles.write_text("Sewing machinist (m/f/d)\n\nSenior drilling engineer\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["normalize-titles", "--input", str(titles), "--k", "3",
                                 "--output", str(out), "--esco-dir", ESCO, "--lexical-only"])
    assert result.exit_code == 0, result.output
    rows = _lines(out)
    assert [r["title"] for r in rows] == ["Sewing machinist (m/f/d)", "Senior drilling engineer"]
    assert all(len(r["predictions"]) == 3 for r in rows)  # type: ignore[arg-type]
    first = rows[0]["predictions"][0]  # type: ignore[index]
    assert first["label"] == "sewing machinist"
    assert first["id"].startswith("http://data.europa.eu/esco/occupation/")


def test_normalize_titles_learns_from_labelled_titles_and_reports_skipped_rows(
    tmp_path: Path,
) -> None:
    titles = tmp_path / "titles.txt"
    titles.write_text("Rig hand\n", encoding="utf-8")
    examples = tmp_path / "labelled.csv"
    examples.write_text("text,label\nRig hand nights,sewing machinist\n"
                        "Baker,no such occupation\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["normalize-titles", "--input", str(titles), "--k", "1",
                                 "--output", str(out), "--esco-dir", ESCO, "--lexical-only",
                                 "--title-examples", str(examples)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Labelled titles: 1" in said
    assert "Skipped 1 rows" in said and "no such occupation" in said
    (row,) = _lines(out)
    assert row["predictions"][0]["label"] == "sewing machinist"  # type: ignore[index]


def test_a_labelled_titles_file_without_a_title_column_exits_non_zero(tmp_path: Path) -> None:
    titles = tmp_path / "titles.txt"
    titles.write_text("Rig hand\n", encoding="utf-8")
    examples = tmp_path / "labelled.csv"
    examples.write_text("name,label\nRig hand,sewing machinist\n", encoding="utf-8")
    result = runner.invoke(app, ["normalize-titles", "--input", str(titles), "--output",
                                 str(tmp_path / "out.jsonl"), "--esco-dir", ESCO,
                                 "--lexical-only", "--title-examples", str(examples)])
    assert result.exit_code != 0
    assert "labelled.csv" in result.output and "title" in result.output


def test_normalize_titles_rejects_an_empty_csv_title_naming_row_and_column(
    tmp_path: Path,
) -> None:
    titles = tmp_path / "titles.csv"
    titles.write_text('title\nnurse\n\n""\nbaker\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["normalize-titles", "--input", str(titles), "--output",
                                 str(out), "--esco-dir", ESCO, "--lexical-only"])
    assert result.exit_code == 2, result.output
    assert "titles.csv, row 4, column 'title'" in " ".join(result.output.split())
    assert not out.exists()


def test_extract_skills_reads_json_lines_and_reports_spans(tmp_path: Path) -> None:
    texts = tmp_path / "texts.jsonl"
    text = "You will maintain drilling equipment and manage supplies ."
    texts.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract-skills", "--input", str(texts), "--k", "10",
                                 "--output", str(out), "--esco-dir", ESCO, "--lexical-only",
                                 "--threshold", "0.3"])
    assert result.exit_code == 0, result.output
    (row,) = _lines(out)
    skills = row["skills"]
    assert isinstance(skills, list)
    labels = {s["label"] for s in skills}
    assert {"maintain drilling equipment", "manage supplies"} <= labels
    for s in skills:
        assert text[s["start"]:s["end"]] == s["span"]


def test_predict_job_skills_lists_required_skills_for_a_title(tmp_path: Path) -> None:
    titles = tmp_path / "titles.csv"
    titles.write_text("title\nsewing machinist\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["predict", "job-skills", "--input", str(titles), "--k", "5",
                                 "--output", str(out), "--esco-dir", ESCO, "--lexical-only"])
    assert result.exit_code == 0, result.output
    (row,) = _lines(out)
    predictions = row["predictions"]
    assert isinstance(predictions, list)
    assert 0 < len(predictions) <= 5
    scores = [p["score"] for p in predictions]
    assert scores == sorted(scores, reverse=True)


def test_load_job_ads_dry_run_validates_without_a_database(tmp_path: Path) -> None:
    result = runner.invoke(app, ["load", "job-ads", str(SAMPLE / "job-ads"), "--dry-run",
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert '"rows_read": 5' in result.output


def test_load_job_ads_rejects_a_bad_row_naming_row_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "ads.csv"
    bad.write_text("id,title,text\n1,,some text\n", encoding="utf-8")
    result = runner.invoke(app, ["load", "job-ads", str(bad), "--dry-run"])
    assert result.exit_code == 2
    assert "row 2, column 'title'" in " ".join(result.output.split())
