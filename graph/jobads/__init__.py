"""Job ads: ingestion, title normalization to ESCO occupations, skill extraction and linking.

The pieces, each in the module named after what it holds:

- :mod:`graph.jobads.schema`: the job-ad record and its JSON Lines / CSV reader.
- :mod:`graph.jobads.labels`: ESCO label sets (:class:`~graph.jobads.labels.EscoCatalog`), read
  from Neo4j or straight from the ESCO CSV export.
- :mod:`graph.jobads.embeddings`: MiniLM sentence embeddings cached on disk by content hash.
- :mod:`graph.jobads.retrieval`: char n-gram TF-IDF and embedding indexes over label sets.
- :mod:`graph.jobads.fusion`: score and reciprocal-rank fusion, top-k selection.
- :mod:`graph.jobads.normalize`: job titles to ranked ESCO occupations.
- :mod:`graph.jobads.spans`: sentence splitting and candidate skill spans.
- :mod:`graph.jobads.extract`: spans linked to ESCO skills.
- :mod:`graph.jobads.predict`: the skills a posting with a given title most likely asks for.
- :mod:`graph.jobads.ingest`: ``prepare_job_ads`` for the loader framework.
- :mod:`graph.jobads.evaluate`: ranking metrics and the evaluation runs on the validation data.
"""
