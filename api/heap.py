"""The API process's long-lived objects, kept out of the cyclic garbage collector's way.

A full collection traverses every tracked object of the process. The schema and the imported
modules, and later MiniLM (torch modules, the tokenizer) and the job-ad models (the ESCO label
sets), are hundreds of thousands of objects that live as long as the process; left in the
collector's generations, each full collection walks them all, a pause of the whole event loop
(168 ms measured after MiniLM was loaded, every request in flight waiting on it). Moved to the
permanent generation once they exist, they are no longer walked.
"""

from __future__ import annotations

import gc


def freeze_long_lived() -> None:
    """Collect what is garbage now, then move every object that survived into the permanent
    generation (:func:`gc.freeze`). Call it once the long-lived objects exist: at start-up, and
    after a model is loaded. Objects of requests in flight at that moment are frozen too; they
    are still freed when their last reference goes, only a reference cycle among them is never
    collected (a one-time, bounded cost)."""
    gc.collect()
    gc.freeze()
