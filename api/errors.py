"""Errors the API shows to clients as they are; everything else is masked."""

from __future__ import annotations

import logging
import uuid

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from graph.errors import DatabaseUnavailableError, SkillgraphError

log = logging.getLogger("api")


class InvalidArgumentError(SkillgraphError):
    """A field argument (page size, cursor) is out of range; the message says what is expected."""

    def __init__(self, argument: str, expected: str) -> None:
        self.argument = argument
        super().__init__(f"invalid argument {argument!r}: {expected}")


#: Errors whose messages are written for clients and contain nothing internal.
PUBLIC_ERRORS: tuple[type[Exception], ...] = (InvalidArgumentError, DatabaseUnavailableError)


def should_mask(error: GraphQLError) -> bool:
    """Mask every error except validation errors and the public ones above.

    A masked error is logged with a correlation id that the client also receives, so a report
    can be matched to the log line.
    """
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        # syntax and validation errors (limits included) and variables of the wrong type
        # are the client's
        return False
    if isinstance(original, PUBLIC_ERRORS):
        return False
    correlation = uuid.uuid4().hex[:12]
    log.error("internal error %s in %s", correlation, error.path, exc_info=original)
    error.extensions = {**(error.extensions or {}), "correlationId": correlation}
    return True


class CorrelatedMaskErrors(MaskErrors):
    """MaskErrors that keeps the correlation id in the masked error's extensions."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=should_mask, error_message="Internal server error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        correlation = (error.extensions or {}).get("correlationId")
        if correlation is not None:
            masked.extensions = {"correlationId": correlation}
        return masked
