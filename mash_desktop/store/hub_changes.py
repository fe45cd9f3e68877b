"""Changes pushed from the hub: LISTEN on ``mash_changes``, one background thread.

Triggers on the hub announce every change to contacts (claims included), research and
strategy records as ``table:id`` (no personal data). A workstation's open views subscribe
and reload within a second of another workstation's commit, without polling tables. After
the connection is lost the feed reconnects by itself and announces ``reconnected``, so
views reload whatever they may have missed.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass

from mash_desktop.store.hub_connection import HubCredentials, HubLocation, connect_args

CHANNEL = "mash_changes"
RECONNECTED = "reconnected"
DISCONNECTED = "disconnected"
WAIT_S = 0.25  # how long one wait for notifications lasts before checking for stop
RETRY_S = 1.0


@dataclass(frozen=True)
class Change:
    table: str  # e.g. "contacts"; or RECONNECTED / DISCONNECTED
    row_id: str = ""


Listener = Callable[[Change], None]


class HubChangeFeed:
    """Calls each listener (from the feed's thread) with every change announced."""

    def __init__(self, location: HubLocation, credentials: HubCredentials) -> None:
        self._args = connect_args(location, credentials)
        self._args.update(host=location.host, port=location.port, dbname=location.dbname)
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mash-hub-changes", daemon=True)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock, contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return unsubscribe

    def start(self, wait_s: float = 5.0) -> bool:
        """Start listening; True once the first LISTEN is in place."""
        self._thread.start()
        return self._ready.wait(wait_s)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _emit(self, change: Change) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(change)

    def _run(self) -> None:
        import psycopg

        connected_before = False
        while not self._stop.is_set():
            try:
                with psycopg.connect(autocommit=True, **self._args) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._ready.set()
                    if connected_before:
                        self._emit(Change(RECONNECTED))
                    connected_before = True
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=WAIT_S):
                            table, _, row_id = note.payload.partition(":")
                            self._emit(Change(table, row_id))
            except psycopg.Error:
                if connected_before:
                    self._emit(Change(DISCONNECTED))
                self._stop.wait(RETRY_S)
