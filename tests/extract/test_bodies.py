"""Issuing bodies and assignees with canonical full names."""

from __future__ import annotations

import pytest

from kehoach.extract.bodies import body_at, written_out
from kehoach.extract.subject import spelled_in_text
from kehoach.rules import RuleSet


@pytest.mark.parametrize(
    "text,name",
    [
        ("UBND tỉnh ban hành", "Ủy ban nhân dân tỉnh Nghệ An"),  # province added
        ("UBND TP Hà Nội vừa", "Ủy ban nhân dân thành phố Hà Nội"),
        ("Ban Chấp hành Đảng bộ tỉnh (khóa XII) về", "Ban Chấp hành Đảng bộ tỉnh Nghệ An"),  # term dropped
        ("Tỉnh ủy về", "Tỉnh ủy Nghệ An"),
        (
            "Bộ Lao động Thương binh và Xã hội đã ban hành",
            "Bộ Lao động - Thương binh và Xã hội",
        ),  # its field as named
        ("Bộ Giáo dục & Đào tạo ban hành", "Bộ Giáo dục và Đào tạo"),  # one name, however written (gold 3631)
        ("ủy ban MTTQ Việt Nam xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã"),  # in lower case (3811)
        ("Sở Y tế chủ trì", "Sở Y tế"),
    ],
)
def test_canonical_name(text: str, name: str, rules: RuleSet) -> None:
    found = body_at(text, 0, rules, "Nghệ An")
    assert found is not None and found[0] == name


@pytest.mark.parametrize(
    "name,written",
    [
        ("Phòng GD & ĐT huyện Yên Thế", "Phòng Giáo dục và Đào tạo huyện Yên Thế"),  # "&" between spaces
        ("Viện trưởng VKSND tối cao", "Viện trưởng Viện kiểm sát nhân dân tối cao"),
        (
            "Phòng Giáo dục& đào tạo huyện Yên Thế",
            "Phòng Giáo dục và Đào tạo huyện Yên Thế",
        ),  # field as named
        (
            "Ban Chỉ đạo các lễ hội văn hóa, thể thao và du lịch",
            "Ban Chỉ đạo các lễ hội văn hóa, thể thao và du lịch",
        ),
        (
            "Phòng Cảnh sát PCCC và CNCH Công an tỉnh",
            "Phòng Cảnh sát PCCC và CNCH Công an tỉnh",
        ),  # a task's lead keeps it (only a subject's issuer writes it out: see below)
        ("Chi Đoàn TH Vân Hòa", "Chi Đoàn Trường Tiểu học Vân Hòa"),  # a school's unit (gold 4444, T36)
        (
            "Trường Tiểu học và THCS Nguyễn Trung Trực",
            "Trường Tiểu học và Trung học cơ sở Nguyễn Trung Trực",
        ),  # every level of a school, not only the one after "Trường" (gold 3905)
        (
            "Trường TH, THCS và THPT Hà Long",
            "Trường Tiểu học, Trung học cơ sở và Trung học phổ thông Hà Long",
        ),
        ("Trường TH-THCS Thanh Trường", "Trường Tiểu học và Trung học cơ sở Thanh Trường"),  # 3603, T30
        ("Trường THCS Lê Lợi và THPT", "Trường Trung học cơ sở Lê Lợi và THPT"),  # after the name: kept
        ("BCĐ Hoạt động hè thành phố Chí Linh", "Ban Chỉ đạo Hoạt động hè thành phố Chí Linh"),  # gold 2652
        ("Chi cục Dân số - KHHGĐ tỉnh", "Chi cục Dân số - Kế hoạch hóa gia đình tỉnh"),  # gold 3144
        ("BCĐ công tác DS-KHHGĐ xã", "Ban Chỉ đạo công tác Dân số - Kế hoạch hóa gia đình xã"),  # 2909
        ("Chương trình số 12-CTr/BCĐ", "Chương trình số 12-CTr/BCĐ"),  # inside a symbol: kept
        ("Ban PCTT nhà trường", "Ban phòng, chống thiên tai nhà trường"),  # bodies.yml `spellings` too (3903)
    ],
)
def test_a_bodys_abbreviations_are_written_out_in_one_form(name: str, written: str, rules: RuleSet) -> None:
    # bodies.yml `abbreviations`: the one table; a board's words are not a department's field
    assert written_out(name, rules) == written


@pytest.mark.parametrize(
    "name,written",
    [
        (
            "Phòng Cảnh sát PCCC và CNCH Công an tỉnh",
            "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ Công an tỉnh",
        ),  # the office's official name (REVIEW T36; gold 2042, 2861)
        (
            "Ban điều hành Chương trình MTQG Nước sạch và VSMT Hà Nam",
            "Ban điều hành Chương trình mục tiêu quốc gia Nước sạch và vệ sinh môi trường Hà Nam",
        ),  # gold 916
        (
            "Sở Nông nghiệp & PTNT tỉnh Vĩnh Phúc",
            "Sở Nông nghiệp và Phát triển nông thôn tỉnh Vĩnh Phúc",
        ),  # gold 2933
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),  # bodies.yml `abbreviations` first
        ("Phòng Cảnh sát PCCC&CNCH", "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ"),
    ],
)
def test_a_subjects_issuer_writes_out_its_own_short_forms(name: str, written: str, rules: RuleSet) -> None:
    # subject.yml `issuer_abbreviations`: GOLD_FORMAT's "expanded" issuer, not a lead "as written"
    assert written_out(name, rules, issuer=True) == written


@pytest.mark.parametrize(
    "name,text,written",
    [
        (
            "Trường MNTT Cần Giuộc",
            "TRƯỜNG MNTT CẦN GIUỘC\nTrường Mầm Non Thị trấn Cần Giuộc xây dựng Kế hoạch",
            "Trường Mầm Non Thị trấn Cần Giuộc",
        ),  # the kind after the head, spelled next to the same words (gold 4008, Long An)
        (
            "Ban Chấp hành Đoàn Trường Đại học Nông Lâm thành phố HCM",
            "ĐOÀN TNCS HỒ CHÍ MINH\nTp.Hồ Chí Minh, ngày 05 tháng 11 năm 2011",
            "Ban Chấp hành Đoàn Trường Đại học Nông Lâm thành phố Hồ Chí Minh",
        ),  # the place at the end, a proper name (gold 1801)
        (
            "Phòng Cảnh sát PCCC và CNCH Công an tỉnh",
            "Phòng Cảnh sát PCCC và cứu nạn cứu hộ Công an tỉnh",
            "Phòng Cảnh sát PCCC và CNCH Công an tỉnh",
        ),  # inside the name: part of its proper name, kept (gold 2042)
        (
            "Trường MNTT Cần Giuộc",
            "Trường Mầm non Thị trấn Cần Giuộc và trường Mầm non Tân Tiến Cần Giuộc",
            "Trường MNTT Cần Giuộc",
        ),  # spelled two ways: kept
        ("Trường MNTT Cần Giuộc", "các lớp mầm non thị trấn", "Trường MNTT Cần Giuộc"),  # on no neighbour
    ],
)
def test_a_short_form_is_written_as_the_text_spells_it(
    name: str, text: str, written: str, rules: RuleSet
) -> None:
    assert spelled_in_text(name, text, rules) == written
