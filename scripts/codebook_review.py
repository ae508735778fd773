"""The codebook review's one use of data: which entries (and aliases) both blind reviewers rejected do the
development set's blind coders code? Writes ``data/annotations/codebook_review/restored.csv``.

An entry both reviewers judged not to be a programme (``data/annotations/codebook_review/reviewer_*.csv``)
leaves the codebook unless, on the development sets the rules are built on (``devset.FITTING_SETS``: from
round 7 the other Henan cities and the four Zhengzhou sets scored in earlier rounds; until round 6 the
other Henan cities alone; never the seeds or the set kept clean), the adjudicated blind gold codes at
least half of the places where the codebook of the review (1.1.0, read from git) matches it, each text
weighing once (from round 22: the mean over the texts where it occurs of the share coded there, so that one
text naming it many times does not outweigh the others; ``govtext.evaluate.review.restore_counts``).

    .venv/bin/python scripts/codebook_review.py            # needs data/devset/texts (see SOURCES.md);
                                                           # counts over the texts present
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

import govtext as gt
from govtext.evaluate import devset, review
from govtext.evaluate.agreement import pair_spans
from govtext.programmes.names import name_key

ROOT = Path(__file__).resolve().parents[1]
REVIEW = ROOT / "data" / "annotations" / "codebook_review"
REVIEWED_CODEBOOK = "a2ba43f:src/govtext/resources/programmes.yml"
"""The codebook the reviewers judged (version 1.1.0), as committed."""
COUNTED_CODEBOOK = "8f8d1f6:src/govtext/resources/programmes.yml"
"""The codebook whose entries the drop rule counts (1.16.0, round 25's, frozen at 8f8d1f6): counting the
current one would miss the entries already dropped."""
sys.path.insert(0, str(ROOT / "scripts"))

import evaluate_devset  # noqa: E402


def _codebook_at(spec: str, folder: Path) -> Path | None:
    """``spec`` (``commit:path``) written to ``folder``; None when git cannot show it."""
    try:
        text = subprocess.run(["git", "show", spec], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    path = folder / "programmes.yml"
    path.write_text(text.stdout, encoding="utf-8")
    return path


def _fitting_documents(texts: Path) -> pd.DataFrame:
    """The development texts present of the fitting sets (``devset.FITTING_SETS``)."""
    documents = evaluate_devset.load_devset(texts, allow_missing=True)  # over the texts present
    sets = devset.set_of_documents(documents)
    return documents[documents["doc_id"].map(sets).isin(devset.FITTING_SETS)].reset_index(drop=True)


def _coded_matches(
    spec: str, documents: pd.DataFrame, gold: pd.DataFrame
) -> tuple[pd.DataFrame, gt.Resources]:
    """The matches of the codebook at ``spec`` in ``documents``, each with ``coded``: does a span of the
    blind ``gold`` overlap it? With the resources read (for the entries' names)."""
    with tempfile.TemporaryDirectory() as folder:
        codebook = _codebook_at(spec, Path(folder))
        if codebook is None:
            raise LookupError(spec)
        resources = gt.Resources.from_files(codebook=codebook)
    found = gt.run_pipeline(documents, resources).programmes.reset_index(drop=True)
    coded = pd.Series(False, index=found.index)
    coded.iloc[pair_spans(gold, found)["second"].tolist()] = True
    return found.assign(coded=coded), resources


def main() -> int:
    texts = evaluate_devset.DEVSET / "texts"
    if not any(texts.glob("*.txt")):
        print(f"codebook_review: no texts in {texts}; fetch them as data/devset/SOURCES.md says. Skipped.")
        return 0
    table = review.load_review(REVIEW)  # with restored.csv, or without it before the first run
    rejected = table[table["both_rejected"]]["entry"].tolist()
    documents = _fitting_documents(texts)
    gold = devset.read_codings(evaluate_devset.GOLD_FOLDERS, skip_missing=True)["programmes"]
    gold = gold[gold["doc_id"].isin(set(documents["doc_id"]))].reset_index(drop=True)
    try:
        found, _ = _coded_matches(REVIEWED_CODEBOOK, documents, gold)
    except LookupError:
        print(
            f"codebook_review: cannot read the reviewed codebook ({REVIEWED_CODEBOOK}) from git; run it in a"
            " clone with the project's history. Skipped (restored.csv is committed)."
        )
        return 0
    aliases = review.aliases_both_rejected(REVIEW)
    found["alias"] = [
        next((a for a in aliases.get(entry, []) if name_key(a) == name_key(surface)), "")
        for entry, surface in zip(found["programme_id"], found["surface"], strict=True)
    ]
    found = found[found["programme_id"].isin(rejected) | (found["alias"] != "")].reset_index(drop=True)
    counts = review.restore_counts(found)
    out = review.restored_rows(counts)
    out.to_csv(REVIEW / "restored.csv", index=False, lineterminator="\n")
    print(counts.to_string())
    print(
        f"\nrestored (coded in >= {review.RESTORE_SHARE:.0%} of their occurrences in the development texts"
        " where they occur, each text weighing once):"
    )
    print(out.to_string(index=False))
    return drop_rule(documents, gold)


def drop_rule(documents: pd.DataFrame, gold: pd.DataFrame) -> int:
    """Count every entry of ``COUNTED_CODEBOOK`` on the fitting sets' ``documents`` and write
    ``dropped.csv``: the entries the blind coders (``gold``) code in under ``review.DROP_SHARE`` of their
    occurrences (each text weighing once) over at least ``review.DROP_MIN_TEXTS`` texts."""
    try:
        found, resources = _coded_matches(COUNTED_CODEBOOK, documents, gold)
    except LookupError:
        print(f"codebook_review: cannot read {COUNTED_CODEBOOK} from git. Drop rule skipped.")
        return 0
    book = resources.codebook
    names = {
        str(entry): [str(name), *aliases]
        for entry, name, aliases in zip(book["id"], book["name_zh"], book["aliases"], strict=True)
    }
    counts = review.drop_counts(found)
    out = review.dropped_rows(counts, names)
    out.to_csv(REVIEW / "dropped.csv", index=False, lineterminator="\n")
    print(
        f"\ndropped (coded in < {review.DROP_SHARE:.0%} of their occurrences, each text weighing once, over"
        f" >= {review.DROP_MIN_TEXTS} texts):"
    )
    print(out.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
