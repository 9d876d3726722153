"""Configuration: one Settings object read from the environment (and an optional .env file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

NEO4J_VERSION = "5.26.30"


def _default_home() -> Path:
    return Path.home() / ".cache" / "skillgraph"


class Settings(BaseSettings):
    """Every setting skillgraph reads.

    ``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_PASSWORD`` point at an external server; when
    ``NEO4J_URI`` is unset, commands use the managed local server on ``local_bolt_port``.
    Everything else is read from ``SKILLGRAPH_*`` variables.
    """

    model_config = SettingsConfigDict(
        env_prefix="SKILLGRAPH_", env_file=".env", extra="ignore", populate_by_name=True
    )

    neo4j_uri: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_URI", "SKILLGRAPH_NEO4J_URI")
    )
    neo4j_user: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "SKILLGRAPH_NEO4J_USER")
    )
    neo4j_password: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("NEO4J_PASSWORD", "SKILLGRAPH_NEO4J_PASSWORD"),
    )
    neo4j_database: str = Field(
        default="neo4j",
        validation_alias=AliasChoices("NEO4J_DATABASE", "SKILLGRAPH_NEO4J_DATABASE"),
    )

    home: Path = Field(default_factory=_default_home)
    """Cache root: Neo4j jars, the local server's home, embedding caches, model artifacts."""

    local_bolt_port: int = 7687
    local_http_port: int = 7474
    local_data_dir: Path | None = None
    """Where the managed local server keeps its database (default: ``home/server``)."""
    local_heap: str = "2g"
    local_pagecache: str = "1g"
    local_start_timeout_s: float = 120.0

    data_dir: Path | None = None
    """The shared data folder (``SKILLGRAPH_DATA_DIR``); tests also accept ``SKILLGRAPH_DATA``."""

    title_examples: Path | None = None
    """Labelled job titles (CSV: title or text, uri or label) that title normalization uses
    as a memory and a prior (``SKILLGRAPH_TITLE_EXAMPLES``); see ``docs/job-ads.md``."""

    batch_size: int = 5000
    transaction_timeout_s: float = 120.0

    models_dir: Path | None = None
    api_key: SecretStr | None = None
    api_production: bool = False
    api_cors_origins: list[str] = Field(default_factory=list)
    api_query_plans: bool = True
    """Answer repeated query texts with compiled plans (``SKILLGRAPH_API_QUERY_PLANS``;
    ``api/plans.py``); false runs the resolvers for every request."""
    api_lookup_batching: bool = True
    """Send the compiled lookups that arrive while one of their plan is in flight together,
    as one query (``SKILLGRAPH_API_LOOKUP_BATCHING``; ``api/coalescing.py``)."""
    api_semantic_search: bool = True
    """``search`` ranks by the meaning of its text too: the text is encoded with MiniLM and
    matched against the label vectors ``skillgraph train`` writes
    (``SKILLGRAPH_API_SEMANTIC_SEARCH``; ``api/search.py``); false matches words only."""
    api_warm_jobads: bool = True
    """``skillgraph serve`` builds the job-ad models (title normalisation, skill extraction) in
    the background as it starts, instead of on the first request that needs them
    (``SKILLGRAPH_API_WARM_JOBADS``; ``api/jobad_models.py``)."""
    api_access_log: bool = False
    """``skillgraph serve`` writes uvicorn's access log, a line per HTTP request
    (``SKILLGRAPH_API_ACCESS_LOG``). Off by default: for GraphQL every line reads ``POST
    /graphql 200``, and writing it is about a tenth of a lookup's time at one client."""

    @property
    def effective_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.local_bolt_port}"

    @property
    def uses_local_server(self) -> bool:
        return self.neo4j_uri is None

    @property
    def lexical_cache_dir(self) -> Path:
        """Where fitted lexical (TF-IDF) indexes of label sets are kept between processes."""
        return self.home / "lexical"

    @property
    def server_home(self) -> Path:
        return self.local_data_dir or (self.home / "server")

    @property
    def jars_dir(self) -> Path:
        return self.home / f"neo4j-{NEO4J_VERSION}" / "lib"

    @property
    def effective_models_dir(self) -> Path:
        return self.models_dir or (self.home / "models")

    def auth(self) -> tuple[str, str] | None:
        if self.neo4j_password is None:
            return None
        return (self.neo4j_user, self.neo4j_password.get_secret_value())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
