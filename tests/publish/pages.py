"""Reading the site's pages over HTTP, shared by the site tests."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def search(base: str, q: str, **filters: str) -> str:
    return get(f"{base}/-/search?" + urllib.parse.urlencode({"q": q, **filters}))


def result_count(page: str) -> int:
    match = re.search(r"<strong>(\d+)\+?</strong> văn bản", page)
    assert match, "no result count on the search page"
    return int(match.group(1))
