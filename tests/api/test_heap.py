"""Freezing the API process's long-lived objects."""

from __future__ import annotations

import gc
import weakref

from api.heap import freeze_long_lived


class Node:
    """A class instance, so that it can be weakly referenced and form a cycle."""

    other: Node | None = None


def test_freezing_collects_garbage_cycles_first_and_moves_live_objects_out() -> None:
    garbage_a, garbage_b = Node(), Node()
    garbage_a.other, garbage_b.other = garbage_b, garbage_a  # a cycle only the collector frees
    gone = weakref.ref(garbage_a)
    del garbage_a, garbage_b
    live = Node()
    frozen_before = gc.get_freeze_count()
    freeze_long_lived()
    assert gone() is None  # collected, not frozen forever
    assert gc.get_freeze_count() > frozen_before
    assert not any(o is live for o in gc.get_objects())
