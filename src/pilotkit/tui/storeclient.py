"""The store's one thread: every database call of the app runs here, in order.

Writes must reach the disk in the order the evaluator gave the answers, and
a busy database (another process merging) must not freeze the keyboard. A
single-worker executor gives both: calls queue in order, the UI thread only
waits where a screen needs data to draw.

Because the UI thread does wait on this thread, this thread must never wait
on the UI: results go back through `submit_then`, which only queues them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from typing import ParamSpec, TypeVar

from textual.message_pump import MessagePump

from pilotkit.core.visit_service import VisitService

P = ParamSpec("P")
R = TypeVar("R")


class StoreClient:
    def __init__(self, store: VisitService) -> None:
        self.store = store
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pilotkit-store")

    def submit(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        return self._executor.submit(fn, *args, **kwargs)

    def submit_then(self, pump: MessagePump, on_done: Callable[[Future[R]], object],
                    fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        """Run on the store thread; then `on_done(future)` runs on `pump` (a screen).

        The hand-back is queued, not awaited: a store thread waiting for the UI
        while the UI waits in `call` would freeze both (`App.call_from_thread` waits).
        Through the pump's own queue it runs in Textual's context, and not at all
        once the screen has closed (on quit, the last write's reply has no one to tell).
        """
        loop = asyncio.get_running_loop()

        def hand_back(future: Future[R]) -> None:
            with suppress(RuntimeError):  # the loop itself has closed
                loop.call_soon_threadsafe(pump.call_later, on_done, future)

        future = self._executor.submit(fn, *args, **kwargs)
        future.add_done_callback(hand_back)
        return future

    def call(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run on the store thread and wait: for reads a screen needs before drawing."""
        return self._executor.submit(fn, *args, **kwargs).result()

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        self.store.close()
