"""ISP-2 need to know on agency research, as one rule: who may read an agency's research.

An item (finding) is readable once it has been shared with the MASH partners, or by a
caseworker (desk officer, MASH, LA or OOH manager) of the agency that researched it; the
systems an agency checked are that agency's caseworkers' alone (pass ``shared=False``).
Auditors and administrators hold no research role: they read only what was shared.

The hub's database holds the same rule as ``mash_research_rule`` (migration
0102_research_need_to_know), which its row-level security calls; a generated test keeps
the two equal.
"""

from __future__ import annotations

from mash_desktop.domain.roles import CASEWORKERS, Role


def sees_research(
    role: Role | str, reader_agency_id: int | None, research_agency_id: int, shared: bool
) -> bool:
    """May a user of ``role`` at ``reader_agency_id`` read this agency's research?"""
    if shared:
        return True
    return role in {r.value for r in CASEWORKERS} and reader_agency_id == research_agency_id


def research_agency_for(role: Role | str, agency_id: int) -> int:
    """The agency whose unshared research the user reads: their own if a caseworker, none
    (-1) otherwise; the service's queries filter with it."""
    return agency_id if role in {r.value for r in CASEWORKERS} else -1
