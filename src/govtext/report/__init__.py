"""Book-only summary tables (one module per step).

What a chapter shows but the pipeline does not need: :mod:`govtext.report.corpus` (article and corpus
summaries, cleaning examples), :mod:`govtext.report.programmes` (codebook tables, glossary, inventories,
examples in context), :mod:`govtext.report.metrics` (examples, class profiles, hedging by place),
:mod:`govtext.report.compare` (the numbers and tables of the comparison chapters: tests over articles,
shared programmes, stages, origins, mechanisms), :mod:`govtext.report.environment` (the pinned stack).
Each takes the pipeline's tables and returns a display-ready DataFrame (or, for the comparison chapters,
the numbers their prose quotes).
"""
