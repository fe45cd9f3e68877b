"""Synthetic contacts for the hub benchmark, made inside each engine (fast on both).

The rows look like real ones: 1-3 children per contact (brothers and sisters share a
surname), names in several scripts and with accents, dates of birth, receipt over two years
(more recent ones more often), RAG, the last days' contacts open (some claimed), older ones
decided with an outcome, CSC flags. The queue's search column holds what the contact service
writes (child_search_text, computed in Python once per name in a small people table).

Each row is made by one INSERT ... SELECT over a number series, with pseudo-random values
from integer hashes of the row number: the same SQL on PostgreSQL and SQLCipher but for a few
date and text functions, so both engines hold the same rows. Secondary indexes are dropped
for the load and built after it, then the planner's statistics are gathered (ANALYZE). On
PostgreSQL the load runs as the server's superuser with triggers and foreign-key checks off
(session_replication_role); on the encrypted store in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, select, text

from mash_desktop.demo import FIRST_NAMES, LAST_NAMES, STREETS, TOWNS
from mash_desktop.domain.contact_codes import Channel, Outcome
from mash_desktop.domain.person_search import name_keys
from mash_desktop.services.contacts.service import child_search_text
from mash_desktop.store.models import Agency, User

NOW_SQL = "2026-11-24 09:30:00"  # benchmarks/queue.py's NOW, in UTC
SPAN_MIN = 2 * 365 * 24 * 60
# Names beyond the English lists: several scripts and accents, as a MASH's referrals carry.
WORLD_FIRST = [
    "Zoë", "Chloé", "Łukasz", "Zofia", "Mohamed", "Mohammed", "Fatima", "Aisha", "Yusuf",
    "Omar", "محمد", "فاطمة", "Олег", "Анна", "Дмитрий", "Αλέξανδρος", "Ελένη", "Wei", "明",
    "Siobhán", "Seán", "Dóra", "Ioana", "Ayşe", "Mehmet", "Priya", "Arjun", "प्रिया",
]  # fmt: skip
WORLD_LAST = [
    "Wójcik", "Kowalski", "Nowak", "Ahmed", "Hussain", "Khan", "Ali", "أحمد", "Иванова",
    "Петров", "Παπαδόπουλος", "王", "李", "Zhang", "Ó Briain", "Müller", "Popescu", "Yılmaz",
    "Şahin", "Patel", "Sharma", "शर्मा", "Nguyễn", "Kelly", "O'Connor",
]  # fmt: skip
FIRSTS = FIRST_NAMES + WORLD_FIRST
LASTS = LAST_NAMES * 2 + WORLD_LAST  # about two in three English surnames


def u(n: int, k: int) -> int:
    """The k-th pseudo-random number (0..999982) of row n; the SQL computes the same."""
    a, b, c, d = 7919 + 104_729 * k, 1_299_709 * k + 17, 15_485_863 % 999_983 + k, 31 * k + 5
    return ((n * a + b) % 1_000_003 * c + d) % 999_983


def _u(k: int, n: str = "g.n") -> str:
    a, b, c, d = 7919 + 104_729 * k, 1_299_709 * k + 17, 15_485_863 % 999_983 + k, 31 * k + 5
    return f"((({n} * {a} + {b}) % 1000003) * {c} + {d}) % 999983"


class Dialect:
    def __init__(self, name: str) -> None:
        self.pg = name == "postgresql"

    def series(self, count: int) -> str:
        if self.pg:
            return f"g(n) AS (SELECT generate_series(1, {count})::bigint)"
        return f"g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {count})"

    def recursive(self) -> str:
        return "WITH" if self.pg else "WITH RECURSIVE"

    def minutes_before_now(self, expr: str) -> str:
        if self.pg:
            return f"(TIMESTAMP '{NOW_SQL}' - make_interval(mins => ({expr})::int))"
        return (
            f"(strftime('%Y-%m-%d %H:%M:%S', '{NOW_SQL}', (-({expr})) || ' minutes') || '.000000')"
        )

    def days_after(self, day: str, expr: str) -> str:
        if self.pg:
            return f"(DATE '{day}' + ({expr})::int)"
        return f"date('{day}', ({expr}) || ' days')"

    def padded(self, expr: str, width: int) -> str:
        if self.pg:
            return f"lpad(({expr})::text, {width}, '0')"
        return f"printf('%0{width}d', {expr})"

    def year(self, expr: str) -> str:
        return f"substr(CAST({expr} AS text), 1, 4)"


def pick(values: list[Any], expr: str) -> str:
    """One of ``values`` by ``expr`` modulo their number, as a SQL CASE."""
    whens = " ".join(
        f"WHEN {i} THEN {v if isinstance(v, int) else _quote(str(v))}" for i, v in enumerate(values)
    )
    return f"(CASE ({expr}) % {len(values)} {whens} END)"


def _rows_cte(dialect: Dialect, count: int) -> str:
    """The per-contact values every insert below reads (one place for the hashing)."""
    minutes = f"(5 + ({_u(1)} % {SPAN_MIN}) * (700 + {_u(2)} % 301) / 1000)"
    return f"""{dialect.recursive()} {dialect.series(count)},
b AS (SELECT g.n, {minutes} AS minutes, {_u(3)} % 10 AS rag_u, {_u(4)} % 10 AS open_u,
             {_u(5)} % 100 AS kids_u, {_u(6)} % {len(LASTS)} AS li,
             {_u(7)} % {len(FIRSTS)} AS f1, {_u(8)} % {len(FIRSTS)} AS f2,
             {_u(9)} % {len(FIRSTS)} AS f3, {_u(10)} AS v10, {_u(11)} AS v11,
             {_u(12)} AS v12, {_u(13)} AS v13 FROM g),
c AS (SELECT b.*,
             CASE WHEN rag_u < 2 THEN 'red' WHEN rag_u < 7 THEN 'amber' ELSE 'green' END AS rag,
             CASE WHEN rag_u < 2 THEN 4 WHEN rag_u < 7 THEN 24 ELSE 72 END AS rag_hours,
             (minutes / 1440 < 3 OR (minutes / 1440 < 10 AND open_u < 2)) AS is_open,
             CASE WHEN kids_u < 75 THEN 1 WHEN kids_u < 95 THEN 2 ELSE 3 END AS kids
        FROM b)"""


def _dob(dialect: Dialect, k: int) -> str:
    return dialect.days_after("2008-01-01", f"({_u(20 + k, 'c.n')}) % 6570")


def load(conn: Any, dialect: Dialect, count: int, agencies: dict[str, int], creator: int) -> int:
    """Insert ``count`` contacts and their children with ``conn.execute(sql)``; returns the
    number of children."""
    conn.execute(
        "CREATE TEMPORARY TABLE bench_people (fi integer, li integer, first_name text, "
        "last_name text, search text, name_keys text, PRIMARY KEY (fi, li))"
    )
    people = [
        (fi, li, first, last, child_search_text([(first, last)]), name_keys(first, last))
        for fi, first in enumerate(FIRSTS)
        for li, last in enumerate(LASTS)
    ]
    values = ", ".join(
        "(" + ", ".join(str(v) if isinstance(v, int) else _quote(v) for v in row) + ")"
        for row in people
    )
    conn.execute(f"INSERT INTO bench_people VALUES {values}")
    received = dialect.minutes_before_now("c.minutes")
    due = dialect.minutes_before_now("c.minutes - c.rag_hours * 60")
    decided_at = dialect.minutes_before_now("c.minutes - 60 - c.v11 % 4000")
    la_ids = [agencies[c] for c in agencies if c.startswith("LA-")]
    yes = "(1 = 1)"
    conn.execute(
        f"""{_rows_cte(dialect, count)}
INSERT INTO contacts (id, reference, la_agency_id, referrer_agency_id, referrer_name,
    referrer_contact, channel, received_at, concern, consent_obtained, consent_reason,
    child_in_hospital, call_notes, rag, rag_reason, decision_due_at, status, outcome,
    outcome_by_id, outcome_at, outcome_rationale, claimed_by_id, claimed_at, csc_case_open,
    allocated_team, created_by_id, created_at, updated_at, version, first_child_name,
    first_child_dob, child_search, child_count)
SELECT c.n, 'MASH-' || {dialect.year(received)} || '-' || {dialect.padded("c.n", 7)},
    {pick(la_ids, "c.v10")}, {pick(list(agencies.values()), "c.v12")},
    {pick(FIRST_NAMES, "c.v13")} || ' ' || {pick(LAST_NAMES, "c.v10 / 7")},
    '01202 000000 (synthetic)', {pick([ch.value for ch in Channel], "c.v11")}, {received},
    'Synthetic concern text for the benchmark, as long as a short referral. ' ||
      {
            pick(
                ["", "More detail on the family's circumstances. ", "Earlier contacts noted. "],
                "c.v13 / 3",
            )
        },
    {yes}, NULL, (c.v10 % 100 < 2), NULL, c.rag, '', {due},
    CASE WHEN c.is_open THEN 'open' ELSE 'decided' END,
    CASE WHEN c.is_open THEN NULL ELSE {pick([o.value for o in Outcome], "c.v12 / 11")} END,
    CASE WHEN c.is_open THEN NULL ELSE {creator} END,
    CASE WHEN c.is_open THEN NULL ELSE {decided_at} END,
    CASE WHEN c.is_open THEN NULL ELSE 'Synthetic decision.' END,
    CASE WHEN c.is_open AND c.v13 % 10 < 3 THEN {creator} END,
    CASE WHEN c.is_open AND c.v13 % 10 < 3 THEN {received} END,
    (c.v11 % 100 < 8), NULL, {creator}, {received},
    CASE WHEN c.is_open THEN {received} ELSE {decided_at} END,
    CASE WHEN c.is_open THEN 1 ELSE 3 END,
    p1.first_name || ' ' || p1.last_name, {_dob(dialect, 1)},
    p1.search || CASE WHEN c.kids >= 2 THEN '|' || p2.search ELSE '' END
              || CASE WHEN c.kids >= 3 THEN '|' || p3.search ELSE '' END,
    c.kids
FROM c JOIN bench_people p1 ON p1.fi = c.f1 AND p1.li = c.li
       JOIN bench_people p2 ON p2.fi = c.f2 AND p2.li = c.li
       JOIN bench_people p3 ON p3.fi = c.f3 AND p3.li = c.li"""
    )
    town = pick([t for t, _p in TOWNS], "c.v12 / 13")
    postcode = pick([p for _t, p in TOWNS], "c.v12 / 13")
    dobs = " ".join(f"WHEN {k} THEN {_dob(dialect, k)}" for k in (1, 2, 3))
    conn.execute(
        f"""{_rows_cte(dialect, count)},
k(k) AS (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)
INSERT INTO subjects (id, contact_id, is_child, relationship_to_child, first_name, last_name,
    dob, gender, address, postcode, nhs_number, school, other_identifiers, name_keys)
SELECT c.n * 3 + k.k - 3, c.n, {yes}, '', p.first_name, p.last_name,
    CASE k.k {dobs} END, {pick(["Female", "Male", "Not known"], "c.v10 + k.k")},
    (1 + c.v11 % 120) || ' ' || {pick(STREETS, "c.v13 / 17")} || ', ' || {town},
    {postcode} || ' ' || (1 + c.v10 % 9) || 'ZZ', NULL, 'Synthetic Primary School', '',
    p.name_keys
FROM c JOIN k ON k.k <= c.kids
       JOIN bench_people p ON p.li = c.li
        AND p.fi = CASE k.k WHEN 1 THEN c.f1 WHEN 2 THEN c.f2 ELSE c.f3 END"""
    )
    conn.execute("DROP TABLE bench_people")
    return int(conn.execute("SELECT count(*) FROM subjects").fetchone()[0])


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def probe(count: int) -> list[Any]:
    """The new child of the match test: a generated first child (from half-way through),
    English surname misspelt and day/month swapped (what benchmarks/queue.py measures)."""
    for n in range(max(1, count // 2), count + 1):
        last = LASTS[u(n, 6) % len(LASTS)]
        dob = date(2008, 1, 1) + timedelta(days=u(n, 21) % 6570)
        first = FIRSTS[u(n, 7) % len(FIRSTS)]
        if dob.day <= 12 and last in LAST_NAMES and first in FIRST_NAMES:
            return [
                first,
                last[:2] + last[3] + last[2] + last[4:],
                date(dob.year, dob.day, dob.month),
            ]
    raise ValueError("no child to match")


def owners(conn: Connection) -> tuple[dict[str, int], int]:
    agencies = dict(conn.execute(select(Agency.code, Agency.id)).tuples().all())
    creator = conn.execute(select(User.id).where(User.username == "desk.bench")).scalar_one()
    return agencies, int(creator)


def load_postgres(
    dsn: str, agencies: dict[str, int], creator: int, count: int, say: Callable[[str], None]
) -> int:
    """As the server's superuser (``dsn``): indexes off, rows in, indexes back, VACUUM
    ANALYZE (no other transaction may be open then, or no page is marked all-visible and
    counts cannot use index-only scans)."""
    import psycopg

    with psycopg.connect(dsn) as pg:
        indexes = list(
            pg.execute(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid IN "
                "('contacts'::regclass, 'subjects'::regclass) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
            )
        )
        pg.execute("SET session_replication_role = replica")  # no triggers, no FK checks
        pg.execute("SET maintenance_work_mem = '256MB'")
        for name, _ddl in indexes:
            pg.execute(f'DROP INDEX "{name}"')
        children = load(pg, Dialect("postgresql"), count, agencies, creator)
        say(f"  rows in; building {len(indexes)} indexes")
        for _name, ddl in indexes:
            pg.execute(ddl)
        pg.commit()
        pg.autocommit = True
        for table in "contacts", "subjects":
            pg.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}) + 1, false)"
            )
        pg.execute("VACUUM (ANALYZE) contacts")
        pg.execute("VACUUM (ANALYZE) subjects")
    return children


class _Raw:
    """conn.execute(sql) with plain SQL text on a SQLAlchemy connection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def execute(self, sql: str) -> Any:
        return self.conn.exec_driver_sql(sql)


def load_sqlite(conn: Connection, count: int, say: Callable[[str], None]) -> int:
    """In the caller's one transaction: indexes off, rows in, indexes back, ANALYZE."""
    agencies, creator = owners(conn)
    indexes = conn.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('contacts', 'subjects')"
        )
    ).all()
    for name, _sql in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    children = load(_Raw(conn), Dialect("sqlite"), count, agencies, creator)
    say(f"  rows in; building {len(indexes)} indexes")
    for _name, sql in indexes:
        conn.exec_driver_sql(sql)
    conn.exec_driver_sql("ANALYZE")
    return children
