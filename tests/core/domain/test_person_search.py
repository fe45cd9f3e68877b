"""Name search words scored as the matcher scores names (RQ-8, RQ-3): typos, variant
spellings, other scripts, the start of a name; every word must match."""

from __future__ import annotations

from mash_desktop.domain.person_search import name_keys, name_lookups, score_name


def _found(query: str, first: str, last: str) -> bool:
    """What SQL does with the keys: every query word finds a key or a part of a name."""
    stored = name_keys(first, last)
    return all(
        any(f" {k} " in stored for k in lookup.keys) or (lookup.part and lookup.part in stored)
        for lookup in name_lookups(query)
    )


def test_typos_variants_and_scripts_are_found_and_scored_with_reasons():
    # REQ: RQ-8 RQ-3
    cases = [
        ("Jaydn Smiht", "Jayden", "Smith", "first name spelled differently (Jaydn / Jayden)"),
        ("Kmith", "Jayden", "Smith", "surname spelled differently (Kmith / Smith)"),
        ("Mohammed", "Muhammad", "Rahimi", "first name: spellings of the same name"),
        ("Haddad", "محمد", "حداد", "surname has the same consonants in Arabic or Hebrew script"),
        ("olena", "Олена", "Коваленко", "same first name"),
        ("ahmad", "Mohamed", "Al-Ahmad", "same surname"),
        ("lukasz", "Zoë", "Łukaszewska", "surname begins with lukasz"),
    ]
    for query, first, last, reason in cases:
        assert _found(query, first, last), query
        scored = score_name(query, first, last)
        assert scored is not None and scored[1][0].startswith(reason), (query, scored)


def test_every_word_must_match_and_unrelated_names_do_not():
    # REQ: RQ-8
    assert score_name("Jayden Brown", "Jayden", "Smith") is None
    assert score_name("Oliver", "Jayden", "Smith") is None
    assert not _found("Oliver", "Jayden", "Smith")
    assert name_lookups("  ") == ()
