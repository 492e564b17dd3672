"""Plans: one row per distinct symbol + issuer, worked out from the references of the stored documents."""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Any

from kehoach.store.database import Database
from kehoach.text import fold, symbol_key

PLAN_COLUMNS = ("id", "symbol", "symbol_key", "doc_type", "issuer", "issued", "year", "province")


@dataclass(frozen=True, slots=True)
class PlanRef:
    """A reference as plans are worked out from it: its row of `references`, the columns plans read."""

    id: int
    symbol: str
    symbol_key: str
    doc_type: str | None
    issuer: str | None
    issued: str | None
    year: int | None
    document_id: str
    plan_id: str | None  # the plan it was linked to before this rebuild
    relation: str | None  # how the citing text relates to it (references.relation)


PLAN_REF_SELECT = ", ".join(f.name for f in fields(PlanRef))
Link = tuple[str, str, str]  # plan_documents: plan_id, document_id, relation
Group = tuple[list[tuple[Any, ...]], set[Link], list[tuple[str, int]]]  # one symbol's plans, links, ref plans


def plan_id(key: str, issuer_key: str) -> str:
    return hashlib.sha256(f"{key}|{issuer_key}".encode()).hexdigest()[:16]


def plan_groups(db: Database) -> Iterator[Group]:
    """Plans, their links and each reference's plan_id, one symbol at a time, from the references of
    documents not withdrawn: (plan rows in PLAN_ROW order, links, (plan_id, reference id) of the references
    whose plan changed).

    A reference whose issuer is unknown joins the plan with the same symbol that has one, if exactly one does.
    Within a symbol, references are read in id order (the first, winning, value of each field depends on it).
    Everything a plan needs is in its symbol's references, so memory holds one symbol, not the corpus.
    """
    docs = {
        doc_id: (symbol_key(subject) if subject is not None else None, province)
        for doc_id, subject, province in db.execute(
            "SELECT id, subject_symbol, province FROM documents WHERE withdrawn = 0"
        )
    }
    rows = db.execute(f"SELECT {PLAN_REF_SELECT} FROM [references] ORDER BY symbol_key, id")
    for _, group in itertools.groupby((PlanRef(*row) for row in rows), key=lambda r: r.symbol_key):
        refs = [r for r in group if r.document_id in docs]
        if refs:
            yield plans_of_symbol(refs, docs)


@functools.lru_cache(maxsize=65_536)  # issuer names repeat across the corpus ("Ủy ban nhân dân tỉnh …")
def issuer_key(issuer: str) -> str:
    return fold(issuer)


def plans_of_symbol(refs: list[PlanRef], docs: dict[str, tuple[str | None, str | None]]) -> Group:
    issuers = {issuer_key(r.issuer) for r in refs if r.issuer}
    plans: dict[str, dict[str, Any]] = {}
    links: set[Link] = set()
    updates: list[tuple[str, int]] = []
    implementing: set[tuple[str, str]] = set()
    for ref in refs:
        if not ref.issuer and len(issuers) == 1:
            folded = next(iter(issuers))
        else:
            folded = issuer_key(ref.issuer or "")
        pid = plan_id(ref.symbol_key, folded)
        plan = plans.get(pid)
        if plan is None:
            plan = plans[pid] = {
                "id": pid,
                "symbol": ref.symbol,
                "symbol_key": ref.symbol_key,
                "doc_type": ref.doc_type,
                "issuer": ref.issuer,
                "issued": ref.issued,
                "year": ref.year,
                "province": None,
            }
        for field in ("doc_type", "issuer", "issued", "year"):
            plan[field] = plan[field] or getattr(ref, field)
        subject_key, province = docs[ref.document_id]
        about = subject_key is not None and subject_key == ref.symbol_key
        if about:
            plan["province"] = plan["province"] or province
        if about or ref.relation != "self":  # a text's own number elsewhere than its subject cites nothing
            links.add((pid, ref.document_id, "about" if about else "cites"))
        if not about and ref.relation in IMPLEMENTING:
            implementing.add((pid, ref.document_id))
        if pid != ref.plan_id:
            updates.append((pid, ref.id))
    per_plan = Counter((p, rel) for p, _, rel in links)
    implemented = Counter(p for p, _ in implementing)
    counts = {pid: (per_plan[(pid, "about")], per_plan[(pid, "cites")], implemented[pid]) for pid in plans}
    rows = [(*(plan[c] for c in PLAN_COLUMNS), *counts[pid]) for pid, plan in plans.items()]
    return rows, links, updates


PLAN_ROW = (*PLAN_COLUMNS, "documents", "cited_by", "implemented_by")
# the relations by which a document carries a plan out (plans.implemented_by, the canned plans_implementing)
IMPLEMENTING = ("implements", "basis")


def batched_groups(groups: Iterator[Group], size: int = 20_000) -> Iterator[Group]:
    """Symbols' rows gathered into batches of about `size` links: one executemany per batch."""
    plans: list[tuple[Any, ...]] = []
    links: set[Link] = set()
    updates: list[tuple[str, int]] = []
    for group_plans, group_links, group_updates in groups:
        plans += group_plans
        links |= group_links
        updates += group_updates
        if len(links) >= size:
            yield plans, links, updates
            plans, links, updates = [], set(), []
    if links:
        yield plans, links, updates


SCRATCH = {  # the freshly computed plans, on disk (memory would grow with the corpus), dropped after use
    "_new_plans": "(id TEXT PRIMARY KEY, symbol, symbol_key, doc_type, issuer, issued, year, province, "
    "documents, cited_by, implemented_by)",
    "_new_links": "(plan_id TEXT, document_id TEXT, relation TEXT, "
    "PRIMARY KEY (plan_id, document_id, relation)) WITHOUT ROWID",
    "_new_ref_plans": "(id INTEGER PRIMARY KEY, plan_id TEXT)",
}


def rebuild_plans(db: Database) -> None:
    """Plans: one row per distinct symbol + issuer; links to the documents about and citing it.

    Computed from all references, one symbol at a time into scratch tables, then only the differences are
    written: a run that adds a few documents to a large corpus rewrites a few rows, not every plan, link and
    reference.
    """
    with db.conn:
        for name, definition in SCRATCH.items():
            db.execute(f"DROP TABLE IF EXISTS [{name}]")
            db.execute(f"CREATE TABLE [{name}] {definition}")
        marks = ", ".join("?" * len(PLAN_ROW))
        for plans, links, updates in batched_groups(plan_groups(db)):
            db.conn.executemany(f"INSERT INTO _new_plans VALUES ({marks})", plans)
            db.conn.executemany("INSERT INTO _new_links VALUES (?, ?, ?)", links)
            db.conn.executemany("INSERT INTO _new_ref_plans (plan_id, id) VALUES (?, ?)", updates)
        db.execute(
            "DELETE FROM plan_documents WHERE NOT EXISTS (SELECT 1 FROM _new_links n WHERE "
            "n.plan_id = plan_documents.plan_id AND n.document_id = plan_documents.document_id "
            "AND n.relation = plan_documents.relation)"
        )
        db.execute("DELETE FROM plans WHERE id NOT IN (SELECT id FROM _new_plans)")
        differs = " OR ".join(f"plans.[{c}] IS NOT n.[{c}]" for c in PLAN_ROW[1:])
        db.execute(
            f"UPDATE plans SET {', '.join(f'[{c}] = n.[{c}]' for c in PLAN_ROW[1:])} "
            f"FROM _new_plans n WHERE n.id = plans.id AND ({differs})"
        )
        columns = ", ".join(f"[{c}]" for c in PLAN_ROW)
        db.execute(
            f"INSERT INTO plans ({columns}) SELECT {columns} FROM _new_plans "
            "WHERE id NOT IN (SELECT id FROM plans) ORDER BY rowid"
        )
        db.execute(
            "INSERT INTO plan_documents (plan_id, document_id, relation) "
            "SELECT plan_id, document_id, relation FROM _new_links "
            "EXCEPT SELECT plan_id, document_id, relation FROM plan_documents"
        )
        db.execute(
            "UPDATE [references] SET plan_id = n.plan_id FROM _new_ref_plans n "
            "WHERE n.id = [references].id AND [references].plan_id IS NOT n.plan_id"
        )
        for name in SCRATCH:
            db.execute(f"DROP TABLE [{name}]")
