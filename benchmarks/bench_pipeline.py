"""Benchmark ``govtext run`` against plain ``jieba.lcut`` on a scaled corpus, and measure peak memory.

Builds a corpus in a temporary folder from the seed articles (``data/raw``), each document a seed with its
paragraphs shuffled (the first paragraph stays first) and every ASCII digit replaced, with a fixed seed, so
that no two documents are identical. Then, in the same run and on the same texts:

* ``govtext run`` with ``--tagger hmm`` (the default, ``jieba.posseg``) and ``--tagger dictionary`` (the
  tokens of ``jieba.lcut``, tags from the dictionary), each with ``--jobs 1`` and ``--jobs 2``
  (subprocesses, timed from start to exit, start-up and writing included; peak RSS of the largest
  process and of the whole process tree);
* plain ``jieba.lcut`` over every text (default dictionary, already loaded: the floor for any pipeline that
  segments the text);
* ``jieba.posseg.lcut`` over every text (segmentation with POS tags, which the pipeline needs for metric
  subjects: the floor for any pipeline that tags; ``--skip-posseg`` leaves it out);
* the compiled tagger alone (``govtext.postag.CompiledPOSTokenizer.lcut``, what ``--tagger hmm`` runs)
  over the same texts on the same tokenizer, checked to give exactly ``jieba.posseg.lcut``'s pairs.

Prints characters per second for each, the ratio pipeline/jieba (time; targets with one job: <= 2.5 for
``--tagger hmm``, <= 2.0 for ``--tagger dictionary``), the speedup of two jobs over one (target >= 1.8) and
of the compiled tagger over ``jieba.posseg.lcut`` (expected >= 5). ``--docs 2000 8000`` repeats
everything for each size.
``--profile N`` instead profiles the pipeline in this process over the first N documents (cProfile) and
prints where the time goes, by module and by function; ``--stages N`` times each step of the pipeline
without a profiler (fastest of two runs) as a multiple of ``jieba.lcut`` on the same texts.

    .venv/bin/python benchmarks/bench_pipeline.py                  # 2,000 documents
    .venv/bin/python benchmarks/bench_pipeline.py --docs 2000 8000 --jobs 1 2
    .venv/bin/python benchmarks/bench_pipeline.py --profile 100 --taggers dictionary
    .venv/bin/python benchmarks/bench_pipeline.py --stages 200 --taggers dictionary

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
TARGET_RATIO = {"hmm": 2.5, "dictionary": 2.0}
TARGET_SPEEDUP = 1.8
TARGET_TAGGER_SPEEDUP = 5.0


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
    """Samples the summed RSS of a process and its descendants every 0.5 s (shared pages count twice)."""

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
            self._stop.wait(0.5)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_pipeline(corpus: Path, out: Path, jobs: int, tagger: str = "hmm") -> dict[str, float]:
    """``govtext run`` in a subprocess: wall and CPU seconds (the process and its pool workers), peak
    RSS of the largest process (``ru_maxrss`` from ``wait4``) and of the process tree (sampled, MiB)."""
    command = [
        sys.executable,
        "-m",
        "govtext.cli",
        "run",
        str(corpus),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
        "--tagger",
        tagger,
    ]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(process.pid)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    tree_peak = memory.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"govtext run failed ({process.returncode}):\n{stderr}")
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "rss_process_mib": usage.ru_maxrss / 1024,
        "rss_tree_mib": tree_peak / 2**20,
    }


def run_jieba(corpus: Path) -> dict[str, float]:
    """Plain ``jieba.lcut`` over every file (dictionary loaded first, not counted): wall and CPU seconds."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    texts = [path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*.txt"))]
    start = time.perf_counter()
    jieba.initialize()
    loaded, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        jieba.lcut(text)
    return {
        "seconds": time.perf_counter() - loaded,
        "cpu_seconds": time.process_time() - cpu,
        "load_seconds": loaded - start,
    }


def run_posseg(corpus: Path) -> dict[str, float]:
    """Plain ``jieba.posseg.lcut`` over every file (dictionary loaded first, not counted)."""
    return _time_tagger(corpus, "jieba")


def run_compiled(corpus: Path, compare: bool = False) -> dict[str, float]:
    """The compiled tagger alone over every file (built and compiled first, not counted), on jieba's
    global tokenizer; with ``compare``, also a check (untimed) that it gives the pairs of
    ``jieba.posseg.lcut`` on every text (``identical``: 1.0 or 0.0)."""
    return _time_tagger(corpus, "compiled", compare)


def _time_tagger(corpus: Path, which: str, compare: bool = False) -> dict[str, float]:
    import jieba
    import jieba.posseg

    from govtext import postag

    jieba.setLogLevel(logging.WARNING)
    texts = [path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*.txt"))]
    jieba.initialize()

    def posseg(text: str) -> list[tuple[str, str]]:
        return [(pair.word, pair.flag) for pair in jieba.posseg.lcut(text)]

    function = posseg
    if which == "compiled":
        tagger, note = postag.compiled_tagger(jieba.posseg.dt)
        if tagger is None:
            raise SystemExit(f"the compiled tagger is unavailable: {note}")
        function = tagger.lcut
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:  # outputs not kept: a large parent's RSS would be inherited by the forked runs
        function(text)
    result = {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu}
    if compare:  # untimed, one text at a time
        result["identical"] = float(all(function(text) == posseg(text) for text in texts))
    return result


def load_note() -> str:
    """The load average: other work on the machine slows wall times (CPU times are less affected)."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"


def benchmark(
    n_docs: int,
    jobs_list: list[int],
    workdir: Path,
    with_posseg: bool = True,
    taggers: tuple[str, ...] = ("hmm",),
) -> None:
    """Build a corpus of ``n_docs`` documents and time jieba and ``govtext run`` for each ``--tagger`` and
    ``--jobs``."""
    corpus = workdir / f"corpus_{n_docs}"
    n_chars = build_corpus(corpus, n_docs)
    print(f"\n== {n_docs:,} documents, {n_chars:,} characters ({n_chars / n_docs:,.0f} per document)")
    print(f"before: {load_note()}")
    jieba = run_jieba(corpus)
    print(
        f"jieba.lcut              {jieba['seconds']:7.1f} s wall {jieba['cpu_seconds']:7.1f} s CPU"
        f"  {n_chars / jieba['seconds']:9,.0f} chars/s   (+ {jieba['load_seconds']:.1f} s dictionary load)"
    )
    posseg = run_posseg(corpus) if with_posseg else None
    if posseg is not None:
        print(
            f"jieba.posseg.lcut       {posseg['seconds']:7.1f} s wall {posseg['cpu_seconds']:7.1f} s CPU"
            f"  {n_chars / posseg['seconds']:9,.0f} chars/s"
            f"   ({posseg['seconds'] / jieba['seconds']:.2f} x jieba.lcut)"
        )
    compiled = run_compiled(corpus, compare=with_posseg)
    print(
        f"compiled tagger alone   {compiled['seconds']:7.1f} s wall {compiled['cpu_seconds']:7.1f} s CPU"
        f"  {n_chars / compiled['seconds']:9,.0f} chars/s"
        f"   ({compiled['seconds'] / jieba['seconds']:.2f} x jieba.lcut)"
    )
    if posseg is not None:
        print(
            f"compiled tagger over jieba.posseg.lcut: {posseg['seconds'] / compiled['seconds']:.1f} x faster"
            f" (target >= {TARGET_TAGGER_SPEEDUP:.0f}); the same (word, tag) pairs on every text:"
            f" {bool(compiled['identical'])}"
        )
    results = {}
    for tagger in taggers:
        for jobs in jobs_list:
            out = workdir / f"out_{n_docs}_{tagger}_{jobs}"
            result = results[tagger, jobs] = run_pipeline(corpus, out, jobs, tagger)
            print(
                f"govtext run --tagger {tagger:10s} --jobs {jobs}  {result['seconds']:7.1f} s wall"
                f" {result['cpu_seconds']:7.1f} s CPU  {n_chars / result['seconds']:9,.0f} chars/s"
                f"   peak RSS {result['rss_process_mib']:5.0f} MiB largest process,"
                f" {result['rss_tree_mib']:5.0f} MiB process tree"
            )
    print(f"after: {load_note()}")
    for (tagger, jobs), result in results.items():
        print(
            f"ratio pipeline/jieba.lcut, --tagger {tagger} --jobs {jobs}:"
            f" {result['seconds'] / jieba['seconds']:.2f} wall,"
            f" {result['cpu_seconds'] / jieba['cpu_seconds']:.2f} CPU"
            f" (target <= {TARGET_RATIO.get(tagger, 1.5)} with one job)"
        )
        if posseg is not None:
            print(
                f"ratio pipeline/jieba.posseg.lcut, --tagger {tagger} --jobs {jobs}:"
                f" {result['seconds'] / posseg['seconds']:.2f} wall,"
                f" {result['cpu_seconds'] / posseg['cpu_seconds']:.2f} CPU"
            )
    for (tagger, jobs), result in results.items():
        if jobs > 1 and (tagger, 1) in results:
            speedup = results[tagger, 1]["seconds"] / result["seconds"]
            print(
                f"speedup of --jobs {jobs} over --jobs 1, --tagger {tagger}: {speedup:.2f}"
                f" (target >= {TARGET_SPEEDUP} for 2)"
            )
    for tagger in taggers:
        if len(jobs_list) > 1:
            first, *others = (workdir / f"out_{n_docs}_{tagger}_{jobs}" for jobs in jobs_list)
            same = all(
                (first / f"{name}.csv").read_bytes() == (other / f"{name}.csv").read_bytes()
                for other in others
                for name in ("documents", "sentences", "tokens", "programmes", "metrics", "dimension_scores")
            )
            print(f"tables identical across --jobs, --tagger {tagger}: {same}")


PROFILED_STEPS = [
    ("govtext/cli/runner.py", "scan_corpus"),
    ("govtext/corpus/load.py", "load_document"),
    ("govtext/corpus/clean.py", "clean_documents"),
    ("govtext/corpus/split.py", "split_articles"),
    ("govtext/corpus/split.py", "split_sentences"),
    ("govtext/segment.py", "cut_sentences"),
    ("jieba/posseg/viterbi.py", "viterbi"),
    ("govtext/segment.py", "tokenize"),
    ("govtext/segment.py", "with_raw_offsets"),
    ("govtext/programmes/match.py", "match_programmes"),
    ("govtext/metrics/extract.py", "extract_metrics"),
    ("govtext/compare/scores.py", "document_dimension_scores"),
    ("govtext/compare/dimensions.py", "match_terms"),
    ("pandas/core/generic.py", "to_csv"),
]
"""Functions whose cumulative time ``--profile`` reports (file suffix, function name)."""


def profile(n_docs: int, workdir: Path, top: int = 25, tagger: str = "hmm") -> None:
    """cProfile of ``govtext run`` (pass 1 and pass 2, one job, in this process) over ``n_docs``
    documents, after a warm-up run that builds the tokenizer and codebooks (cached per process)."""
    from govtext import cli

    corpus = workdir / f"corpus_{n_docs}"
    n_chars = build_corpus(corpus, n_docs)
    cli.main(["run", str(SEED_DIR), "--out", str(workdir / "warm"), "--tagger", tagger])
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    cli.main(["run", str(corpus), "--out", str(workdir / "profiled"), "--tagger", tagger])
    profiler.disable()
    seconds = time.perf_counter() - start
    print(
        f"\n== profile: --tagger {tagger}, {n_docs} documents, {n_chars:,} characters, {seconds:.1f} s"
        " under cProfile"
    )
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    by_module: dict[str, float] = {}
    for (filename, _, _), (_, _, tottime, _, _) in stats.items():
        module = _module_of(filename)
        by_module[module] = by_module.get(module, 0.0) + tottime
    total = sum(by_module.values())
    print("own time by module (~ = builtins such as max and dict.get called from the module above them):")
    for module, spent in sorted(by_module.items(), key=lambda item: -item[1])[:12]:
        print(f"  {spent / total:6.1%}  {module}")
    print("cumulative time of the pipeline steps (share of the profiled run):")
    for suffix, function in PROFILED_STEPS:
        cumulative = sum(
            value[3]
            for (filename, _, name), value in stats.items()
            if name == function and filename.endswith(suffix)
        )
        print(f"  {cumulative / seconds:6.1%}  {cumulative:7.2f} s  {suffix.removesuffix('.py')}.{function}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    print(out.getvalue())


class StageClock:
    """Adds the time since the previous call to the step that was running (``run_pipeline``'s ``on_step``)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._step: str | None = None
        self._since = 0.0

    def __call__(self, step: str | None) -> None:
        now = time.perf_counter()
        if self._step is not None:
            self.seconds[self._step] = self.seconds.get(self._step, 0.0) + now - self._since
        self._step, self._since = step, now


def stages(n_docs: int, workdir: Path, tagger: str = "dictionary", repeats: int = 2) -> None:
    """Time each step of the pipeline (no profiler) over ``n_docs`` documents in this process, in batches
    as ``govtext run`` does, and ``jieba.lcut`` over the same texts; ``repeats`` runs, the fastest kept
    (timing on a shared machine is noisy)."""
    import jieba

    import govtext as gt
    from govtext import cli, corpus

    folder = workdir / f"corpus_{n_docs}"
    n_chars = build_corpus(folder, n_docs)
    scan = cli.scan_corpus(folder)
    resources = gt.Resources.default(tagger)
    texts = [str(corpus.load_document(task.path)["raw_text"]) for task in scan.tasks]
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    best: dict[str, float] = {}
    lcut = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for text in texts:
            jieba.lcut(text)
        lcut = min(lcut, time.perf_counter() - start)
        clock = StageClock()
        for batch in cli.batches(scan.tasks, cli.DEFAULT_BATCH_SIZE):
            documents = cli.documents_frame(
                [corpus.load_document(t.path) for t in batch], [t.metadata for t in batch]
            )
            tables = gt.run_pipeline(documents, resources, on_step=clock).as_dict()
            clock("write CSV")
            for table in tables.values():
                cli.csv_rows(table)
            clock(None)
        for step, seconds in clock.seconds.items():
            best[step] = min(best.get(step, float("inf")), seconds)
    print(f"\n== steps: --tagger {tagger}, {n_docs} documents, {n_chars:,} characters (fastest of {repeats})")
    print(f"  {'jieba.lcut':24s} {lcut:7.2f} s  1.00")
    for step, seconds in best.items():
        print(f"  {step:24s} {seconds:7.2f} s  {seconds / lcut:4.2f}")
    total = sum(best.values())
    print(f"  {'all steps':24s} {total:7.2f} s  {total / lcut:4.2f} x jieba.lcut")


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
    parser.add_argument(
        "--stages", type=int, default=0, metavar="N", help="time each step over N documents instead"
    )
    parser.add_argument("--skip-posseg", action="store_true", help="do not time jieba.posseg.lcut")
    parser.add_argument(
        "--taggers",
        nargs="+",
        choices=["hmm", "dictionary"],
        default=["hmm", "dictionary"],
        help="--tagger values of govtext run (default both; --profile uses the first)",
    )
    parser.add_argument("--keep", type=Path, default=None, help="build in this folder and keep it")
    args = parser.parse_args(argv)
    memory = psutil.virtual_memory().total / 2**30
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {memory:.0f} GiB")
    with tempfile.TemporaryDirectory(prefix="govtext-bench-") as tmp:
        workdir = args.keep or Path(tmp)
        if args.profile:
            profile(args.profile, workdir, tagger=args.taggers[0])
            return
        if args.stages:
            stages(args.stages, workdir, tagger=args.taggers[0])
            return
        for n_docs in args.docs:
            benchmark(n_docs, args.jobs, workdir, not args.skip_posseg, tuple(args.taggers))


if __name__ == "__main__":
    main()
