"""Fixtures of the programme tests: the project codebook, and its mentions and candidates in the seeds."""

from __future__ import annotations

import pandas as pd
import pytest

from govtext.evaluate import programmes as evaluate
from programmes.helpers import GOLD


@pytest.fixture(scope="module")
def gold() -> pd.DataFrame:
    return evaluate.load_gold_mentions(GOLD)
