"""The NLP layer (pipeline/extract/nlp.py): underthesea's word segmenter bounds indicator phrases."""

from __future__ import annotations

import subprocess
import sys

from kehoach.extract.nlp import cut_at_word, whole_underthesea, word_segmenter

# A process that extracts one document with targets, then says which of underthesea's pipelines it loaded.
LOADED = """
import sys
from kehoach.extract.nlp import cut_at_word
cut_at_word("tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi giảm xuống còn dưới 20 phần trăm", 8)
print(sorted(n for n in sys.modules if n.startswith("underthesea.pipeline.") and n.count(".") == 2))
"""


def test_a_cut_never_splits_a_word() -> None:
    assert word_segmenter()("suy dinh dưỡng thể thấp còi ở trẻ em")[-1] == "trẻ em"
    assert cut_at_word("giảm tỷ lệ suy dinh dưỡng thể thấp còi ở trẻ em dưới 5 tuổi", 8) == (
        "giảm tỷ lệ suy dinh dưỡng thể thấp"
    )


def test_segmenting_loads_the_word_segmenter_only() -> None:
    loaded = subprocess.run([sys.executable, "-c", LOADED], capture_output=True, text=True, check=True)
    pipelines = ["underthesea.pipeline.text_normalize", "underthesea.pipeline.word_tokenize"]
    assert loaded.stdout.strip() == repr(pipelines)


def test_the_whole_package_is_still_there_for_the_peers() -> None:
    word_segmenter()
    package = whole_underthesea()
    assert package.word_tokenize is word_segmenter()
    assert [tag for *_, tag in package.ner("Sở Y tế tỉnh Lâm Đồng")] != []
