"""Unit tests of the job-ad reader: formats, validation naming file, row and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.errors import InputError
from graph.jobads.schema import read_job_ads


def _jsonl(tmp_path: Path, rows: list[object]) -> Path:
    path = tmp_path / "ads.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_a_json_lines_file_yields_one_record_per_object(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, [
        {"id": "a1", "title": "Data engineer", "text": "Build pipelines.",
         "posted_at": "2021-07-14", "url": "https://example.org/a1", "skill_spans": ["x"]},
        {"id": "a2", "title": "Nurse", "text": "Care for patients.", "employer": "Clinic"},
    ])
    ads = read_job_ads(path)
    assert [a.id for a in ads] == ["a1", "a2"]
    assert ads[0].posted_at == "2021-07-14"
    assert ads[1].employer == "Clinic"
    assert ads[1].url is None


def test_a_csv_file_with_quoted_multiline_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ads.csv"
    path.write_text('id,title,text,location\n7,Chef,"Cook.\nClean.",Oslo\n', encoding="utf-8")
    (ad,) = read_job_ads(path)
    assert ad.text == "Cook.\nClean."
    assert ad.location == "Oslo"


def test_a_missing_column_is_rejected_with_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "ads.csv"
    path.write_text("id,title\n1,Chef\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_job_ads(path)
    problem = info.value.problems[0]
    assert (problem.file, problem.row, problem.column) == (str(path), 1, "text")


def test_an_empty_title_is_rejected_with_its_row_and_column(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, [{"id": "a", "title": "T", "text": "x"},
                             {"id": "b", "title": " ", "text": "y"}])
    with pytest.raises(InputError) as info:
        read_job_ads(path)
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (2, "title")
    assert "expected a value" in problem.message


def test_a_duplicate_id_names_the_row_that_first_had_it(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, [{"id": "a", "title": "T", "text": "x"},
                             {"id": "a", "title": "U", "text": "y"}])
    with pytest.raises(InputError, match="first seen in row 1"):
        read_job_ads(path)


def test_a_bad_date_and_a_bad_url_are_both_reported(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, [{"id": "a", "title": "T", "text": "x",
                              "posted_at": "14/07/2021", "url": "example.org"}])
    with pytest.raises(InputError) as info:
        read_job_ads(path)
    assert {p.column for p in info.value.problems} == {"posted_at", "url"}


def test_a_line_that_is_not_json_is_rejected_with_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "ads.jsonl"
    path.write_text('{"id": "a", "title": "T", "text": "x"}\n{oops\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_job_ads(path)
    assert info.value.problems[0].row == 2


def test_an_unknown_file_format_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "ads.xml"
    path.write_text("<ads/>", encoding="utf-8")
    with pytest.raises(InputError, match=r"expected \.jsonl"):
        read_job_ads(path)
