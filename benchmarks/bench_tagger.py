"""Benchmark the compiled POS tagger (``govtext.postag``) against ``jieba.posseg.lcut`` and ``jieba.lcut``.

On the corpus of ``bench_pipeline.py`` (the seeds, paragraphs shuffled and digits redrawn), in one run:

* ``jieba.posseg.lcut`` over every text (what the compiled tagger replaces; the issue expects >= 5x);
* ``CompiledPOSTokenizer.lcut`` over the same texts, on the same (global) jieba tokenizer, checked to give
  the same ``(word, flag)`` pairs;
* plain ``jieba.lcut`` (segmentation only, no tags);
* the same three over the texts' sentences (cut at 。！？ and line ends), one call each, as
  ``govtext run`` calls the segmenter;
* the start-up of the compiled tagger in a fresh process: cold (empty numba cache: compiles) and warm
  (cache filled by the cold run), each split into importing the kernel, building the tagger (the trie of
  jieba's dictionary; the model arrays) and the first cut.

Dictionaries are loaded before timing. Prints seconds, characters per second and the ratios.

    .venv/bin/python benchmarks/bench_tagger.py               # 300 documents
    .venv/bin/python benchmarks/bench_tagger.py --docs 1000 --skip-startup

A benchmark, not a test: it prints ratios measured in one run on this machine.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import build_corpus, load_note  # noqa: E402

SENTENCE_END = re.compile(r"(?<=[。！？\n])")

STARTUP_SCRIPT = """
import json, logging, time, warnings
t0 = time.perf_counter()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import jieba, jieba.posseg
jieba.setLogLevel(logging.WARNING)
jieba.initialize()
from govtext import postag
t1 = time.perf_counter()
kernel = postag.load_kernel()
assert kernel is not None, postag.kernel_error()
t2 = time.perf_counter()
tagger = postag.CompiledPOSTokenizer(jieba.posseg.dt)
t3 = time.perf_counter()
tagger.lcut("杜甫路街道改造88个老旧小区，王小明说")
t4 = time.perf_counter()
print(json.dumps({"import": t2 - t1, "build": t3 - t2, "first_cut": t4 - t3, "total": t4 - t1}))
"""


def timed(function: Callable[[str], object], texts: list[str]) -> tuple[float, list[object]]:
    start = time.perf_counter()
    results = [function(text) for text in texts]
    return time.perf_counter() - start, results


def startup(cache_dir: Path) -> dict[str, float]:
    """Times of the compiled tagger's start in a new process whose numba cache is ``cache_dir``."""
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache_dir)}
    result = subprocess.run(
        [sys.executable, "-c", STARTUP_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=int, default=300, help="documents in the corpus (default 300)")
    parser.add_argument("--skip-startup", action="store_true", help="do not time cold and warm starts")
    args = parser.parse_args()

    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
        import jieba.posseg

    from govtext import postag

    jieba.setLogLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        n_chars = build_corpus(Path(tmp) / "corpus", args.docs)
        texts = [path.read_text(encoding="utf-8") for path in sorted((Path(tmp) / "corpus").glob("*.txt"))]
    sentences = [part for text in texts for part in SENTENCE_END.split(text) if part]
    print(f"== {args.docs:,} documents, {n_chars:,} characters, {len(sentences):,} sentences; {load_note()}")

    jieba.initialize()
    tagger, note = postag.compiled_tagger(jieba.posseg.dt)
    if tagger is None:
        raise SystemExit(f"the compiled tagger is unavailable: {note}")
    tagger.lcut(texts[0])

    def posseg(text: str) -> list[tuple[str, str]]:
        return [(pair.word, pair.flag) for pair in jieba.posseg.lcut(text)]

    rows: dict[str, dict[str, float]] = {}
    for unit, items in (("texts", texts), ("sentences", sentences)):
        compiled_s, compiled_out = timed(tagger.lcut, items)
        lcut_s, _ = timed(jieba.lcut, items)
        posseg_s, posseg_out = timed(posseg, items)
        if compiled_out != posseg_out:
            raise SystemExit(f"{unit}: the compiled tagger differs from jieba.posseg")
        rows[unit] = {"compiled": compiled_s, "jieba.lcut": lcut_s, "jieba.posseg.lcut": posseg_s}
        print(f"\n-- one call per {unit[:-1]} ({len(items):,} calls); output identical to jieba.posseg: yes")
        for name, seconds in rows[unit].items():
            print(f"{name:>20}: {seconds:7.2f} s  {n_chars / seconds:>12,.0f} chars/s")
        print(f"{'speed-up':>20}: {posseg_s / compiled_s:6.1f}x over jieba.posseg.lcut (target >= 5), "
              f"{lcut_s / compiled_s:.1f}x over jieba.lcut")  # fmt: skip

    if not args.skip_startup:
        with tempfile.TemporaryDirectory() as cache:
            cold = startup(Path(cache))
            warm = startup(Path(cache))
        print("\n-- start of the compiled tagger in a new process (jieba's dictionary already loaded)")
        for name, times in (("cold (compiles)", cold), ("warm (numba cache)", warm)):
            parts = ", ".join(f"{key} {value:.2f} s" for key, value in times.items() if key != "total")
            print(f"{name:>20}: {times['total']:5.2f} s  ({parts})")
    print(f"\nafter: {load_note()}")


if __name__ == "__main__":
    main()
