"""Comparison of places: dimension rates with bootstrap intervals, distinctive vocabulary, programme
overlap, similarity and the evidence behind a governance typology.

One submodule per step, in the order of the method:

* :mod:`~govtext.compare.dimensions`: the dimensions codebook (:func:`load_dimensions`), its terms and
  the term matcher (:func:`match_terms`), ``term×k; term`` lists (:func:`format_terms`);
* :mod:`~govtext.compare.scores`: hits per sentence and per document (:func:`count_dimension_terms`,
  :func:`document_dimension_scores`), per group and term (:func:`term_counts`);
* :mod:`~govtext.compare.rates`: rates by place with sentence-bootstrap intervals (descriptive, not a
  test; :func:`dimension_rates`), their tables and leave-one-out checks;
* :mod:`~govtext.compare.vocabulary`: weighted log-odds (:func:`weighted_log_odds`), tf-idf and profile
  similarity, place names to leave out, comparisons of top terms;
* :mod:`~govtext.compare.kwic`: keyword in context, by substring (:func:`kwic`) or token
  (:func:`token_kwic`);
* :mod:`~govtext.compare.programmes`: programme mentions by place (:func:`programme_matrix`,
  :func:`shared_programmes`, :func:`kind_profile`, :func:`programme_overlap`);
* :mod:`~govtext.compare.typology`: evidence sentences for the typology (:func:`typology_evidence`,
  :func:`typology_table`) and short ids;
* :mod:`~govtext.compare.themes`: reported figures by theme, normalised only by denominators the text
  states, the one theme implementation of chapters 4 and 5 (:func:`load_themes`, :func:`stated_shares`,
  :func:`theme_claims`, :func:`indicator_table`, :func:`denominator_table`);
* research design, the article as the unit (issue 14): :mod:`~govtext.compare.design` (the design
  table, :func:`load_design`, and its :func:`confounds`), :mod:`~govtext.compare.inference` (exact
  permutation tests over articles, :func:`permutation_test`, :func:`permutation_table`),
  :mod:`~govtext.compare.stages` (campaign-cycle stages, :func:`find_stages`, :func:`stage_sequence`) and
  :mod:`~govtext.compare.origins` (programme origins from the texts, :func:`load_origins`);
* ``_shared``: private helpers used by several of them (column checks, codebook field checks).

Every function is pure over DataFrames; the only files read are by :func:`load_dimensions`,
:func:`load_themes` and the research-design loaders (:func:`load_design`, :func:`load_stages`,
:func:`load_stage_translations`, :func:`load_origins`). Column contracts:

* ``sentences``: doc_id, article_id, sentence_id, part, text (clean), clean_start, clean_end, start, end
  (``part`` and the offsets are optional where a function does not need them);
* ``tokens`` (govtext.segment): doc_id, article_id, sentence_id, token_no, token, pos, ..., is_stopword;
* ``programme_mentions`` (govtext.programmes): doc_id, article_id, sentence_id, ..., programme_id,
  name_zh, kind;
* ``documents`` (govtext.corpus): doc_id, locality, ...

Dimension terms match as substrings of a sentence's clean text; within one dimension the longest terms
are tried first and an occurrence overlapping one already counted is skipped (see
:func:`match_terms`). Rates are hits per 10,000 clean characters.
"""

from govtext.bibtex import bibliography_keys
from govtext.common import RATE_SCALE
from govtext.compare._shared import CLAUSE_BREAKS, CLAUSE_PATTERN, NO_EVIDENCE
from govtext.compare.design import (
    CONFOUND_COLUMNS,
    DESIGN_COLUMNS,
    DesignError,
    confound_table,
    confounds,
    design_evidence,
    load_design,
    load_presentations,
)
from govtext.compare.dimensions import (
    DIMENSION_COLUMNS,
    DIMENSION_OPTIONAL,
    DIMENSION_REQUIRED,
    TYPOLOGY_COLUMNS,
    TYPOLOGY_OPTIONAL,
    TYPOLOGY_REQUIRED,
    DimensionCodebook,
    DimensionsError,
    DimensionsLike,
    dimension_terms,
    format_terms,
    load_dimensions,
    match_terms,
    merge_term_lists,
)
from govtext.compare.inference import (
    PERMUTATION_COLUMNS,
    PermutationResult,
    article_dimension_rates,
    bonferroni,
    holm,
    min_p_value,
    n_assignments,
    permutation_table,
    permutation_test,
)
from govtext.compare.kwic import KWIC_COLUMNS, kwic, token_kwic
from govtext.compare.origins import (
    ORIGIN_COLUMNS,
    OriginsError,
    load_origins,
    origin_evidence,
    origin_summary,
)
from govtext.compare.programmes import kind_profile, programme_matrix, programme_overlap, shared_programmes
from govtext.compare.rates import (
    DEFAULT_SEED,
    RATE_COLUMNS,
    article_contributions,
    attach_locality,
    combine_rates,
    dimension_rates,
    leave_one_out,
    leave_one_out_summary,
    rate_leaders,
    rate_table,
)
from govtext.compare.scores import (
    DEFAULT_PARTS,
    DOCUMENT_SCORE_COLUMNS,
    SCORED_PARTS,
    count_dimension_terms,
    document_dimension_scores,
    find_dimension_terms,
    term_counts,
)
from govtext.compare.stages import (
    STAGE_COLUMNS,
    StageLexicon,
    StagesError,
    find_stages,
    load_stage_translations,
    load_stages,
    stage_matrix,
    stage_sequence,
)
from govtext.compare.themes import (
    BASES,
    BASIS_PART,
    BASIS_PERCENT,
    BASIS_RATE,
    BASIS_SHARE,
    BASIS_WHOLE,
    CLAIM_COLUMNS,
    DENOMINATOR_BASES,
    LEVELS,
    NO_CLAIM,
    NONE_OF_THEME,
    THEME_COLUMNS,
    THEME_KINDS,
    THEME_OPTIONAL,
    THEME_REQUIRED,
    ThemeCodebook,
    ThemesError,
    claim_text,
    denominator_table,
    headlines,
    indicator_table,
    load_themes,
    quote_figure,
    stated_shares,
    theme_claims,
)
from govtext.compare.typology import (
    EVIDENCE_COLUMNS,
    short_article_id,
    short_sentence_id,
    typology_evidence,
    typology_table,
)
from govtext.compare.vocabulary import (
    ADMIN_SUFFIX_PATTERN,
    NAME_STEM_PATTERN,
    WORD_PATTERN,
    compare_top_terms,
    cosine_similarity_profiles,
    cosine_similarity_tfidf,
    place_name_stems,
    place_name_terms,
    token_summary,
    top_terms,
    top_terms_overlap,
    weighted_log_odds,
)

__all__ = [  # noqa: RUF022 (grouped by submodule, in the order of the method)
    # dimensions
    "DIMENSION_COLUMNS",
    "DIMENSION_OPTIONAL",
    "DIMENSION_REQUIRED",
    "TYPOLOGY_COLUMNS",
    "TYPOLOGY_OPTIONAL",
    "TYPOLOGY_REQUIRED",
    "DimensionCodebook",
    "DimensionsError",
    "DimensionsLike",
    "dimension_terms",
    "format_terms",
    "load_dimensions",
    "match_terms",
    "merge_term_lists",
    # scores
    "DEFAULT_PARTS",
    "DOCUMENT_SCORE_COLUMNS",
    "RATE_SCALE",
    "SCORED_PARTS",
    "count_dimension_terms",
    "document_dimension_scores",
    "find_dimension_terms",
    "term_counts",
    # rates
    "DEFAULT_SEED",
    "RATE_COLUMNS",
    "article_contributions",
    "attach_locality",
    "combine_rates",
    "dimension_rates",
    "leave_one_out",
    "leave_one_out_summary",
    "rate_leaders",
    "rate_table",
    # vocabulary
    "ADMIN_SUFFIX_PATTERN",
    "NAME_STEM_PATTERN",
    "WORD_PATTERN",
    "compare_top_terms",
    "cosine_similarity_profiles",
    "cosine_similarity_tfidf",
    "place_name_stems",
    "place_name_terms",
    "token_summary",
    "top_terms",
    "top_terms_overlap",
    "weighted_log_odds",
    # kwic
    "KWIC_COLUMNS",
    "kwic",
    "token_kwic",
    # programmes by place
    "kind_profile",
    "programme_matrix",
    "programme_overlap",
    "shared_programmes",
    # typology
    "EVIDENCE_COLUMNS",
    "NO_EVIDENCE",
    "short_article_id",
    "short_sentence_id",
    "typology_evidence",
    "typology_table",
    # research design (issue 14)
    "CONFOUND_COLUMNS",
    "DESIGN_COLUMNS",
    "DesignError",
    "confound_table",
    "confounds",
    "design_evidence",
    "load_design",
    "load_presentations",
    "PERMUTATION_COLUMNS",
    "PermutationResult",
    "article_dimension_rates",
    "bonferroni",
    "holm",
    "min_p_value",
    "n_assignments",
    "permutation_table",
    "permutation_test",
    "STAGE_COLUMNS",
    "StageLexicon",
    "StagesError",
    "find_stages",
    "load_stage_translations",
    "load_stages",
    "stage_matrix",
    "stage_sequence",
    "ORIGIN_COLUMNS",
    "OriginsError",
    "bibliography_keys",
    "load_origins",
    "origin_evidence",
    "origin_summary",
    # themes
    "BASES",
    "BASIS_PART",
    "BASIS_PERCENT",
    "BASIS_RATE",
    "BASIS_SHARE",
    "BASIS_WHOLE",
    "CLAIM_COLUMNS",
    "CLAUSE_BREAKS",
    "CLAUSE_PATTERN",
    "DENOMINATOR_BASES",
    "LEVELS",
    "NONE_OF_THEME",
    "NO_CLAIM",
    "THEME_COLUMNS",
    "THEME_KINDS",
    "THEME_OPTIONAL",
    "THEME_REQUIRED",
    "ThemeCodebook",
    "ThemesError",
    "claim_text",
    "denominator_table",
    "headlines",
    "indicator_table",
    "load_themes",
    "quote_figure",
    "stated_shares",
    "theme_claims",
]
