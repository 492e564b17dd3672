"""Fixtures for the site: a tiny hostile corpus served by a real `kehoach serve`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import running_datasette

# A plan bulletin whose text carries markup: every page must show it as text, never run it.
HOSTILE = """Kế hoạch số 77/KH-UBND ngày 05/4/2024 của UBND tỉnh Đồng Nai <script>alert("xss")</script>

Ngày 05/4/2024, UBND tỉnh Đồng Nai ban hành Kế hoạch số 77/KH-UBND thực hiện Quyết định số 23/QĐ-TTg
ngày 07/01/2021 của Thủ tướng Chính phủ về chăm sóc trẻ em <b onmouseover="x()">bold</b>.
Mục tiêu: giảm tỷ lệ suy dinh dưỡng thể thấp còi ở trẻ em dưới 5 tuổi xuống dưới 15% vào năm 2025.
"""


@pytest.fixture(scope="session")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database built by the pipeline from one bulletin containing <script>, served for real."""
    from kehoach.ingest_corpus import ingest_corpus

    root = tmp_path_factory.mktemp("hostile")
    (root / "corpus").mkdir()
    (root / "corpus" / "dong-nai-77.txt").write_text(HOSTILE, encoding="utf-8")
    db = root / "kehoach.db"
    ingest_corpus([root / "corpus"], db, workers=1, progress=False)
    with running_datasette(db) as url:
        yield url
