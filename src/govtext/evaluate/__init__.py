"""Validation against gold standards: loaders, precision and recall, agreement.

One module per instrument: :mod:`govtext.evaluate.programmes` (gold programme mentions,
``evaluate_mentions``) and :mod:`govtext.evaluate.metrics` (gold quantities, ``evaluate_metrics``, the
validation and ablation tables). They score the pipeline's output; they never feed it.
"""
