"""Unit tests of sentence splitting and candidate skill spans."""

from __future__ import annotations

from graph.jobads.spans import find_spans, ngram_spans, split_sentences, sub_spans


def test_sentences_are_split_at_line_breaks_and_sentence_ends_with_offsets() -> None:
    text = "Requirements\nYou know Python. You like SQL !\n\n- Docker"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Requirements", "You know Python.", "You like SQL !", "- Docker",
    ]
    for s in sentences:
        assert text[s.start:s.end] == s.text


def test_spans_are_trimmed_of_filler_and_function_words() -> None:
    spans = find_spans("Strong experience with Python , Docker and Kubernetes .")
    texts = [s.text for s in spans]
    assert "Python" in texts
    assert "Docker and Kubernetes" in texts
    assert all(not t.lower().startswith(("strong", "experience", "with")) for t in texts)


def test_span_offsets_point_into_the_sentence() -> None:
    sentence = "Good knowledge of relational databases; team player"
    for span in find_spans(sentence):
        assert sentence[span.start:span.end] == span.text


def test_a_heading_line_has_no_candidate_spans() -> None:
    assert find_spans("Job type:") == []


def test_long_stretches_are_split_at_conjunctions() -> None:
    sentence = ("design build and maintain scalable data pipelines and develop "
                "monitoring dashboards for our customers")
    texts = [s.text for s in find_spans(sentence)]
    assert "maintain scalable data pipelines" in texts
    assert "develop monitoring dashboards for our customers" in texts


def test_sub_spans_are_the_parts_around_conjunctions() -> None:
    sentence = "Docker and Kubernetes"
    (span,) = find_spans(sentence)
    assert [s.text for s in sub_spans(sentence, span)] == ["Docker", "Kubernetes"]


def test_ngram_spans_never_bridge_a_function_word() -> None:
    sentence = "design of scalable data pipelines"
    (span,) = find_spans(sentence)
    texts = {s.text for s in ngram_spans(sentence, span)}
    assert {"scalable data", "data pipelines", "pipelines"} <= texts
    assert "design of scalable" not in texts
    assert "design scalable" not in texts
    assert span.text not in texts
