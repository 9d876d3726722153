"""Expected failures as typed results: clients select them with ``... on NotFound``."""

from __future__ import annotations

import strawberry


@strawberry.type(description="No node has the key asked for.")
class NotFound:
    message: str = strawberry.field(description="What was looked for and not found.")
    key: str = strawberry.field(description="The key that matched nothing.")


@strawberry.type(description="An argument is malformed; nothing was looked up.")
class InvalidInput:
    message: str = strawberry.field(description="What was expected.")
    argument: str = strawberry.field(description="The offending argument.")


@strawberry.type(description="The learned model has not written embeddings for this node yet.")
class ModelUnavailable:
    message: str = strawberry.field(description="What is missing and how to produce it.")
