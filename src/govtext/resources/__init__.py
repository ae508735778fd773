"""The project's coding resources, shipped as package data: the one place that says where they live.

``programmes.yml`` (programme codebook), ``dimensions.yml`` (governance dimensions and typology rows),
``units.yml`` (metric units), ``themes.yml`` (indicator themes), ``governance_terms.txt`` (jieba user
words), ``stopwords.txt``, ``stages.yml`` (campaign-cycle stages), the three files of candidate discovery
(``name_clues.yml``, ``generic_policy_nouns.txt``, ``candidate_scoring.yml``), ``furniture.yml`` (page
furniture that cleaning marks) and ``traditional_characters.txt`` (traditional characters cleaning reads
as simplified, from OpenCC: ``LICENSE-OpenCC.txt``). They are read with :mod:`importlib.resources`, so a
plain ``pip install`` carries them; the book, the tests and ``govtext run`` all read these same files
unless told otherwise.
"""

from __future__ import annotations

from importlib import resources as _importlib_resources
from pathlib import Path

RESOURCE_FILES: dict[str, str] = {
    "codebook": "programmes.yml",
    "dimensions": "dimensions.yml",
    "units": "units.yml",
    "themes": "themes.yml",
    "lexicon": "governance_terms.txt",
    "stopwords": "stopwords.txt",
    "stages": "stages.yml",
    "name_clues": "name_clues.yml",
    "generic_policy_nouns": "generic_policy_nouns.txt",
    "candidate_scoring": "candidate_scoring.yml",
    "furniture": "furniture.yml",
    "traditional_characters": "traditional_characters.txt",
}
"""Each coding resource and its file name inside this package."""


def resource_path(name: str) -> Path:
    """The packaged file of resource ``name`` (a key of :data:`RESOURCE_FILES`, or a file name)."""
    file_name = RESOURCE_FILES.get(name, name)
    if file_name not in RESOURCE_FILES.values():
        known = ", ".join(RESOURCE_FILES)
        raise KeyError(f"unknown resource {name!r}; known: {known}")
    return Path(str(_importlib_resources.files(__name__).joinpath(file_name)))
