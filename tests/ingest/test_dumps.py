from __future__ import annotations

from pipeline.ingest.cues import load_ingest_cues
from pipeline.ingest.dumps import split_dump
from tests.conftest import shared_path

CUES = load_ingest_cues().dump

# Two invented articles in the scraped-dump style: a footer-terminated one and a
# repeated-title one with an "Updated" stamp, bullets and a dateline.
DUMP = """Flood of new recruits for northern militia, officials say

Officials in the provincial capital said on Monday that hundreds of young men had joined a militia.

Read more

(With AFP)

Source link

#Flood #new #recruits #northern #militia

Ministers agree budget after long night of talks

Ministers agree budget after long night of talks
Updated 3 May 2024
Follow

Ministers agree budget after long night of talks
  • The deal ends a month of wrangling over fuel subsidies

ACCRA: Ministers agreed the budget early on Friday after talks that ran through the night.
"""


def test_splits_footer_and_repeated_title_articles():
    arts = split_dump(DUMP, CUES)
    assert [a.title for a in arts] == [
        "Flood of new recruits for northern militia, officials say",
        "Ministers agree budget after long night of talks",
    ]
    assert arts[1].updated == "3 May 2024"
    assert arts[1].first_line == 13


def test_strips_page_furniture_but_keeps_the_story():
    first, second = split_dump(DUMP, CUES)
    assert "Source link" not in first.text and "#Flood" not in first.text
    assert second.text.count("Ministers agree budget after long night of talks") == 1
    assert "Follow" not in second.text.splitlines()
    assert "ACCRA: Ministers agreed the budget" in second.text


def test_text_without_boundaries_is_one_article():
    arts = split_dump("Just one story.\n\nIt has two paragraphs.\n", CUES)
    assert len(arts) == 1 and "two paragraphs" in arts[0].text


def test_real_seed_dumps_split_into_nine_articles():
    seeds = shared_path("corpus", "seeds")
    counts = [len(split_dump(p.read_text(encoding="utf-8"), CUES)) for p in sorted(seeds.glob("*.txt"))]
    assert counts == [3, 6]
