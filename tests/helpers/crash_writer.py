"""Kill a process writing real intakes at a random moment, then check what it left.

Shared by the CI kill test and ``benchmarks/crash_kill.py``. The writer is forked from a
process that has already imported everything, so a run costs the writing, not Python's start.
"""

from __future__ import annotations

import os
import random
import signal
import string
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from mash_desktop.domain.clock import SystemClock
from mash_desktop.services.contacts.service import ContactService
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.engine import open_store
from mash_desktop.store.keys import KeyMaterial
from tests.helpers.contacts import contact_input

READY = b"R\n"


def large_concern(size: int, rng: random.Random) -> str:
    """A long narrative that does not compress: many pages to write in one commit."""
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(500)]
    parts: list[str] = []
    total = 0
    while total < size:
        word = rng.choice(words)
        parts.append(word)
        total += len(word) + 1
    return " ".join(parts)


def _write_forever(
    path: Path, key: KeyMaterial, desk: Actor, pipe: int, big: int, seed: int
) -> None:
    rng = random.Random(seed)
    store = open_store(path, key)
    ctx = AppContext(store=store, clock=SystemClock())
    service = ContactService(ctx)
    os.write(pipe, READY)
    n = 0
    while True:
        n += 1
        concern = large_concern(big, rng) if big and n % 2 else f"Crash run {seed} intake {n}."
        received = ctx.clock.now() - timedelta(minutes=5)
        detail = service.intake(desk, contact_input(received, concern=concern))
        os.write(pipe, f"{detail.reference}\n".encode())  # acknowledged: intake returned


@dataclass(frozen=True)
class KillRun:
    acknowledged: list[str]
    killed_after_s: float


def kill_a_writer(
    path: Path,
    key: KeyMaterial,
    desk: Actor,
    rng: random.Random,
    big: int,
    max_s: float,
    after_first: bool = False,
) -> KillRun:
    """Fork a writer, let it write for a random time up to ``max_s`` (counted from its first
    acknowledged intake when ``after_first``, so a slow machine still sees writes), then
    SIGKILL it."""
    read_end, write_end = os.pipe()
    seed = rng.randrange(1 << 30)
    pid = os.fork()
    if pid == 0:  # the writer: never returns into pytest
        os.close(read_end)
        code = 0
        try:
            _write_forever(path, key, desk, write_end, big, seed)
        except BaseException:
            code = 70
        os._exit(code)
    os.close(write_end)
    received = b""
    ready = READY + (b"MASH-" if after_first else b"")
    while not received.startswith(ready):
        chunk = os.read(read_end, 4096)
        if not chunk:
            raise RuntimeError("the writer died before it was ready")
        received += chunk
    delay = rng.uniform(0.0, max_s)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while chunk := os.read(read_end, 65536):
        received += chunk
    os.close(read_end)
    lines = received.decode().split("\n")[1:]
    return KillRun([line for line in lines[:-1] if line], delay)  # the last may be cut short
