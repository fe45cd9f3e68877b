"""The hub's audit chain head, kept a second time on every workstation (SEC-8, SEC-10).

The head row on the server (``mash_private.audit_head``) is in every ``pg_dump`` of the hub:
an older dump put back restores an older head that agrees with its older chain. So each
workstation also keeps the newest head it has itself appended (sequence and MAC, as the
server computed it), in its own data folder, where no restore of the server reaches.
``audit verify`` compares the server's chain with it: a chain that ends before that entry,
or holds another MAC at that number, is reported as an older (or another) copy of the hub.

Why here and not in a second database on the server: a head table in another database of
the same cluster is rolled back with it by a cluster restore (base backup, ``pg_dumpall``),
and keeping it current needs a second connection from inside every append. Every
workstation sees each head it appends anyway; any one of them detects the rollback, and
only rolling back every workstation as well would hide it. The MAC needs no signature of
its own: only the chain key (on the server) makes a MAC that the chain then holds.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import platformdirs

from mash_desktop.domain.audit_chain import VerifyResult


@dataclass(frozen=True)
class SeenHead:
    seq: int
    mac: str
    at: str  # when this workstation appended it (UTC, ISO)


class HeadWitness:
    """The newest head this workstation appended to one hub (one small JSON file)."""

    def __init__(self, address: str) -> None:
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", address.split("://", 1)[-1]).strip("_")
        self.path = platformdirs.user_data_path("mash-desktop", appauthor=False) / "hub-heads"
        self.path = self.path / f"{name}.json"

    def read(self) -> SeenHead | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return SeenHead(int(data["seq"]), str(data["mac"]), str(data["at"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def saw(self, seq: int, mac: str) -> None:
        """Keep the head if it is newer than the one kept (never moves back)."""
        kept = self.read()
        if kept is not None and kept.seq >= seq:
            return
        head = {"seq": seq, "mac": mac, "at": datetime.now(UTC).isoformat(timespec="seconds")}
        with contextlib.suppress(OSError):  # a witness that cannot be kept fails nothing
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            spare = self.path.with_suffix(f".{os.getpid()}.tmp")
            spare.write_text(json.dumps(head), encoding="utf-8")
            os.replace(spare, self.path)


def against_witness(
    result: VerifyResult, entries: int, kept: SeenHead | None, mac_at_kept: str | None
) -> VerifyResult:
    """The server's verified chain against the head this workstation saw."""
    if not result.ok or kept is None:
        return result
    if kept.seq > entries:
        return VerifyResult(
            False,
            entries,
            f"the hub's audit trail ends at entry {entries}, but this workstation appended "
            f"entry {kept.seq} on {kept.at[:16].replace('T', ' ')} UTC: an older copy of the "
            "hub's database was restored (or its newest entries were removed)",
            entries + 1,
        )
    if mac_at_kept != kept.mac:
        return VerifyResult(
            False,
            entries,
            f"entry {kept.seq} is not the entry this workstation appended on "
            f"{kept.at[:16].replace('T', ' ')} UTC: the trail was rewritten or another copy "
            "of the hub's database was restored",
            kept.seq,
        )
    return result
