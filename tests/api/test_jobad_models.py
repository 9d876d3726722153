"""The per-app job-ad model cache (a counting fake build stands in for the real models) and
the API key check."""

from __future__ import annotations

import gc
import logging
import threading
import time
from pathlib import Path
from typing import Any, cast

import anyio
import neo4j
import pytest
from pydantic import SecretStr

from api.auth import Unauthorized, check_api_key
from api.jobad_models import JobAdModelCache, JobAdModels
from graph.jobads import embeddings
from graph.settings import Settings


class CountingCache(JobAdModelCache):
    """Builds a placeholder instead of the models and counts the builds."""

    def __init__(self, *, fail_first: bool = False) -> None:
        super().__init__(Settings(), driver_factory=lambda s: cast(neo4j.Driver, None))
        self.builds = 0
        self.fail_first = fail_first

    def _build_locked(self) -> JobAdModels:
        self.builds += 1
        time.sleep(0.05)  # widen the window in which concurrent callers could race
        if self.fail_first and self.builds == 1:
            raise RuntimeError("no labels yet")
        return cast(JobAdModels, object())


def test_concurrent_first_requests_build_the_models_once() -> None:
    cache = CountingCache()
    results: list[Any] = []
    threads = [threading.Thread(target=lambda: results.append(cache.build())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.builds == 1
    assert len(results) == 8 and all(r is results[0] for r in results)


def test_models_are_built_off_the_event_loop_and_reused() -> None:
    cache = CountingCache()
    loop_thread = threading.get_ident()
    seen: list[int] = []

    async def twice() -> list[int]:
        await cache.run(lambda models: seen.append(threading.get_ident()))
        await cache.run(lambda models: seen.append(threading.get_ident()))
        return seen

    anyio.run(twice)
    assert cache.builds == 1
    assert loop_thread not in seen


def test_a_failed_build_is_not_cached() -> None:
    cache = CountingCache(fail_first=True)
    with pytest.raises(RuntimeError, match="no labels yet"):
        cache.build()
    assert cache.build() is not None
    assert cache.builds == 2


def _tracked(obj: object) -> bool:
    """Whether the cyclic collector's generations hold ``obj`` (frozen objects are not)."""
    return any(o is obj for o in gc.get_objects())


class LabelledCache(CountingCache):
    """Builds models that are a tracked object graph, like the real label sets."""

    def _build_locked(self) -> JobAdModels:
        super()._build_locked()
        return cast(JobAdModels, {"labels": [{"label": str(i)} for i in range(100)]})


def test_the_built_models_are_moved_out_of_the_collectors_generations() -> None:
    cache = LabelledCache()
    models = cast(dict[str, list[dict[str, str]]], cache.build())
    assert not _tracked(models) and not _tracked(models["labels"][0])
    later = [{"label": "made after the build"}]
    assert _tracked(later)  # what comes afterwards is collected as usual


class FakeMiniLM:
    """Stands in for MiniLMEncoder: loading makes a tracked object graph, and is counted."""

    loads = 0

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.weights: list[dict[str, int]] = []

    def load(self) -> None:
        FakeMiniLM.loads += 1
        self.weights = [{"w": i} for i in range(100)]

    @property
    def loaded(self) -> bool:
        return bool(self.weights)


def test_loading_minilm_moves_it_out_of_the_collectors_generations_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(embeddings, "MiniLMEncoder", FakeMiniLM)
    FakeMiniLM.loads = 0
    cache = CountingCache()
    made = cast(FakeMiniLM, cache._minilm())
    assert _tracked(made)  # made, not loaded: nothing to freeze yet
    loaded = cast(FakeMiniLM, cache._minilm(load=True))
    assert loaded is made and FakeMiniLM.loads == 1
    assert not _tracked(loaded) and not _tracked(loaded.weights[0])
    cache._minilm(load=True)
    assert FakeMiniLM.loads == 1


def test_a_closed_cache_makes_no_driver() -> None:
    cache = CountingCache()
    cache.close()
    with pytest.raises(RuntimeError, match="expected an open model cache"):
        cache.driver()


def test_warming_builds_the_models_in_a_daemon_thread_once() -> None:
    cache = CountingCache()
    assert cache.state == "on first use"
    thread = cache.start_warming()
    assert thread.daemon and thread is not threading.current_thread()
    deadline = time.monotonic() + 10
    while cache.state == "on first use" and time.monotonic() < deadline:
        time.sleep(0.001)
    assert cache.state in ("building", "built")
    thread.join(timeout=10)
    assert cache.built and cache.builds == 1 and cache.state == "built"
    cache.build()
    assert cache.builds == 1  # a request after the warm-up finds the models


def test_a_failed_warm_up_is_logged_and_the_next_request_builds_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    cache = CountingCache(fail_first=True)
    with caplog.at_level(logging.WARNING, logger="api"):
        cache.warm()  # does not raise
    assert "warm-up failed (no labels yet)" in caplog.text
    assert not cache.built
    assert cache.build() is not None
    assert cache.builds == 2


def test_closing_the_app_during_the_warm_up_stops_the_build_at_its_next_step(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    """The real build, with its first step (reading the labels) held until close() is
    waiting: the steps after it (the indexes, MiniLM) are never started."""
    from graph.jobads import labels, normalize

    reading, release = threading.Event(), threading.Event()
    started: list[str] = []

    def held_catalog(driver: Any, *, database: str) -> object:
        reading.set()
        release.wait(timeout=10)
        return object()

    def normalizer(*args: Any, **kwargs: Any) -> object:
        started.append("normalizer")
        return object()

    monkeypatch.setattr(labels, "catalog_from_graph", held_catalog)
    monkeypatch.setattr(normalize, "TitleNormalizer", normalizer)
    cache = JobAdModelCache(Settings(), driver_factory=lambda s: cast(neo4j.Driver, None))
    with caplog.at_level(logging.INFO, logger="api"):
        warming = cache.start_warming()
        assert reading.wait(timeout=10)
        closing = threading.Thread(target=cache.close)
        closing.start()
        time.sleep(0.05)
        assert closing.is_alive()  # close() waits for the step in progress
        release.set()
        closing.join(timeout=10)
        warming.join(timeout=10)
    assert not closing.is_alive() and not warming.is_alive()
    assert started == [] and not cache.built
    assert "warm-up stopped with the app" in caplog.text


@pytest.mark.parametrize("value", ["true", "false"])
def test_serve_warms_the_job_ad_models_unless_configured_not_to(
    value: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import api.main
    from graph.settings import get_settings

    seen: dict[str, Any] = {}
    monkeypatch.setattr(api.main, "create_app", lambda settings, **kw: seen.update(kw))
    monkeypatch.setenv("SKILLGRAPH_API_WARM_JOBADS", value)
    get_settings.cache_clear()
    try:
        api.main.create()
    finally:
        get_settings.cache_clear()
    assert seen == {"warm_jobads": value == "true"}


@pytest.mark.parametrize(
    ("header", "allowed"),
    [(None, False), ("Basic abc", False), ("Bearer wrong", False), ("Bearer s3cret", True),
     ("bearer s3cret", True)],
)
def test_the_api_key_is_checked_only_when_configured(header: str | None, allowed: bool) -> None:
    keyed = Settings(api_key=SecretStr("s3cret"))
    assert check_api_key(Settings(api_key=None), header) is None
    result = check_api_key(keyed, header)
    assert (result is None) is allowed
    if not allowed:
        assert isinstance(result, Unauthorized)
