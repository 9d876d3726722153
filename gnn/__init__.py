"""Learned link-prediction embeddings (PyTorch Geometric) over the skillgraph graph."""
