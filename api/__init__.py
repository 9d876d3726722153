"""The GraphQL API (FastAPI + Strawberry) over the graph and the model."""
