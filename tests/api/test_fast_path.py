"""The ASGI helpers of the plans' fast path: which requests it considers, and bodies read
whole then replayed to the view unchanged."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from api.fast_path import is_plain_post, read_body, replay


def _scope(method: str, content_type: bytes | None) -> dict[str, Any]:
    headers = [] if content_type is None else [(b"content-type", content_type)]
    return {"type": "http", "method": method, "headers": headers}


@pytest.mark.parametrize(
    ("method", "content_type", "plain"),
    [
        ("POST", b"application/json", True),
        ("POST", b"Application/JSON; charset=utf-8", True),
        ("POST", b"multipart/form-data; boundary=x", False),
        ("POST", None, False),
        ("GET", b"application/json", False),
    ],
)
def test_only_json_posts_are_plain(method: str, content_type: bytes | None, plain: bool) -> None:
    assert is_plain_post(_scope(method, content_type)) is plain


def _receiver(messages: list[dict[str, Any]]) -> Any:
    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    return receive


def test_a_body_in_chunks_is_read_whole_and_replayed_as_one_message() -> None:
    async def run() -> None:
        receive = _receiver([
            {"type": "http.request", "body": b'{"que', "more_body": True},
            {"type": "http.request", "body": b'ry": 1}', "more_body": False},
            {"type": "http.disconnect"},
        ])
        body, ended = await read_body(receive)
        assert (body, ended) == (b'{"query": 1}', None)
        again = replay(body, ended, receive)
        assert await again() == {"type": "http.request", "body": body, "more_body": False}
        assert await again() == {"type": "http.disconnect"}

    asyncio.run(run())


def test_a_client_gone_before_the_end_of_its_body_is_passed_on() -> None:
    async def run() -> None:
        receive = _receiver([
            {"type": "http.request", "body": b"{", "more_body": True},
            {"type": "http.disconnect"},
        ])
        body, ended = await read_body(receive)
        assert ended == {"type": "http.disconnect"}
        assert await replay(body, ended, receive)() == {"type": "http.disconnect"}

    asyncio.run(run())
