"""Benchmark ``govtext run`` against plain ``jieba.lcut`` on a scaled corpus, and measure peak memory.

Builds a corpus in a temporary folder from the seed articles (``data/raw``), each document a seed with its
paragraphs shuffled (the first paragraph stays first) and every ASCII digit replaced, with a fixed seed, so
that no two documents are identical. Then, in the same run and on the same texts:

* ``govtext run`` with ``--jobs 1`` and ``--jobs 2`` (subprocesses, timed from start to exit, start-up and
  writing included; peak RSS of the largest process and of the whole process tree);
* plain ``jieba.lcut`` over every text (default dictionary, already loaded: the floor for any pipeline that
  segments the text).

Prints characters per second for each, the ratio pipeline/jieba (time; target <= 1.5 with one job) and the
speedup of two jobs over one (target >= 1.7). ``--docs 2000 8000`` repeats everything for each size.
``--profile N`` instead profiles the pipeline in this process over the first N documents (cProfile) and
prints where the time goes, by module and by function.

    .venv/bin/python benchmarks/bench_pipeline.py                  # 2,000 documents
    .venv/bin/python benchmarks/bench_pipeline.py --docs 2000 8000 --jobs 1 2
    .venv/bin/python benchmarks/bench_pipeline.py --profile 100

A benchmark, not a test: it prints ratios measured in one run on this machine.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import logging
import os
import pstats
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = ROOT / "data" / "raw"
RANDOM_SEED = 20201
TARGET_RATIO = 1.5
TARGET_SPEEDUP = 1.7


def seed_texts() -> dict[str, str]:
    """The seed articles, keyed by file stem (a UTF-8 BOM removed)."""
    paths = sorted(SEED_DIR.glob("*.txt"))
    return {path.stem: path.read_text(encoding="utf-8").removeprefix("\ufeff") for path in paths}


def vary(text: str, rng: random.Random) -> str:
    """``text`` with its paragraphs (blank-line blocks, else lines) shuffled after the first, and every
    ASCII digit replaced by a random one."""
    separator = "\n\n" if "\n\n" in text.strip() else "\n"
    paragraphs = text.split(separator)
    head, rest = paragraphs[:1], paragraphs[1:]
    rng.shuffle(rest)
    return re.sub(r"[0-9]", lambda _: str(rng.randrange(10)), separator.join(head + rest))


def build_corpus(folder: Path, n_docs: int, seed: int = RANDOM_SEED) -> int:
    """Write ``n_docs`` varied seeds into ``folder`` (no manifest); returns the number of characters."""
    seeds = list(seed_texts().items())
    rng = random.Random(seed)
    seen: set[str] = set()
    n_chars = 0
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(n_docs):
        stem, text = seeds[number % len(seeds)]
        varied = vary(text, rng)
        while hashlib.sha256(varied.encode()).hexdigest() in seen:  # duplicates would be rejected
            varied = vary(text, rng)
        seen.add(hashlib.sha256(varied.encode()).hexdigest())
        (folder / f"{number:05d}_{stem[4:]}.txt").write_text(varied, encoding="utf-8")
        n_chars += len(varied)
    return n_chars


class PeakMemory:
    """Samples the summed RSS of a process and its descendants every 50 ms (shared pages count twice)."""

    def __init__(self, pid: int) -> None:
        self.peak = 0
        self._process = psutil.Process(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self._process, *self._process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            self._stop.wait(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_pipeline(corpus: Path, out: Path, jobs: int) -> dict[str, float]:
    """``govtext run`` in a subprocess: wall time, peak RSS of one process and of the tree (MiB)."""
    command = [sys.executable, "-m", "govtext.cli", "run", str(corpus), "--out", str(out), "--jobs", str(jobs)]
    command += ["--on-error", "fail"]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(process.pid)
    _, usage = os.wait4(process.pid, 0)[1:]
    seconds = time.perf_counter() - start
    tree_peak = memory.stop()
    stderr = process.stderr.read() if process.stderr else ""
    process.returncode = 0
    if not (out / "run.json").is_file():
        raise SystemExit(f"govtext run failed:\n{stderr}")
    # ru_maxrss of the CLI process; its pool workers are waited for by it: the largest of all of them.
    children = __import__("resource").getrusage(__import__("resource").RUSAGE_CHILDREN).ru_maxrss
    return {
        "seconds": seconds,
        "rss_process_mib": max(usage.ru_maxrss, children) / 1024,
        "rss_tree_mib": tree_peak / 2**20,
    }


def run_jieba(corpus: Path) -> tuple[float, float]:
    """Seconds of plain ``jieba.lcut`` over every file, and of loading jieba's dictionary before it."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    texts = [path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*.txt"))]
    start = time.perf_counter()
    jieba.initialize()
    loaded = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - loaded, loaded - start


def benchmark(n_docs: int, jobs_list: list[int], workdir: Path) -> None:
    corpus = workdir / f"corpus_{n_docs}"
    n_chars = build_corpus(corpus, n_docs)
    print(f"\n== {n_docs:,} documents, {n_chars:,} characters ({n_chars / n_docs:,.0f} per document)")
    jieba_seconds, jieba_load = run_jieba(corpus)
    print(
        f"jieba.lcut            {jieba_seconds:8.1f} s  {n_chars / jieba_seconds:10,.0f} chars/s"
        f"  (+ {jieba_load:.1f} s to load its dictionary, not counted)"
    )
    results = {}
    for jobs in jobs_list:
        result = run_pipeline(corpus, workdir / f"out_{n_docs}_{jobs}", jobs)
        results[jobs] = result
        print(
            f"govtext run --jobs {jobs}  {result['seconds']:8.1f} s  {n_chars / result['seconds']:10,.0f} chars/s"
            f"  ratio pipeline/jieba {result['seconds'] / jieba_seconds:5.2f}"
            f"  peak RSS {result['rss_process_mib']:6.0f} MiB (largest process),"
            f" {result['rss_tree_mib']:6.0f} MiB (process tree)"
        )
    if 1 in results:
        print(f"ratio pipeline/jieba with one job: {results[1]['seconds'] / jieba_seconds:.2f} (target <= {TARGET_RATIO})")
    for jobs in jobs_list:
        if jobs > 1 and 1 in results:
            speedup = results[1]["seconds"] / results[jobs]["seconds"]
            print(f"speedup of {jobs} jobs over 1: {speedup:.2f} (target >= {TARGET_SPEEDUP} for 2 jobs)")
    if len(results) > 1:
        first, *others = (workdir / f"out_{n_docs}_{jobs}" for jobs in jobs_list)
        same = all(
            (first / f"{name}.csv").read_bytes() == (other / f"{name}.csv").read_bytes()
            for other in others
            for name in ("tokens", "metrics", "programmes", "dimension_scores")
        )
        print(f"tables identical across --jobs: {same}")


def profile(n_docs: int, workdir: Path, top: int = 25) -> None:
    """cProfile of the pipeline (pass 1 + pass 2, one job, in this process) over ``n_docs`` documents."""
    from govtext import cli

    corpus = workdir / f"corpus_{n_docs}"
    n_chars = build_corpus(corpus, n_docs)
    cli.main(["run", str(SEED_DIR), "--out", str(workdir / "warm")])  # build the resources first
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    cli.main(["run", str(corpus), "--out", str(workdir / "profiled")])
    profiler.disable()
    seconds = time.perf_counter() - start
    print(f"\n== profile: {n_docs} documents, {n_chars:,} characters, {seconds:.1f} s under cProfile")
    stats = pstats.Stats(profiler)
    by_module: dict[str, float] = {}
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        by_module[_module_of(filename)] = by_module.get(_module_of(filename), 0.0) + tottime
    total = sum(by_module.values())
    print("own time by module:")
    for module, spent in sorted(by_module.items(), key=lambda item: -item[1])[:12]:
        print(f"  {spent / total:6.1%}  {module}")
    print("cumulative time of the pipeline steps (share of the run):")
    steps = {
        "corpus.load_document": "load_document",
        "corpus.clean_documents": "clean_documents",
        "corpus.split_articles": "split_articles",
        "corpus.split_sentences": "split_sentences",
        "segment.tokenize": "tokenize",
        "programmes.match_programmes": "match_programmes",
        "metrics.extract_metrics": "extract_metrics",
        "compare.count_dimension_terms": "count_dimension_terms",
        "cli.with_raw_offsets": "with_raw_offsets",
        "cli.dimension_scores": "dimension_scores",
        "cli.scan_corpus": "scan_corpus",
        "frame.to_csv": "to_csv",
        "jieba.posseg.viterbi": "viterbi",
    }
    for (filename, _, function), (_, _, _, cumtime, _) in sorted(stats.stats.items()):  # type: ignore[attr-defined]
        for label, name in steps.items():
            module = label.rsplit(".", 1)[0].replace(".", "/")
            if function == name and filename.endswith(f"{module}.py") or (
                function == name and label.startswith("frame") and filename.endswith("core/generic.py")
            ):
                print(f"  {cumtime / seconds:6.1%}  {cumtime:7.2f} s  {label}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    print(out.getvalue())


def _module_of(filename: str) -> str:
    path = filename.replace("\\", "/")
    for marker in ("site-packages/", "src/"):
        if marker in path:
            rest = path.split(marker, 1)[1]
            parts = rest.split("/")
            return "/".join(parts[:2]) if parts[0] in ("jieba", "pandas") else rest
    return path.rsplit("/", 1)[-1] if "/" in path else path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[2000], help="corpus sizes (default 2000)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values (default 1 2)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile N documents instead")
    parser.add_argument("--keep", type=Path, default=None, help="build in this folder and keep it")
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {psutil.virtual_memory().total / 2**30:.0f} GiB")
    with tempfile.TemporaryDirectory(prefix="govtext-bench-") as tmp:
        workdir = args.keep or Path(tmp)
        if args.profile:
            profile(args.profile, workdir)
            return
        for n_docs in args.docs:
            benchmark(n_docs, args.jobs, workdir)


if __name__ == "__main__":
    main()
