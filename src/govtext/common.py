"""Constants and small helpers shared by several steps, defined once."""

from __future__ import annotations

import re

RATE_SCALE = 10_000
"""Rates are per this many clean characters (mentions, quantities and dimension hits alike)."""

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
"""Every resource id (programme, dimension, theme, stage) is snake_case ASCII."""

SPAN_COLUMNS = ["doc_id", "article_id", "sentence_id", "start", "end", "surface"]
"""The first columns of every table of extracted spans: where it is (ids) and what it is (raw offsets,
``raw[start:end] == surface``)."""
