"""Corpus: load raw documents, clean them with a map back to raw offsets, split articles and sentences.

The only step (with ``cli``) that reads files. Everything after loading is a pure function:
``load_corpus`` → documents (one row per file) → ``clean_documents`` → a ``CleanText`` per document →
``split_articles`` → articles → ``split_sentences`` → sentences (one row per sentence, heading, caption,
byline or piece of page furniture). One submodule per step:

* :mod:`govtext.corpus.load`: ``list_corpus`` (what is read, what is left out on purpose),
  ``iter_corpus_files``, ``load_document`` (with its encoding and mojibake checks), ``read_manifest``,
  ``validate_corpus_dir``, ``load_corpus``, ``text_digest`` (duplicates by decoded text),
  ``CorpusError`` and the column constants of the tables;
* :mod:`govtext.corpus.clean`: ``CleanText``, ``clean_text``, ``clean_documents``,
  ``classify_paragraph`` and the cleaning heuristics (described in its module docstring);
* :mod:`govtext.corpus.split`: ``paragraph_spans``, ``split_articles``, ``find_sub_units``,
  ``split_sentences``, ``split_running_text``.

Offsets. ``start``/``end`` are Python ``str`` indices into the raw decoded text; a UTF-8 byte-order mark
is removed on loading, so offsets never count it. ``clean_start``/``clean_end`` index the clean text, and
``CleanText.raw_index`` maps every clean character back to its raw character: cleaning only deletes
characters or replaces one character by one character.
"""

from govtext.corpus.clean import (
    FULLWIDTH,
    MAX_CAPTION_CHARS,
    MAX_CLEAN_PASSES,
    MAX_HEADING_CHARS,
    MAX_RUN_IN_HEADING_CHARS,
    MIN_PROSE_CHARS,
    CleanText,
    classify_paragraph,
    clean_documents,
    clean_text,
    is_han,
    is_layout_space,
)
from govtext.corpus.load import (
    ARTICLE_COLUMNS,
    DOCUMENT_COLUMNS,
    MANIFEST_FILENAME,
    MANIFEST_REQUIRED_COLUMNS,
    METADATA_COLUMNS,
    NOT_READ_KINDS,
    PARTS,
    SENTENCE_COLUMNS,
    CorpusError,
    CorpusListing,
    check_corpus_dir,
    check_encoding,
    duplicate_of,
    iter_corpus_files,
    list_corpus,
    load_corpus,
    load_document,
    read_manifest,
    shown,
    text_digest,
    validate_corpus_dir,
)
from govtext.corpus.split import (
    MAX_KICKER_CHARS,
    MAX_LEAD_PARAGRAPHS,
    MAX_TITLE_PARAGRAPHS,
    N_SUB_UNIT_PARAGRAPHS,
    Paragraph,
    find_sub_units,
    paragraph_spans,
    split_articles,
    split_running_text,
    split_sentences,
)

# Moved to govtext.evaluate / govtext.report; re-exported for the book until its cells are updated.
from govtext.report.corpus import article_summary, cleaning_examples, corpus_summary, date_coverage

__all__ = [
    "ARTICLE_COLUMNS",
    "DOCUMENT_COLUMNS",
    "FULLWIDTH",
    "MANIFEST_FILENAME",
    "MANIFEST_REQUIRED_COLUMNS",
    "MAX_CAPTION_CHARS",
    "MAX_CLEAN_PASSES",
    "MAX_HEADING_CHARS",
    "MAX_KICKER_CHARS",
    "MAX_LEAD_PARAGRAPHS",
    "MAX_RUN_IN_HEADING_CHARS",
    "MAX_TITLE_PARAGRAPHS",
    "METADATA_COLUMNS",
    "MIN_PROSE_CHARS",
    "NOT_READ_KINDS",
    "N_SUB_UNIT_PARAGRAPHS",
    "PARTS",
    "SENTENCE_COLUMNS",
    "CleanText",
    "CorpusError",
    "CorpusListing",
    "Paragraph",
    "article_summary",
    "check_corpus_dir",
    "check_encoding",
    "classify_paragraph",
    "clean_documents",
    "clean_text",
    "cleaning_examples",
    "corpus_summary",
    "date_coverage",
    "duplicate_of",
    "find_sub_units",
    "is_han",
    "is_layout_space",
    "iter_corpus_files",
    "list_corpus",
    "load_corpus",
    "load_document",
    "paragraph_spans",
    "read_manifest",
    "shown",
    "split_articles",
    "split_running_text",
    "split_sentences",
    "text_digest",
    "validate_corpus_dir",
]
