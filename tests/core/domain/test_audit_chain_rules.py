"""SEC-3: properties of the hash chain, on plain data (no database)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mash_desktop.domain.audit_chain import GENESIS_MAC, ChainFields, entry_mac, verify_chain

KEY = b"k" * 32
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


def build(entries: list[tuple[str, str, str]]) -> list[tuple]:
    rows, prev = [], GENESIS_MAC
    for n, (actor, action, details) in enumerate(entries, start=1):
        f = ChainFields(
            n, f"2026-01-01T00:00:{n % 60:02d}", actor, "AG", action, "t", str(n), details
        )
        mac = entry_mac(KEY, f, prev)
        rows.append((n, f.at, actor, "AG", action, "t", str(n), details, mac))
        prev = mac
    return rows


entries_st = st.lists(st.tuples(text, text, text), min_size=1, max_size=25)


@given(entries_st)
def test_intact_chain_verifies(entries):
    # REQ: SEC-3
    rows = build(entries)
    result = verify_chain(KEY, rows, (rows[-1][0], rows[-1][8]))
    assert result.ok and result.count == len(rows)


@given(entries_st, st.data())
def test_any_changed_field_is_found_at_that_entry(entries, data):
    # REQ: SEC-3
    rows = build(entries)
    i = data.draw(st.integers(0, len(rows) - 1))
    col = data.draw(st.sampled_from([1, 2, 3, 4, 5, 6, 7]))
    row = list(rows[i])
    row[col] = row[col] + "x"
    rows[i] = tuple(row)
    result = verify_chain(KEY, rows, (rows[-1][0], rows[-1][8]))
    assert not result.ok and result.first_bad_seq == i + 1


@given(entries_st, st.data())
def test_any_removed_entry_is_found(entries, data):
    # REQ: SEC-3
    rows = build(entries)
    checkpoint = (rows[-1][0], rows[-1][8])
    i = data.draw(st.integers(0, len(rows) - 1))
    del rows[i]
    result = verify_chain(KEY, rows, checkpoint)
    assert not result.ok and result.first_bad_seq == i + 1


def test_wrong_key_fails_at_first_entry():
    # REQ: SEC-3
    rows = build([("a", "b", "c"), ("d", "e", "f")])
    result = verify_chain(b"other" * 8, rows, (2, rows[-1][8]))
    assert not result.ok and result.first_bad_seq == 1


def test_missing_checkpoint_with_entries_fails():
    # REQ: SEC-3
    assert not verify_chain(KEY, build([("a", "b", "c")]), None).ok
    assert verify_chain(KEY, [], None).ok
