"""Limits protecting the server from expensive queries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ApiLimits:
    """Query-shape limits, page sizes and timeouts of one API instance."""

    max_depth: int = 10
    """Deepest nesting of selections in one operation."""
    max_tokens: int = 2000
    """Most lexical tokens in one document."""
    max_aliases: int = 15
    """Most aliases in one document (stops one request fanning out into many)."""
    default_page_size: int = 20
    max_page_size: int = 100
    search_candidates: int = 200
    """Full-text hits fetched per index before fusion and pagination."""
    read_timeout_s: float = 10.0
    """Transaction timeout of every read."""
    max_path_steps: int = 4
    """Most steps ``careerPaths`` explores."""
    vector_index_ttl_s: float = 30.0
    """How long the list of vector indexes is reused before Neo4j is asked again."""
    max_job_title_length: int = 300
    """Longest job title ``normalizeTitle`` and ``ingestJobAds`` accept (characters)."""
    max_job_text_length: int = 20_000
    """Longest job-ad text ``normalizeTitle``, ``extractSkills`` and ``ingestJobAds`` accept."""
    max_ads_per_request: int = 20
    """Most ads one ``ingestJobAds`` call takes."""
