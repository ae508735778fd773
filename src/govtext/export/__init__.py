"""Exchange with qualitative-analysis (QDA) software: REFI-QDA 1.5 projects and codebooks.

NVivo, ATLAS.ti, MAXQDA and QualCoder exchange projects as ``.qdpx`` files (a zip of ``project.qde`` and
``sources/``) and codebooks as ``.qdc`` files. One submodule per direction:

- :mod:`govtext.export.refi`: namespaces, stable GUIDs (``stable_guid``), the code tree made from the
  codebooks (``programme_codes``, ``unit_class_codes``, ``dimension_codes``), ``QdaError``;
- :mod:`govtext.export.qdpx`: ``export_qdpx`` — the coding of a ``govtext run`` as a project (every
  document a plain-text source, every mention, metric and dimension hit a coded selection);
- :mod:`govtext.export.qdc`: ``export_qdc`` — a programme codebook alone;
- :mod:`govtext.export.qda_import`: ``import_qdpx`` — a project coded by a person, back as annotation
  tables (raw offsets, programme ids) that ``score_run`` and :mod:`govtext.evaluate` score the
  pipeline against.

The command line is ``govtext export qdpx``, ``govtext export qdc`` and ``govtext import qdpx``
(:mod:`govtext.cli.qda`).
"""

from govtext.export.qda_import import (
    DIMENSION_COLUMNS,
    METRIC_COLUMNS,
    PROGRAMME_COLUMNS,
    SCORE_COLUMNS,
    CodeMap,
    ImportedCoding,
    import_qdpx,
    score_run,
    write_import,
)
from govtext.export.qdc import CodebookSummary, codebook_document, export_qdc
from govtext.export.qdpx import (
    ExportSummary,
    RunOutput,
    Selection,
    build_project,
    check_resources,
    corpus_documents,
    dimension_hits,
    export_qdpx,
    read_run,
    run_selections,
    write_qdpx,
)
from govtext.export.refi import (
    CODEBOOK_NS,
    GUID_RE,
    PROJECT_FILE,
    PROJECT_NS,
    SOURCES_FOLDER,
    Code,
    CodeSet,
    QdaError,
    dimension_codes,
    level_sets,
    programme_codes,
    stable_guid,
    unit_class_codes,
)

__all__ = [
    "CODEBOOK_NS",
    "DIMENSION_COLUMNS",
    "GUID_RE",
    "METRIC_COLUMNS",
    "PROGRAMME_COLUMNS",
    "PROJECT_FILE",
    "PROJECT_NS",
    "SCORE_COLUMNS",
    "SOURCES_FOLDER",
    "Code",
    "CodeMap",
    "CodeSet",
    "CodebookSummary",
    "ExportSummary",
    "ImportedCoding",
    "QdaError",
    "RunOutput",
    "Selection",
    "build_project",
    "check_resources",
    "codebook_document",
    "corpus_documents",
    "dimension_codes",
    "dimension_hits",
    "export_qdc",
    "export_qdpx",
    "import_qdpx",
    "level_sets",
    "programme_codes",
    "read_run",
    "run_selections",
    "score_run",
    "stable_guid",
    "unit_class_codes",
    "write_import",
    "write_qdpx",
]
