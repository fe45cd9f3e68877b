"""The headless research read goes through the same need-to-know service (ISP-2)."""

from __future__ import annotations

import pytest

from mash_desktop import cli
from mash_desktop.domain.sharing import Relevance
from mash_desktop.services.research.rows import FindingInput
from mash_desktop.services.research.service import ResearchService
from tests.helpers.contacts import reference_of
from tests.helpers.personas import TEST_PASSWORD
from tests.helpers.research import complete_sharing, make_contact, make_hub

SECRET = "Under CAMHS for self-harm"
SHARED = "Not registered with a GP since 2024"


@pytest.fixture
def seeded(ctx, admin):
    hub = make_hub(ctx, admin)
    research = ResearchService(ctx)
    contact = make_contact(ctx)
    research.request_research(hub.manager, contact, ["HEALTH", "POLICE"])
    panel = next(
        p
        for p in research.contact_research(hub.health, contact).panels
        if p.agency_code == "HEALTH"
    )
    research.save_panel(hub.health, panel.request_id, "GP record, CAMHS")
    secret = research.add_finding(
        hub.health, panel.request_id, FindingInput(SECRET, Relevance.HIGH)
    )
    shared = research.add_finding(hub.health, panel.request_id, FindingInput(SHARED, Relevance.LOW))
    research.submit(hub.health, panel.request_id)
    research.share(hub.health, shared.id, complete_sharing(schedule3=()))
    return hub, secret, reference_of(ctx, contact)



@pytest.fixture
def store_engine() -> str:
    """These run the CLI on the local file (on a hub: tests/core/test_cli_hub.py)."""
    return "sqlcipher"

def _run(db_path, user, *args):
    return cli.main(["--db", str(db_path), "research", *args, "--user", user])


def test_police_cannot_read_healths_unshared_research_through_the_cli(
    seeded, db_path, monkeypatch, capsys
):
    # REQ: ISP-2
    _hub, _secret, ref = seeded
    monkeypatch.setenv("MASH_PASSWORD", TEST_PASSWORD)
    assert _run(db_path, "pc.harrow", "show", ref) == 0
    out = capsys.readouterr().out
    assert "Health (CCG and NHS trusts) [HEALTH]: Submitted - items shared" in out
    assert SHARED in out
    assert SECRET not in out
    assert "GP record, CAMHS" not in out  # systems checked are Health's own business
    assert _run(db_path, "nurse.pike", "show", ref) == 0
    out = capsys.readouterr().out
    assert SECRET in out
    assert "NOT SHARED" in out


def test_cli_needs_the_right_password_and_a_known_contact(seeded, db_path, monkeypatch, capsys):
    # REQ: ISP-2
    _hub, _secret, ref = seeded
    monkeypatch.setenv("MASH_PASSWORD", "wrong-password")
    assert _run(db_path, "pc.harrow", "show", ref) == 1
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err
    assert "Wrong user name or password" in captured.err
    monkeypatch.setenv("MASH_PASSWORD", TEST_PASSWORD)
    assert _run(db_path, "pc.harrow", "show", "NOPE") == 1
    assert "No contact with reference NOPE" in capsys.readouterr().err


def test_cli_research_due(seeded, db_path, monkeypatch, capsys):
    # REQ: ISP-1
    _hub, _secret, ref = seeded
    monkeypatch.setenv("MASH_PASSWORD", TEST_PASSWORD)
    assert _run(db_path, "pc.harrow", "due") == 0
    out = capsys.readouterr().out
    assert "Research due from POLICE: 1" in out
    assert ref in out


def test_the_desktop_entry_point_hands_research_to_the_cli():
    # REQ: ISP-2
    assert cli.is_cli_invocation(["research", "show", "MASH-1", "--user", "pc.harrow"])
    assert cli.is_cli_invocation(["--db", "x.db", "research", "due", "--user", "pc.harrow"])
