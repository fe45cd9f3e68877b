"""Plain words, not codes (issue 13): every audit action, object type, audit detail key and
agency kind used anywhere in the core has words in mash_desktop/domain/plain_words.py. A
new code without words makes this test fail, naming it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import mash_desktop
from mash_desktop.domain.plain_words import (
    AGENCY_KINDS,
    AUDIT_ACTIONS,
    DETAIL_KEYS,
    OBJECT_TYPES,
    RULE_WORDS,
    VALUE_WORDS,
    WORDED_ENUMS,
    action_words,
    details_words,
    humanise,
)
from mash_desktop.domain.roles import AgencyKind
from mash_desktop.domain.sharing import PUBLIC_INTEREST_QUESTIONS

CORE = Path(mash_desktop.__file__).parent
# The functions that write audit entries, and where their action / object type / details go.
AUDIT_CALLS = {
    "record": (3, 4, 6),
    "append_entry": (5, 6, 8),
    "_admin_change": (3, None, 4),
    "_count_failure": (2, None, None),
    "_audit": (2, None, 4),
}
CODE = re.compile(r"^[a-z][a-z_]*(\.[a-z_]+)*$")


def _strings(node: ast.AST | None) -> set[str]:
    if node is None:
        return set()
    return {
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and CODE.match(n.value)
    }


def _dict_keys(node: ast.AST | None) -> set[str]:
    if node is None:
        return set()
    return {
        k.value
        for d in ast.walk(node)
        if isinstance(d, ast.Dict)
        for k in d.keys
        if isinstance(k, ast.Constant) and isinstance(k.value, str)
    }


def _audit_codes() -> tuple[set[str], set[str], set[str]]:
    actions: set[str] = set()
    types: set[str] = set()
    keys: set[str] = set()
    for path in CORE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in AUDIT_CALLS:
                continue
            a, t, d = AUDIT_CALLS[name]

            def arg(n: int | None, keyword: str, call: ast.Call = node) -> ast.AST | None:
                if n is not None and len(call.args) > n:
                    return call.args[n]
                return next((k.value for k in call.keywords if k.arg == keyword), None)

            actions |= _strings(arg(a, "action"))
            types |= _strings(arg(t, "object_type"))
            keys |= _dict_keys(arg(d, "details"))
    return actions, types, keys


def test_the_scan_finds_the_codes_it_must() -> None:
    actions, types, keys = _audit_codes()
    assert {"queue.view", "login.failed", "account.suspend", "copy.destroy"} <= actions
    assert {"contact", "intelligence_package", "paper_copy"} <= types
    assert {"reason", "rows"} <= keys


def test_every_audit_action_has_words() -> None:
    actions, _types, _keys = _audit_codes()
    assert sorted(actions - AUDIT_ACTIONS.keys()) == []


def test_every_object_type_has_words() -> None:
    _actions, types, _keys = _audit_codes()
    drafts = {"strategy.record", "contact.triage"}  # draft kinds are object types too
    assert sorted((types | drafts) - OBJECT_TYPES.keys()) == []


def test_every_audit_detail_key_has_words() -> None:
    _actions, _types, keys = _audit_codes()
    assert sorted(keys - DETAIL_KEYS.keys()) == []


def test_every_agency_kind_has_words() -> None:
    assert set(AgencyKind) == set(AGENCY_KINDS)


def test_the_words_contain_no_codes() -> None:
    for words in (*AUDIT_ACTIONS.values(), *OBJECT_TYPES.values(), *AGENCY_KINDS.values()):
        assert "_" not in words and not CODE.match(words), words


def test_details_read_as_words() -> None:
    text = details_words('{"reason": "unknown user", "attempt": 2, "overdue": true}')
    assert text == "Reason: unknown user; Failed attempt: 2; Overdue only: yes"
    assert action_words("strategy.escalations_view") == "Viewed escalations"
    assert humanise("strategy.record_save") == "Strategy: record save"


def test_a_correction_reads_what_changed_then_old_then_new() -> None:
    """RQ-7, SEC-3: the stored details are sorted by key ("new" before "old"); the words read
    in the order of the change, and an empty old value says so."""
    text = details_words(
        '{"changes": [{"field": "Why no consent", "new": "Risk to the child", "old": ""}],'
        ' "reason": "Mother rang"}'
    )
    assert text == (
        "Changes: What changed: Why no consent; Old: -; New: Risk to the child; "
        "Reason: Mother rang"
    )


def _domain_enums() -> dict[str, type]:
    import enum
    import importlib
    import pkgutil

    import mash_desktop.domain as domain

    found: dict[str, type] = {}
    for info in pkgutil.iter_modules(domain.__path__, "mash_desktop.domain."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (
                isinstance(obj, type)
                and issubclass(obj, enum.Enum)
                and obj.__module__ == module.__name__
            ):
                found[f"{info.name.rsplit('.', 1)[1]}.{name}"] = obj
    return found


# Domain enums whose values never reach a person, with the reason.
NEVER_SHOWN = {
    "print_tracking.SpoolState": "the print spooler's states, read by the print follow-up",
    "print_tracking.Verdict": "the print follow-up's own decision, acted on, never shown",
    "print_tracking.Collection": "the print follow-up's own decision, acted on, never shown",
    "roles._R": "a short alias of Role inside roles.py",
    "roles.AgencyKind": "worded in AGENCY_KINDS (test_every_agency_kind_has_words)",
}


def test_every_domain_enum_value_has_words() -> None:
    """Every coded value of every enum in the domain has words; a new enum must be added to
    WORDED_ENUMS (or to NEVER_SHOWN here, with the reason)."""
    enums = _domain_enums()
    assert {"sharing.ConsentStatus", "lawful_sharing.Capacity"} <= set(enums)
    unworded = sorted(
        name for name, e in enums.items() if name not in NEVER_SHOWN and e not in WORDED_ENUMS
    )
    assert unworded == [], f"enums without words: {unworded}"
    assert set(NEVER_SHOWN) <= set(enums), "NEVER_SHOWN names an enum that no longer exists"
    for e in WORDED_ENUMS:
        for member in e:
            words = VALUE_WORDS[member.value]
            assert words and "_" not in words, (e.__name__, member.value, words)


RULE_ID = re.compile(r"\b(?:RQ|SD|SEC|GOV)-\d+\b(?![-.\d])|\bISP-\d+\b(?![.\d])|\bPI-\d\b")


def _message_strings() -> list[tuple[str, int, str]]:
    """Every string constant in mash_desktop and ui that is not a docstring."""
    found = []
    for root in (CORE, CORE.parent / "ui"):
        for path in root.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docs = {  # docstrings and bare string statements are read by programmers only
                id(node.value)
                for node in ast.walk(tree)
                if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            }
            found += [
                (path.name, n.lineno, n.value)
                for n in ast.walk(tree)
                if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
            ]
    return found


def test_no_message_names_a_rule_id() -> None:
    """'(SD-0)', '(RQ-6)', 'PI-3' never reach a person: a requirement ID or question code may
    be only an identifier on its own (a question's code, a rule in RULE_WORDS)."""
    identifiers = {q.code for q in PUBLIC_INTEREST_QUESTIONS} | set(RULE_WORDS)
    leaks = [
        f"{name}:{line}: {text[:80]!r}"
        for name, line, text in _message_strings()
        if RULE_ID.search(text) and text not in identifiers
    ]
    assert leaks == []


def test_rule_ids_in_audit_details_read_as_words() -> None:
    assert details_words('{"rule": "SD-0"}').startswith(
        "Rule: An open children's social care case goes to the allocated team"
    )
    assert details_words('{"source": "LA-DORSET"}', {"LA-DORSET": "Dorset Council"}) == (
        "Source: Dorset Council"
    )


PARAGRAPH_CODE = re.compile(r"\bISP-\d+(?:\.\d+)+|\bInfoSec \d+(?:\.\d+)+|\bSch\.\s?\d")


def test_no_message_names_a_protocol_paragraph_or_basis_by_code() -> None:
    """Issue 13 (ISP-2): "(ISP-6.1.2)", "InfoSec 2.1.2", "[ISP-5.2.1 (1)]" and "DPA Sch.2 4a"
    never reach a person; a paragraph is cited in words ("protocol paragraph 6.1.2") and a
    lawful basis by the condition's own words (domain/basis_words.py)."""
    leaks = [
        f"{name}:{line}: {text[:80]!r}"
        for name, line, text in _message_strings()
        if PARAGRAPH_CODE.search(text)
    ]
    assert leaks == []
