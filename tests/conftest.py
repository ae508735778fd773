"""Shared fixtures: the seed corpus, loaded and split once per test session; the figure theme."""

from __future__ import annotations

import importlib.util
import io
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from xdist.scheduler import LoadGroupScheduling  # type: ignore[import-untyped]

from govtext import plots
from govtext.corpus import clean_documents, load_corpus, split_articles, split_sentences
from govtext.programmes import discover_candidates, load_codebook, load_discovery_rules, match_programmes
from govtext.resources import resource_path

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "data" / "raw"


def load_module(path: Path, name: str | None = None) -> ModuleType:
    """A module that is not part of the package (a script, a benchmark, a book helper), loaded from ``path``
    and registered in ``sys.modules`` under ``name`` (default: the file's stem), as an import would."""
    name = name or path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class NotebookGroupScheduling(LoadGroupScheduling):  # type: ignore[misc]
    """``--dist loadgroup`` where each notebook is a group: all its cells go to one worker, in order (they
    share one kernel); every other test is scheduled on its own, as under ``--dist load``. ``make test``
    runs the unit tests and nbval so, in one session on two workers. (xdist's own grouping, by an
    ``xdist_group`` mark, renames ``item._nodeid``, which pytest 9 no longer reads.)"""

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        return path if path.endswith(".ipynb") else super()._split_scope(nodeid)


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> NotebookGroupScheduling | None:
    """The scheduler of ``--dist loadgroup`` (None: xdist's own for the other modes)."""
    if config.getvalue("dist") == "loadgroup":
        return NotebookGroupScheduling(config, log)
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The tests marked slow first (a stable sort: the order of the others, and of every notebook's cells,
    is kept), so that on two workers the longest ones (a wheel build, whole runs) do not start last."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def seed_corpus():
    """``(documents, cleaned, articles, sentences)`` for ``data/raw``."""
    documents = load_corpus(RAW_DIR)
    cleaned = clean_documents(documents)
    articles = split_articles(documents, cleaned)
    sentences = split_sentences(documents, cleaned, articles)
    return documents, cleaned, articles, sentences


SEED_PLACES = plots.PlaceStyle(
    order=("Gongyi", "Zhongyuan", "Xingyang"),
    colours={"Gongyi": "#0072B2", "Zhongyuan": "#E69F00", "Xingyang": "#009E73"},
)
"""The places of the seed corpus, as the book configures them (book/places.yml)."""


@pytest.fixture(scope="session")
def seeds(seed_corpus):
    """``(documents, cleaned, sentences)`` of the seed corpus."""
    documents, cleaned, _articles, sentences = seed_corpus
    return documents, cleaned, sentences


@pytest.fixture(scope="session")
def codebook():
    """The packaged programme codebook."""
    return load_codebook(resource_path("codebook"))


@pytest.fixture(scope="session")
def mentions(seeds, codebook):
    """Codebook mentions in the seeds."""
    _documents, cleaned, sentences = seeds
    return match_programmes(sentences, cleaned, codebook)


@pytest.fixture(scope="session")
def candidates(seeds, codebook):
    """Discovered programme-name candidates in the seeds."""
    _documents, cleaned, sentences = seeds
    return discover_candidates(sentences, cleaned, codebook, load_discovery_rules(resource_path("codebook")))


@pytest.fixture(scope="session")
def tokenizer():
    """The one segmenter of the test session: jieba with the programme names as user words (built once)."""
    from metrics.helpers import default_tokenizer

    return default_tokenizer()


@pytest.fixture(scope="session")
def dictionary_tokenizer():
    """The same user words with ``--tagger dictionary``."""
    from metrics.helpers import default_tokenizer

    return default_tokenizer("dictionary")


@pytest.fixture(scope="session")
def units():
    """The packaged units codebook."""
    from metrics.helpers import default_units

    return default_units()


@pytest.fixture
def plot_theme() -> Iterator[None]:
    """The figure theme with the seed places (CJK font registered); every figure closed afterwards."""
    plots.set_theme(places=SEED_PLACES)
    yield
    plt.close("all")


def render_strict(fig) -> None:
    """Draw ``fig`` with every warning (a missing glyph included) turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")


@dataclass(frozen=True)
class FakeClean:
    """A ``govtext.corpus.CleanText`` stand-in: clean text plus a character map back to the raw text."""

    raw: str
    text: str
    raw_index: tuple[int, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.raw_index[start], self.raw_index[end - 1] + 1


def fake_clean(raw: str, drop: str = "\n") -> FakeClean:
    """``raw`` cleaned by removing every character in ``drop``, with the map back to ``raw``."""
    kept = [i for i, char in enumerate(raw) if char not in drop]
    return FakeClean(raw=raw, text="".join(raw[i] for i in kept), raw_index=tuple(kept))
