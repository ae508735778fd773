"""govtext.programmes: the package re-exports its steps, and the moved evaluation and report names."""

from __future__ import annotations

import pytest

from govtext import programmes
from govtext.evaluate import programmes as evaluate
from govtext.programmes import codebook, codebook_coverage, discover, evidence, match, names, scoring
from govtext.report import programmes as report

MOVED_TO_EVALUATE = ["GOLD_COLUMNS", "evaluate_mentions", "load_gold_mentions"]
MOVED_TO_REPORT = [
    "ALIAS_JOINER",
    "CODEBOOK_TABLE_COLUMNS",
    "DEFAULT_PARTS",
    "EXAMPLE_COLUMNS",
    "GLOSSARY_COLUMNS",
    "HEADER_TABLES",
    "codebook_header_table",
    "codebook_table",
    "glossary",
    "inventory",
    "mention_examples",
    "not_programme_summary",
    "sharing_by_level",
    "top_programmes_by_level",
]


def test_all_names_exist() -> None:
    missing = [name for name in programmes.__all__ if not hasattr(programmes, name)]
    assert missing == []


@pytest.mark.parametrize(
    ("module", "moved"),
    [(evaluate, MOVED_TO_EVALUATE), (report, MOVED_TO_REPORT)],
    ids=["evaluate", "report"],
)
def test_moved_names_stay_reachable_under_their_old_names(module, moved) -> None:
    for name in moved:
        assert name in programmes.__all__
        assert getattr(programmes, name) is getattr(module, name), name


def test_each_public_name_comes_from_one_submodule() -> None:
    homes = [names, codebook, evidence, match, scoring, discover, codebook_coverage, evaluate, report]
    for name in programmes.__all__:
        owners = [m.__name__ for m in homes if getattr(m, name, None) is getattr(programmes, name)]
        assert owners, name
