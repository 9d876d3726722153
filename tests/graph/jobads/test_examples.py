"""Labelled titles: reading them, and the memory that scores occupations by similar titles."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from graph.errors import InputError
from graph.jobads.examples import LabelledTitle, TitleMemory, read_labelled_titles
from graph.jobads.labels import EscoCatalog
from graph.jobads.normalize import TitleNormalizer, clean_title
from tests.graph.jobads.conftest import NURSE, SOFTWARE, TESTER, BagOfWordsEncoder


def test_titles_labelled_by_preferred_label_map_to_uris_and_unknown_labels_are_counted(
    tmp_path: Path, catalog: EscoCatalog,
) -> None:
    path = tmp_path / "titles.csv"
    path.write_text("text,label\nJava dev,software developer\nStaff nurse,"
                    "nurse responsible for general care\nChef,cook\nSous chef,cook\n",
                    encoding="utf-8")
    found = read_labelled_titles(path, catalog)
    assert found.examples == [LabelledTitle("Java dev", SOFTWARE),
                              LabelledTitle("Staff nurse", NURSE)]
    assert found.skipped == 2 and found.skipped_labels == ["cook"]


def test_titles_labelled_by_uri_are_read(tmp_path: Path, catalog: EscoCatalog) -> None:
    path = tmp_path / "titles.csv"
    path.write_text(f"title,uri\nQA lead,{TESTER}\n", encoding="utf-8")
    assert read_labelled_titles(path, catalog).examples == [LabelledTitle("QA lead", TESTER)]


@pytest.mark.parametrize(("content", "row", "column"), [
    ("name,label\nx,software developer\n", 1, "title"),
    ("text,occupation\nx,software developer\n", 1, "uri"),
    ("text,label\nx,software developer\n,nurse\n", 3, "text"),
    # rows numbered as in a spreadsheet: a multi-line cell and a blank line count
    ('text,label\n"multi\nline",nurse\n\nbaker,\n', 4, "label"),
    ('text,label\nx,software developer,extra\n', 2, None),
])
def test_a_malformed_file_is_rejected_with_its_row_and_column(
    tmp_path: Path, catalog: EscoCatalog, content: str, row: int, column: str | None,
) -> None:
    path = tmp_path / "titles.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_labelled_titles(path, catalog)
    issue = e.value.problems[0]
    assert (issue.row, issue.column) == (row, column)
    assert str(path) in str(e.value)


def _memory(examples: list[LabelledTitle], lexical_weight: float = 0.3) -> TitleMemory:
    columns = {SOFTWARE: 0, NURSE: 1, TESTER: 2}
    return TitleMemory(examples, [clean_title(e.title) for e in examples], columns, 3,
                       BagOfWordsEncoder(), lexical_weight=lexical_weight)


def test_each_occupation_scores_its_most_similar_labelled_title() -> None:
    memory = _memory([LabelledTitle("java backend developer", SOFTWARE),
                      LabelledTitle("night shift nurse", NURSE),
                      LabelledTitle("junior java developer", SOFTWARE)])
    enc = BagOfWordsEncoder()
    queries = ["junior java developer", "night nurse"]
    scores = memory.scores(queries, enc.encode(queries))
    assert scores.shape == (2, 3)
    assert scores[0, 0] == pytest.approx(1.0, abs=1e-5)  # an identical labelled title
    assert scores[1].argmax() == 1
    assert scores[:, 2].tolist() == [0.0, 0.0]  # no labelled title for the tester
    assert memory.counts == {SOFTWARE: 2, NURSE: 1}


def test_leaving_an_example_out_removes_only_its_own_similarity() -> None:
    examples = [LabelledTitle("java developer", SOFTWARE), LabelledTitle("java tester", TESTER)]
    memory = _memory(examples)
    enc = BagOfWordsEncoder()
    titles = [e.title for e in examples]
    full = memory.scores(titles, enc.encode(titles))
    loo = memory.scores(titles, enc.encode(titles), exclude=[0, 1])
    assert loo[0, 0] == 0.0 and loo[1, 2] == 0.0
    assert loo[0, 2] == pytest.approx(full[0, 2]) and loo[0, 2] > 0


def test_labelled_titles_move_their_occupation_to_the_top(catalog: EscoCatalog) -> None:
    title = "automation engineer"  # no label of the catalog shares a word with it
    plain = TitleNormalizer(catalog, BagOfWordsEncoder())
    taught = TitleNormalizer(catalog, BagOfWordsEncoder(),
                             examples=[LabelledTitle("senior automation engineer", TESTER)])
    assert taught.memory is not None and len(taught.memory) == 1
    assert taught.normalize([title], k=1)[0][0].uri == TESTER
    assert plain.log_prior is None and taught.log_prior is not None
    assert not np.array_equal(plain.scores([title]), taught.scores([title]))
