"""The job-ad models of one app (ESCO label indexes, MiniLM), built once.

Nothing is built at import. ``skillgraph serve`` starts building them in a background thread
as the app starts (:meth:`JobAdModelCache.start_warming`; ``SKILLGRAPH_API_WARM_JOBADS=false``
turns that off), so that the first title or skill request does not wait for the build (13 s
on the full ESCO label sets once their indexes are cached, 27 s the first time). Otherwise the
first request that needs a title normaliser or a skill extractor builds them in a worker thread
(``anyio.to_thread``) while the event loop goes on serving other requests; concurrent first
requests, and a request during the warm-up, wait for the same build. A failed build is not
cached, so the next request tries again (after ``skillgraph load esco``, say). A build in
progress when the app stops ends at its next step.

Once built, the models (and MiniLM, once loaded for ``search``) are moved out of the garbage
collector's generations (:mod:`api.heap`), so that full collections do not walk them.

The label sets are read, and ingested ads written, through a synchronous driver made by
:func:`graph.db.create_driver` on first use: the job-ad pipeline (``catalog_from_graph``,
``write_prepared``) is synchronous and runs in worker threads.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import anyio.to_thread
import neo4j

from api.heap import freeze_long_lived
from graph.db import create_driver
from graph.settings import Settings

log = logging.getLogger("api")

if TYPE_CHECKING:
    from graph.jobads.embeddings import MiniLMEncoder
    from graph.jobads.extract import SkillExtractor
    from graph.jobads.ingest import JobAdAnnotator
    from graph.jobads.normalize import TitleNormalizer

T = TypeVar("T")
SyncDriverFactory = Callable[[Settings], neo4j.Driver]


@dataclass(frozen=True)
class JobAdModels:
    """A title normaliser and a skill extractor over the graph's ESCO label sets."""

    normalizer: TitleNormalizer
    extractor: SkillExtractor
    semantic: bool
    """Whether MiniLM takes part (False: lexical retrieval only)."""

    def annotator(self, *, k_occupations: int = 5, k_skills: int = 30) -> JobAdAnnotator:
        """The pipeline's annotator (extract skills, then normalise re-ranked by them)."""
        from graph.jobads.ingest import JobAdAnnotator

        return JobAdAnnotator(self.normalizer, self.extractor,
                              k_occupations=k_occupations, k_skills=k_skills)


class JobAdModelCache:
    """Builds :class:`JobAdModels` on first use (thread-safe) and runs work beside them.

    ``semantic=False`` builds lexical-only models (no MiniLM): faster to build and to run,
    less accurate. Inference runs in worker threads one call at a time, so that CPU-bound
    scoring neither blocks the event loop nor oversubscribes the cores.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        semantic: bool = True,
        driver_factory: SyncDriverFactory = create_driver,
    ) -> None:
        self.settings = settings
        self.semantic = semantic
        self._driver_factory = driver_factory
        self._driver: neo4j.Driver | None = None
        self._models: JobAdModels | None = None
        self._build_lock = threading.Lock()
        self._run_lock = threading.Lock()
        self._encoder_lock = threading.Lock()
        self._encoder: MiniLMEncoder | None = None
        self._closed = False

    @property
    def built(self) -> bool:
        """Whether the models exist (they are built by the first :meth:`models` call)."""
        return self._models is not None

    @property
    def state(self) -> str:
        """``built``, ``building`` (now, for the warm-up or a request) or ``on first use``."""
        if self._models is not None:
            return "built"
        return "building" if self._build_lock.locked() else "on first use"

    def driver(self) -> neo4j.Driver:
        """The synchronous driver of the pipeline (made on first use)."""
        with self._build_lock:
            return self._driver_locked()

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("expected an open model cache; the app has stopped")

    def _driver_locked(self) -> neo4j.Driver:
        self._check_open()
        if self._driver is None:
            self._driver = self._driver_factory(self.settings)
        return self._driver

    def build(self) -> JobAdModels:
        """The models, built now if they are not yet (blocking; call from a worker thread)."""
        models = self._models
        if models is not None:
            return models
        with self._build_lock:
            if self._models is None:
                self._models = self._build_locked()
                freeze_long_lived()  # the label sets and indexes live as long as the app
            return self._models

    def _build_locked(self) -> JobAdModels:
        from graph.jobads.examples import read_labelled_titles
        from graph.jobads.extract import SkillExtractor
        from graph.jobads.labels import catalog_from_graph
        from graph.jobads.normalize import TitleNormalizer

        started = time.perf_counter()
        catalog = catalog_from_graph(self._driver_locked(), database=self.settings.neo4j_database)
        encoder = self._minilm() if self.semantic else None
        examples = None
        if self.settings.title_examples is not None:
            found = read_labelled_titles(self.settings.title_examples, catalog)
            examples = found.examples
            log.info("labelled titles: %d read, %d skipped (occupation not in the graph)",
                     len(found.examples), found.skipped)
        self._check_open()  # the app may have stopped meanwhile: each step is seconds long
        lexical = self.settings.lexical_cache_dir
        normalizer = TitleNormalizer(catalog, encoder, examples=examples, cache_dir=lexical)
        self._check_open()
        extractor = SkillExtractor(catalog, encoder, cache_dir=lexical)
        if encoder is not None:
            self._check_open()
            self._minilm(load=True)  # else the first query would load it (torch, the weights)
        log.info("job-ad models built in %.1f s (%d occupations, %d skills%s)",
                 time.perf_counter() - started, len(catalog.occupations), len(catalog.skills),
                 ", MiniLM" if encoder is not None else "")
        return JobAdModels(normalizer, extractor, semantic=encoder is not None)

    def warm(self) -> None:
        """Build the models now, in the calling thread; a failure is logged, not raised (the
        first request that needs the models tries again and reports it)."""
        try:
            self.build()
        except Exception as e:
            if self._closed:
                log.info("job-ad models: warm-up stopped with the app")
            else:
                log.warning("job-ad models: warm-up failed (%s); the first request that needs "
                            "them builds them", e)

    def start_warming(self) -> threading.Thread:
        """:meth:`warm` in a background (daemon) thread, which is returned."""
        thread = threading.Thread(target=self.warm, name="jobad-models-warm-up", daemon=True)
        thread.start()
        return thread

    async def models(self) -> JobAdModels:
        """The models; the first call builds them off the event loop."""
        models = self._models
        if models is not None:
            return models
        return await anyio.to_thread.run_sync(self.build)

    def _minilm(self, *, load: bool = False) -> MiniLMEncoder:
        """The app's one MiniLM (the job-ad models' and ``search``'s), made on first use;
        ``load`` loads its weights now (once, whichever thread asks first)."""
        from graph.jobads.embeddings import MiniLMEncoder

        with self._encoder_lock:
            if self._encoder is None:
                self._encoder = MiniLMEncoder(self.settings.home / "embeddings")
            if load and not self._encoder.loaded:
                self._encoder.load()
                freeze_long_lived()  # torch's modules and the tokenizer: as long as the app
            return self._encoder

    async def encode_query(self, text: str) -> list[float] | None:
        """The MiniLM vector of a search text, computed in a worker thread (None when this
        cache is lexical-only). It does not wait for the job-ad models: only MiniLM is loaded,
        seconds the first time."""
        if not self.semantic:
            return None

        def encode() -> list[float]:
            return [float(x) for x in self._minilm(load=True).encode([text])[0]]

        return await anyio.to_thread.run_sync(encode)

    async def run(self, work: Callable[[JobAdModels], T]) -> T:
        """``work(models)`` in a worker thread, one call at a time per app."""
        models = await self.models()

        def locked() -> T:
            with self._run_lock:
                return work(models)

        return await anyio.to_thread.run_sync(locked)

    def close(self) -> None:
        """Close the driver (if one was made); the cache is unusable afterwards. A build in
        progress stops at its next step, and this waits for it."""
        self._closed = True
        with self._build_lock:
            driver, self._driver = self._driver, None
        if driver is not None:
            driver.close()

