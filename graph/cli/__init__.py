"""The ``skillgraph`` command line."""
