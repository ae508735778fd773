"""Fixtures of the tests of govtext.metrics (the builders are cached in ``metrics.helpers``)."""

from __future__ import annotations
