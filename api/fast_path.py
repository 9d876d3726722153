"""The HTTP side of the compiled query plans: a plain GraphQL POST (a JSON body with
``query``, and optionally ``variables`` and ``operationName``) whose query text has a plan is
answered straight from the ASGI messages, without Strawberry's request and response
machinery. Anything else, or anything the plan declines, goes on to Strawberry's view with the
body replayed, and is answered exactly as before.

The answer is what the view would send for the same data: status 200,
``application/json``, ``{"data": ...}`` in compact JSON (``{"data": null, "errors": [...]}``
when the plan's read failed because Neo4j is unavailable or too slow).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from graphql import GraphQLError
from starlette.types import Message, Receive, Scope, Send

from api.context import Context
from api.plans import PlannedSchema

PLAN_DECLINED = "skillgraph.plan_declined"
"""ASGI scope key set when a plan declined the request, so the view does not ask it again."""

_FIELDS = frozenset({"query", "variables", "operationName"})


def is_plain_post(scope: Scope) -> bool:
    """A POST with a JSON body (the only requests the fast path considers)."""
    if scope["type"] != "http" or scope["method"] != "POST":
        return False
    for name, value in scope["headers"]:
        if name == b"content-type":
            return bool(value.split(b";", 1)[0].strip().lower() == b"application/json")
    return False


async def read_body(receive: Receive) -> tuple[bytes, Message | None]:
    """The whole request body, and the message that ended it early (a disconnect), if any."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), message
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), None


def replay(body: bytes, ended: Message | None, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` again, then whatever comes next."""
    pending: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]
    if ended is not None:
        pending = [ended]

    async def again() -> Message:
        return pending.pop(0) if pending else await receive()

    return again


def _request(body: bytes) -> tuple[str, str | None, dict[str, Any] | None] | None:
    """``(query, operationName, variables)`` of a plain GraphQL request body, else None."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict) or not set(data) <= _FIELDS:
        return None
    query, name, variables = data.get("query"), data.get("operationName"), data.get("variables")
    if not isinstance(query, str) or not isinstance(name, str | None) \
            or not isinstance(variables, dict | None):
        return None
    return query, name, variables


async def planned_response(
    schema: PlannedSchema, body: bytes, context: Callable[[], Context]
) -> bytes | None:
    """The response body a plan gives for this request body, or None."""
    request = _request(body)
    if request is None:
        return None
    query, name, variables = request
    data = await schema.planned_answer(query, name, variables, context())
    if data is None:
        return None
    if isinstance(data, GraphQLError):
        return json.dumps({"data": None, "errors": [data.formatted]},
                          separators=(",", ":")).encode()
    return json.dumps({"data": data}, separators=(",", ":")).encode()


async def send_json(send: Send, body: bytes) -> None:
    """A 200 ``application/json`` response, as Strawberry's view sends it."""
    await send({
        "type": "http.response.start",
        "status": 200,
        "headers": [(b"content-length", str(len(body)).encode()),
                    (b"content-type", b"application/json")],
    })
    await send({"type": "http.response.body", "body": body})

