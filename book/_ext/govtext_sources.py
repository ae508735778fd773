"""Sphinx extension: the source pages (``book/sources/``), one per article, and links to their sentences.

Registered in ``_config.yml`` (``sphinx: local_extensions: {govtext_sources: book/_ext}``).

- The directive ``govtext-source ARTICLE_ID`` prints an article's clean text (``govtext.corpus``: the
  raw file cleaned with its map back to the raw offsets), paragraph by paragraph as printed, each sentence
  or other unit (heading, byline, caption) in its own element whose id is its ``sentence_id``
  (``001_1f5be98b5adc7a5e-1-61``), with its number as a link to itself. The text is read from
  ``data/raw`` when the book is built, so the pages cannot drift from the data; the stub pages that hold
  the directive are written by ``scripts/write_source_pages.py`` (a test keeps them in step).
- The role ``{programme}`名称``` links a programme's Chinese name (or an alias) to its entry in the
  glossary appendix (``appendix_glossary.html#gl-<name_zh>``); a name the codebook does not know is a
  warning.
- Every sentence id is also a label of Sphinx's standard domain, so Markdown can link to a sentence:
  ``{evidence}`001_1f5be98b5adc7a5e-1-61``` prints the short id (``001_…-1-61``) linked to the sentence;
  a wrong id is a warning, and so an error with ``-W``. Notebook tables link the same anchors through
  ``chapter_setup.evidence_link``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

__version__ = "1.0"

CORPUS = Path("data") / "raw"
_ID = re.compile(r"^(?P<no>\d{3})_[0-9a-f]+-(?P<article>\d+)(?:-(?P<sentence>\d+))?$")


def short_id(evidence_id: str) -> str:
    """``001_1f5be98b5adc7a5e-1-61`` → ``001_…-1-61`` (as ``chapter_setup.short_id``)."""
    match = _ID.match(evidence_id)
    if not match:
        return evidence_id
    return f"{match['no']}_…-{match['article']}" + (f"-{match['sentence']}" if match["sentence"] else "")


@lru_cache(maxsize=2)
def load(project: str) -> tuple[Any, dict[str, Any], Any, Any]:
    """documents, cleaned texts, articles, sentences of the corpus (read once per build process)."""
    from govtext import corpus

    documents = corpus.load_corpus(Path(project) / CORPUS)
    cleaned = corpus.clean_documents(documents)
    articles = corpus.split_articles(documents, cleaned)
    sentences = corpus.split_sentences(documents, cleaned, articles)
    return documents, cleaned, articles, sentences


def _meta(document: Any, article: Any, n_units: int) -> nodes.paragraph:
    stated = [
        ("date as printed", document.get("date_as_stated")),
        ("outlet as stated", document.get("outlet_as_stated")),
        ("reporters as stated", document.get("reporters_as_stated")),
    ]
    parts = [
        f"{document['locality']} ({document['place_zh']}, {document['admin_level']})",
        f"article {article['article_no']} of file {document['source_file']}",
        f"{n_units} units (sentences, headings, bylines, captions)",
    ]
    parts += [f"{label}: {value}" for label, value in stated if isinstance(value, str) and value.strip()]
    paragraph = nodes.paragraph(classes=["govtext-source-meta"])
    paragraph += nodes.Text("; ".join(parts) + ". SHA-256 of the file: ")
    paragraph += nodes.literal(text=str(document["sha256"]))
    paragraph += nodes.Text(". Each unit's number links to it; the link from a table lands on the unit.")
    return paragraph


class SourceDirective(SphinxDirective):
    """``govtext-source ARTICLE_ID``: the article's clean text, one anchor per sentence."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        article_id = self.arguments[0].strip()
        documents, cleaned, articles, sentences = load(str(self.env.srcdir))
        rows = articles[articles["article_id"] == article_id]
        if rows.empty:
            raise self.error(f"govtext-source: no article {article_id!r} in {CORPUS}")
        article = rows.iloc[0]
        document = documents.set_index("doc_id").loc[article["doc_id"]]
        document = {"doc_id": article["doc_id"], **document.to_dict()}
        units = sentences[sentences["article_id"] == article_id].sort_values("clean_start")
        text = cleaned[article["doc_id"]].text
        std = self.env.get_domain("std")

        container = nodes.container(classes=["govtext-source"], lang="zh")
        paragraph = nodes.paragraph()
        previous_end = None
        for unit in units.itertuples():
            gap = text[previous_end : unit.clean_start] if previous_end is not None else ""
            starts_paragraph = "\n" in gap or unit.part == "heading"
            if paragraph.children and starts_paragraph:
                container += paragraph
                paragraph = nodes.paragraph()
            elif gap.strip() or (gap and paragraph.children):
                paragraph += nodes.Text(gap.replace("\n", " "))
            sentence = nodes.inline(classes=["src-sentence", f"src-{unit.part}"], ids=[unit.sentence_id])
            sentence += nodes.reference(
                "",
                str(unit.sentence_no),
                refid=unit.sentence_id,
                classes=["src-n"],
                reftitle=unit.sentence_id,
            )
            sentence += nodes.Text(unit.text)
            paragraph += sentence
            std.note_hyperlink_target(unit.sentence_id, self.env.docname, unit.sentence_id, unit.text[:60])
            previous_end = unit.clean_end
        if paragraph.children:
            container += paragraph
        std.note_hyperlink_target(article_id, self.env.docname, "", str(article["title"]))
        return [_meta(document, article, len(units)), container]


def evidence_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None, content: Any = ()
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{evidence}`SENTENCE_ID``` → the short id linked to the sentence on its source page."""
    target = text.strip()
    env = inliner.document.settings.env
    node = addnodes.pending_xref(
        rawtext,
        refdomain="std",
        reftype="ref",
        reftarget=target.lower(),
        refexplicit=True,
        refwarn=True,
        refdoc=env.docname,
    )
    node += nodes.literal(rawtext, short_id(target), classes=["evidence"])
    return [node], []


GLOSSARY = "book/appendix_glossary"


class programme_ref(nodes.General, nodes.Inline, nodes.TextElement):
    """A link to a glossary entry, resolved to a relative URI when the page is written."""


@lru_cache(maxsize=2)
def programme_names(project: str) -> dict[str, str]:
    """Every name and alias of the programme codebook → the entry's ``name_zh``."""
    import govtext as gt
    from govtext import programmes

    codebook = programmes.load_codebook(gt.resource_path("codebook"))
    names: dict[str, str] = {}
    for entry in codebook.itertuples():
        for alias in entry.aliases or ():
            names.setdefault(str(alias), str(entry.name_zh))
        names[str(entry.name_zh)] = str(entry.name_zh)
    return names


def programme_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None, content: Any = ()
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{programme}`帐篷支部``` → 帐篷支部 linked to its glossary entry."""
    surface = text.strip()
    env = inliner.document.settings.env
    entry = programme_names(str(env.srcdir)).get(surface)
    if entry is None:
        message = inliner.reporter.warning(f"{{programme}}: {surface!r} is not in the codebook", line=lineno)
        return [nodes.Text(surface)], [message]
    return [programme_ref(rawtext, surface, entry=entry)], []


def resolve_programme_refs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(programme_ref)):
        if app.builder.format == "html" and GLOSSARY in app.env.all_docs:
            uri = app.builder.get_relative_uri(docname, GLOSSARY) + "#gl-" + node["entry"]
            ref = nodes.reference("", "", refuri=uri, classes=["programme"], reftitle="glossary")
            ref += nodes.Text(node.astext())
            node.replace_self(ref)
        else:
            node.replace_self(nodes.Text(node.astext()))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("govtext-source", SourceDirective)
    app.add_role("evidence", evidence_role)
    app.add_role("programme", programme_role)
    app.add_node(programme_ref)
    app.connect("doctree-resolved", resolve_programme_refs)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
