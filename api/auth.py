"""The API key that guards mutations (``Authorization: Bearer <key>``); reads stay open."""

from __future__ import annotations

import secrets

import strawberry

from graph.settings import Settings

BEARER = "bearer "


@strawberry.type(description="The mutation needs the API key: send `Authorization: Bearer "
                 "<key>`. Nothing was changed.")
class Unauthorized:
    message: str = strawberry.field(description="What was expected.")


def check_api_key(settings: Settings, authorization: str | None) -> Unauthorized | None:
    """None when no key is configured or ``authorization`` carries it; else why not.

    The key is compared in constant time."""
    if settings.api_key is None:
        return None
    expected = settings.api_key.get_secret_value()
    if authorization is None or not authorization.lower().startswith(BEARER):
        return Unauthorized(message="expected an `Authorization: Bearer <key>` header")
    given = authorization[len(BEARER):].strip()
    if not secrets.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        return Unauthorized(message="the API key in the Authorization header is not valid")
    return None
