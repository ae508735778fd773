"""Programmes: the codebook of named governance programmes, a matcher, discovery of new names.

The codebook is data (``govtext/resources/programmes.yml``): one entry per programme with its Chinese
name, aliases, kind and level. The step, one submodule each:

- :mod:`govtext.programmes.names`: width folding and the comparison key of a name (``fold_char``,
  ``name_key``), shared by everything below;
- :mod:`govtext.programmes.codebook`: loads and validates the codebook (``load_codebook``,
  ``validate_codebook``, ``check_codebook_file``, ``load_not_programmes``, ``load_discovery_rules``,
  ``check_examples``, ``codebook_terms``, ``programme_names``);
- :mod:`govtext.programmes.match`: finds every mention of a codebook entry in the clean text of each
  document (``build_matcher``, ``find_names``, ``find_mentions``, ``match_programmes``; the matching rules
  are in its docstring);
- :mod:`govtext.programmes.discover`: proposes names the codebook may be missing
  (``discover_candidates``, scored by ``score_candidates`` with the weights of ``load_candidate_rules``,
  both in :mod:`govtext.programmes.scoring`;
  ``add_recurrence`` for corpus-wide counts; ``coverage``, ``uncoded_candidates``).

Scoring mentions against hand-coded gold lives in :mod:`govtext.evaluate.programmes`
(``load_gold_mentions``, ``evaluate_mentions``) and the book's summaries of codebook and mentions in
:mod:`govtext.report.programmes` (``codebook_header_table``, ``codebook_table``, ``glossary``,
``inventory``, ``mention_examples``, ``sharing_by_level``, ``top_programmes_by_level``,
``not_programme_summary``); both are re-exported here under their old names.
"""

from govtext.programmes.codebook import (
    CODEBOOK_COLUMNS,
    DISCOVERY_FIELDS,
    ENTRY_FIELDS,
    HEADER_FIELDS,
    NOT_PROGRAMME_COLUMNS,
    OPTIONAL_ENTRY_FIELDS,
    OPTIONAL_HEADER_FIELDS,
    UNKNOWN_LEVEL,
    CodebookError,
    check_examples,
    codebook_terms,
    default_codebook_path,
    load_codebook,
    load_discovery_rules,
    load_not_programmes,
    programme_names,
    read_codebook_yaml,
    validate_codebook,
)
from govtext.programmes.codebook_coverage import coverage, uncoded_candidates
from govtext.programmes.discover import (
    CANDIDATE_COLUMNS,
    PATTERNS,
    PIPELINE_CANDIDATE_COLUMNS,
    discover_candidates,
)
from govtext.programmes.evidence import check_codebook_file
from govtext.programmes.match import (
    MENTION_COLUMNS,
    CleanTextLike,
    build_matcher,
    find_mentions,
    find_names,
    match_programmes,
)
from govtext.programmes.names import QUOTES, SEPARATORS, fold_char, name_key
from govtext.programmes.scoring import CandidateRules, add_recurrence, load_candidate_rules, score_candidates

# isort: split
# Moved to govtext.evaluate / govtext.report; re-exported for the book until its cells are updated.
# (After the submodules above: govtext.report.programmes imports from them.)
from govtext.evaluate.programmes import GOLD_COLUMNS, evaluate_mentions, load_gold_mentions
from govtext.report.programmes import (
    ALIAS_JOINER,
    CODEBOOK_TABLE_COLUMNS,
    DEFAULT_PARTS,
    EXAMPLE_COLUMNS,
    GLOSSARY_COLUMNS,
    HEADER_TABLES,
    codebook_header_table,
    codebook_table,
    glossary,
    inventory,
    mention_examples,
    not_programme_summary,
    sharing_by_level,
    top_programmes_by_level,
)

__all__ = [
    "ALIAS_JOINER",
    "CANDIDATE_COLUMNS",
    "CODEBOOK_COLUMNS",
    "CODEBOOK_TABLE_COLUMNS",
    "DEFAULT_PARTS",
    "DISCOVERY_FIELDS",
    "ENTRY_FIELDS",
    "EXAMPLE_COLUMNS",
    "GLOSSARY_COLUMNS",
    "GOLD_COLUMNS",
    "HEADER_FIELDS",
    "HEADER_TABLES",
    "MENTION_COLUMNS",
    "NOT_PROGRAMME_COLUMNS",
    "OPTIONAL_ENTRY_FIELDS",
    "OPTIONAL_HEADER_FIELDS",
    "PATTERNS",
    "PIPELINE_CANDIDATE_COLUMNS",
    "QUOTES",
    "SEPARATORS",
    "UNKNOWN_LEVEL",
    "CandidateRules",
    "CleanTextLike",
    "CodebookError",
    "add_recurrence",
    "build_matcher",
    "check_codebook_file",
    "check_examples",
    "codebook_header_table",
    "codebook_table",
    "codebook_terms",
    "coverage",
    "default_codebook_path",
    "discover_candidates",
    "evaluate_mentions",
    "find_mentions",
    "find_names",
    "fold_char",
    "glossary",
    "inventory",
    "load_candidate_rules",
    "load_codebook",
    "load_discovery_rules",
    "load_gold_mentions",
    "load_not_programmes",
    "match_programmes",
    "mention_examples",
    "name_key",
    "not_programme_summary",
    "programme_names",
    "read_codebook_yaml",
    "score_candidates",
    "sharing_by_level",
    "top_programmes_by_level",
    "uncoded_candidates",
    "validate_codebook",
]
