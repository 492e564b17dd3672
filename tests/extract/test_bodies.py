"""Issuing bodies and assignees with canonical full names."""

from __future__ import annotations

import pytest

from kehoach.extract.bodies import body_at
from kehoach.rules import load_rules

RULES = load_rules()


@pytest.mark.parametrize(
    "text,name",
    [
        ("UBND tỉnh ban hành", "Ủy ban nhân dân tỉnh Nghệ An"),  # province added
        ("UBND TP Hà Nội vừa", "Ủy ban nhân dân thành phố Hà Nội"),
        ("Ban Chấp hành Đảng bộ tỉnh (khóa XII) về", "Ban Chấp hành Đảng bộ tỉnh Nghệ An"),  # term dropped
        ("Tỉnh ủy về", "Tỉnh ủy Nghệ An"),
        ("Bộ Lao động Thương binh và Xã hội đã ban hành", "Bộ Lao động Thương binh và Xã hội"),
        ("Sở Y tế chủ trì", "Sở Y tế"),
    ],
)
def test_canonical_name(text: str, name: str) -> None:
    found = body_at(text, 0, RULES, "Nghệ An")
    assert found is not None and found[0] == name
