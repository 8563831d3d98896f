"""The store's one thread: every database call of the app runs here, in order.

Writes must reach the disk in the order the evaluator gave the answers, and
a busy database (another process merging) must not freeze the keyboard. A
single-worker executor gives both: calls queue in order, the UI thread only
waits where a screen needs data to draw.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from pilotkit.core.store import Store

P = ParamSpec("P")
R = TypeVar("R")


class StoreClient:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pilotkit-store")

    def submit(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        return self._executor.submit(fn, *args, **kwargs)

    def call(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run on the store thread and wait: for reads a screen needs before drawing."""
        return self._executor.submit(fn, *args, **kwargs).result()

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        self.store.close()
