"""`make eval`: the scorer's table on both gold sets, with two peers side by side.

Peers: dateparser's `search_dates(languages=["vi"])` for dates, and underthesea's NER (ORG entities,
the first one as the issuer) for bodies. Each is run over the same texts and scored by the same
../shared/tools/score.py (its --pred mode), so the numbers compare like for like.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score.py"
SETS = {
    "corpus/gold": (ROOT / "corpus" / "gold", ROOT / "corpus" / "gold", "*"),
    "shared/gold": (SHARED / "corpus-seed", SHARED / "gold", "*.txt"),
}
FIELDS = (
    "references",
    "references_strict",
    "dates",
    "targets",
    "targets_strict",
    "tasks",
    "target_comparator",
    "target_year",
    "ref_issued",
    "ref_issuer",
    "subject_symbol",
    "subject_issued",
    "subject_issuer",
    "subject_province",
)


def gold_documents(docs: Path, gold: Path, glob: str) -> list[Path]:
    ids = {p.stem for p in gold.glob("*.json")}
    return [p for p in sorted(docs.glob(glob)) if p.suffix != ".json" and p.stem in ids and p.is_file()]


def score(args: list[str]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [sys.executable, str(SCORER), *args, "--json", out.name], capture_output=True, text=True
        )
        return dict(json.loads(Path(out.name).read_text())["summary"])


def value(summary: dict[str, Any], field: str) -> float | None:
    entry = summary.get(field) or {}
    return entry.get("f1", entry.get("acc"))


def peer_predictions(files: list[Path], predict: Callable[[str], dict[str, Any]]) -> tuple[Path, float]:
    """Run a peer over the texts; JSON Lines in the contract's shape for the scorer's --pred."""
    out = Path(tempfile.mkstemp(suffix=".jsonl")[1])
    started = time.perf_counter()
    from kehoach.ingest import IngestError, ingest

    with out.open("w") as fh:
        for path in files:
            try:
                text = ingest(path).text  # the peers read what our readers read (PDF text layer, OCR)
            except IngestError:
                text = ""
            fh.write(json.dumps({"source": str(path), **predict(text)}, ensure_ascii=False) + "\n")
    return out, time.perf_counter() - started


def dateparser_peer(text: str) -> dict[str, Any]:
    from dateparser.search import search_dates

    found = search_dates(text, languages=["vi"]) or []
    return {"dates": sorted({d.date().isoformat() for _, d in found})}


def underthesea_peer(text: str) -> dict[str, Any]:
    from kehoach.extract.nlp import whole_underthesea

    ner = whole_underthesea().ner

    orgs: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        for word, _, _, tag in ner(line[:2000]) if line.strip() else []:
            if tag.endswith("ORG"):
                if tag.startswith("B-") and current:
                    orgs.append(" ".join(current))
                    current = []
                current.append(word)
            elif current:
                orgs.append(" ".join(current))
                current = []
    return {"subject": {"issuer": orgs[0] if orgs else None}, "bodies": [{"name": o} for o in orgs]}


def table(name: str, ours: dict[str, Any], peers: dict[str, tuple[dict[str, Any], str]]) -> str:
    lines = [
        f"## {name}  ({ours['_run']['docs']} documents)",
        "",
        "| field | kehoach | " + " | ".join(f"{p} ({f})" for p, (_, f) in peers.items()) + " |",
        "|---|---|" + "---|" * len(peers),
    ]
    for field in FIELDS:
        ours_v = value(ours, field)
        if ours_v is None:
            continue
        cells = [f"{ours_v:.3f}"]
        for _, (summary, peer_field) in peers.items():
            cells.append(
                f"{value(summary, field):.3f}"
                if field == peer_field and value(summary, field) is not None
                else ""
            )
        lines.append(f"| {field} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    cmd = f"{sys.executable} -m kehoach extract"
    for name, (docs, gold, glob) in SETS.items():
        ours = score(["--cmd", cmd, "--docs", str(docs), "--gold", str(gold), "--docs-glob", glob])
        files = gold_documents(docs, gold, glob)
        peers = {}
        for peer, fn, field in (
            ("dateparser", dateparser_peer, "dates"),
            ("underthesea NER", underthesea_peer, "subject_issuer"),
        ):
            pred, seconds = peer_predictions(files, fn)
            summary = score(
                ["--pred", str(pred), "--docs", str(docs), "--gold", str(gold), "--docs-glob", glob]
            )
            peers[f"{peer}, {seconds:.1f} s"] = (summary, field)
        print(table(name, ours, peers) + "\n")


if __name__ == "__main__":
    main()
