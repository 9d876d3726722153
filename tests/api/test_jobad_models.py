"""The per-app job-ad model cache (a counting fake build stands in for the real models) and
the API key check."""

from __future__ import annotations

import threading
import time
from typing import Any, cast

import anyio
import neo4j
import pytest
from pydantic import SecretStr

from api.auth import Unauthorized, check_api_key
from api.jobad_models import JobAdModelCache, JobAdModels
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


def test_a_closed_cache_makes_no_driver() -> None:
    cache = CountingCache()
    cache.close()
    with pytest.raises(RuntimeError, match="expected an open model cache"):
        cache.driver()


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
