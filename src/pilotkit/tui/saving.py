"""Which of a visit's writes are durable, which are on their way, and which failed.

The visit screen shows an answer as saved only once the store's thread has
committed it. Every write is keyed by what it writes (an item's answer, an
item's note, the visit's comment); for each key only the newest write counts:
an older one that fails is overtaken by the newer one queued behind it (the
store's single thread writes in order). A failed key keeps the newest value
the user gave and its write, so a retry writes that value and nothing stale.
A key that failed shows as failed until a write of it succeeds: a retry on
its way, or a new value given meanwhile, does not hide the failure.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, wait
from dataclasses import dataclass
from functools import partial
from typing import Literal

from textual.message_pump import MessagePump

from pilotkit.core.database import DatabaseLocked, ReadOnlyDatabase
from pilotkit.core.messages import localize
from pilotkit.tui.i18n import current_language, t
from pilotkit.tui.storeclient import StoreClient

Key = tuple[Literal["answer", "note", "comment"], str]
"""("answer", item id), ("note", item id) or ("comment", "")."""
State = Literal["saving", "failed"]

_SQLITE_REASONS = {
    sqlite3.SQLITE_BUSY: "reason_locked",
    sqlite3.SQLITE_LOCKED: "reason_locked",
    sqlite3.SQLITE_FULL: "reason_full",
    sqlite3.SQLITE_READONLY: "reason_readonly",
    sqlite3.SQLITE_IOERR: "reason_io",
    sqlite3.SQLITE_CANTOPEN: "reason_io",
}


def describe_error(error: BaseException) -> str:
    """Why a write failed, in the user's language where the reason is a known one."""
    if isinstance(error, DatabaseLocked):
        return t("reason_locked")
    if isinstance(error, ReadOnlyDatabase):
        return t("reason_readonly")
    if isinstance(error, sqlite3.Error):
        key = _SQLITE_REASONS.get(getattr(error, "sqlite_errorcode", -1) & 0xFF)
        if key is not None:
            return t(key)
    return localize(error, current_language())


@dataclass(eq=False)
class _Write:
    seq: int
    fn: Callable[..., object]
    args: tuple[object, ...]
    value: object
    announce: bool
    """The user asked for this write: its failure is announced (an automatic retry's is not)."""
    failed_before: BaseException | None = None
    """Why the key's previous write failed, when this one follows a failure."""
    error: BaseException | None = None
    future: Future[object] | None = None
    done: bool = False

    @property
    def state(self) -> State:
        return "failed" if self.error or self.failed_before else "saving"

    @property
    def retryable(self) -> bool:
        return self.done and self.error is not None


Saved = Callable[[Key, object], None]
"""Told the key and the value that is now durable."""
Changed = Callable[[Key, BaseException | None], None]
"""Told after every finished write; the error when a write the user asked for failed."""


class SaveTracker:
    def __init__(self, client: StoreClient, pump: MessagePump, visit_id: str,
                 on_saved: Saved, on_change: Changed) -> None:
        self.client = client
        self.pump = pump
        self.visit_id = visit_id
        self.on_saved = on_saved
        self.on_change = on_change
        self._unsaved: dict[Key, _Write] = {}
        self._durable_seq: dict[Key, int] = {}
        self._seq = 0

    # -- writing ---------------------------------------------------------------------------------

    def write(self, key: Key, fn: Callable[..., object], *args: object, value: object,
              announce: bool = True) -> None:
        """Write `value` for `key` with `fn(visit_id, *args)` on the store's thread."""
        self._seq += 1
        previous = self._unsaved.get(key)
        failed_before = (previous.error or previous.failed_before) if previous else None
        write = _Write(self._seq, fn, args, value, announce, failed_before=failed_before)
        self._unsaved[key] = write
        write.future = self.client.submit_then(self.pump, partial(self._done, key, write),
                                               fn, self.visit_id, *args)

    def retry(self, announce: bool) -> int:
        """Write again the newest value of every key whose write failed; how many."""
        failed = [(key, w) for key, w in self._unsaved.items() if w.retryable]
        for key, w in failed:
            self.write(key, w.fn, *w.args, value=w.value, announce=announce)
        return len(failed)

    def _done(self, key: Key, write: _Write, future: Future[object]) -> None:
        if write.done:
            return
        write.done = True
        try:
            error = future.exception()
        except CancelledError:
            return  # quitting: the write was dropped on the user's word
        newest = self._unsaved.get(key) is write
        if error is None:
            # the thread writes in order: the newest write known done is what the disk holds
            if write.seq > self._durable_seq.get(key, 0):
                self._durable_seq[key] = write.seq
                self.on_saved(key, write.value)
            if newest:
                del self._unsaved[key]
            if not self.in_flight():
                self.retry(announce=False)  # the database answers again: try the rest now
        elif newest:
            write.error = error
        self.on_change(key, error if newest and write.announce else None)

    def wait(self, timeout: float) -> None:
        """Wait (blocking) up to `timeout` s for the writes on their way, and take their results."""
        pending = [w.future for w in self._unsaved.values() if not w.done and w.future]
        if not pending:
            return
        wait(pending, timeout=timeout)
        for key, w in list(self._unsaved.items()):
            if not w.done and w.future is not None and w.future.done():
                self._done(key, w, w.future)

    def drop_queued(self) -> None:
        """Cancel the writes still waiting for their turn (leaving anyway, on the user's word)."""
        for w in self._unsaved.values():
            if w.future is not None:
                w.future.cancel()

    # -- asking ----------------------------------------------------------------------------------

    def state(self, key: Key) -> State | None:
        """"failed" (a retry may be on its way), "saving", or None when the newest value
        is durable."""
        write = self._unsaved.get(key)
        return write.state if write else None

    def error(self, key: Key) -> BaseException | None:
        """Why the key's last write failed, while it is not saved."""
        write = self._unsaved.get(key)
        return (write.error or write.failed_before) if write else None

    def failed(self) -> list[Key]:
        return [key for key, w in self._unsaved.items() if w.state == "failed"]

    def retryable(self) -> list[Key]:
        """Failed keys with no write on its way."""
        return [key for key, w in self._unsaved.items() if w.retryable]

    def in_flight(self) -> int:
        """Keys whose newest write is still on its way."""
        return sum(1 for w in self._unsaved.values() if not w.done)

    def saving(self) -> int:
        """Keys on their way that have not failed before (what "… saving" is about)."""
        return sum(1 for w in self._unsaved.values() if w.state == "saving")

    def unsaved(self) -> int:
        """Keys whose newest value is not durable yet: failed, or on its way."""
        return len(self._unsaved)
