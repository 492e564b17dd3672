"""Fixtures of the extractor tests: documents of corpus/seed and corpus/gold run end to end."""

from __future__ import annotations

from tests.conftest import CORPUS, extracted

HUE = CORPUS / "seed" / "001_ae63fcba8f4942ae.txt"  # Thừa Thiên Huế, Kế hoạch 113/KH-UBND


def gold_issuer(name: str) -> str | None:
    """The subject's issuer of corpus/gold/<name>, which must have a subject."""
    subject = extracted(CORPUS / "gold" / name).subject
    assert subject is not None, name
    return subject.issuer


__all__ = ["CORPUS", "HUE", "extracted", "gold_issuer"]
