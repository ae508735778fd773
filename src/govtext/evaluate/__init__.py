"""Validation against gold standards: loaders, precision and recall, agreement.

One module per instrument: :mod:`govtext.evaluate.programmes` (gold programme mentions,
``evaluate_mentions``) and :mod:`govtext.evaluate.metrics` (gold quantities, ``evaluate_metrics``, the
validation and ablation tables); :mod:`govtext.evaluate.agreement` (spans paired by overlap, positive
agreement, Krippendorff's α) and :mod:`govtext.evaluate.blind` (the blind coding of the seeds: agreement
of the coders, the instruments scored against it); :mod:`govtext.evaluate.review` (the blind review of the
codebook's entries and the rule that applies it); :mod:`govtext.evaluate.devset` (the scores on texts the
instruments were not built from, and their targets). They score the pipeline's output; they never feed it.
"""

from govtext.evaluate import agreement, blind, devset, review

__all__ = ["agreement", "blind", "devset", "review"]
