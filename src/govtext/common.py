"""Constants and small helpers shared by several steps, defined once."""

from __future__ import annotations

import re

RATE_SCALE = 10_000
"""Rates are per this many clean characters (mentions, quantities and dimension hits alike)."""

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
"""Every resource id (programme, dimension, theme, stage) is snake_case ASCII."""
