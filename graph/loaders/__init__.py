"""Bulk loaders: validate a whole file, then write it with ``UNWIND $rows`` in fixed batches."""
