"""ISP-5 (ISP-7.1.4): what is still waiting for its originating partner's permission before a
package can leave the MASH. Every waiting item is named, with where its request stands, so
the manager sees the whole list at once, not the first refusal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mash_desktop.domain.errors import PermissionDenied


@dataclass(frozen=True)
class WaitingItem:
    item_id: int
    item: str  # 'item 12 (Health, about Tom Smith)'
    partner: str  # the originating partner's name
    state: str  # 'not asked yet', 'asked on ...; no answer yet', 'refused by ...: why'


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class DisseminationRefused(PermissionDenied):
    """Items without their originating partners' permission cannot leave the MASH."""

    def __init__(self, waiting: Sequence[WaitingItem]) -> None:
        first = waiting[0]
        if len(waiting) == 1:
            message = (
                f"{_capital(first.item)} cannot go outside the MASH: {first.partner} has not "
                "recorded permission to disseminate it (protocol paragraph 7.1.4); "
                f"{first.state}. Ask {first.partner} for its permission, or leave the item out."
            )
        else:
            message = (
                f"{len(waiting)} items cannot go outside the MASH until their originating "
                "partners record permission (protocol paragraph 7.1.4): "
                + "; ".join(f"{_capital(w.item)}: {w.state}" for w in waiting)
                + ". Ask each partner for its permission, or leave those items out."
            )
        super().__init__(message)
        self.waiting = tuple(waiting)
        self.item_id = first.item_id
        self.partner = first.partner
