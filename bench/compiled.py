"""Whether compiling the extraction stages with Cython makes extraction faster.

    python bench/compiled.py [--docs 1000]

Tests whether interpreting Python is where extraction's time goes. A copy of the package
is made in a temporary directory and every module of `corridor/extract/` but `__init__`,
`evaluate` and `pipeline` (spaCy registers its factories there by decorator) is compiled
with Cython as it stands: pure Python mode, no types added. The same measurement then runs
twice, each in a fresh process, once against the compiled copy and once against `src/`:
CPU time of the tokenizer alone and of the whole extraction, taking turns chunk by chunk
as in bench/stages.py, so the multiple of the tokenizer is compared rather than raw times
from two runs under different load. The first 100 results are hashed so that the two
variants are shown to extract the same thing. Needs Cython; without it, skips.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from corpus import corpus

CHUNK = 25
HASHED = 100
SRC = Path(__file__).resolve().parent.parent / "src"
# spaCy registers factories in these by decorator; they stay Python.
KEEP = {"__init__.py", "evaluate.py", "pipeline.py"}
SETUP = """
from Cython.Build import cythonize
from setuptools import Extension, setup
modules = {modules!r}
extensions = [Extension(m, [m.replace(".", "/") + ".py"]) for m in modules]
setup(ext_modules=cythonize(extensions, language_level=3, nthreads=2, quiet=True))
"""


def compile_copy(root: Path, cython_path: str) -> None:
    """Copy the package under `root` and build the stage modules into extensions in place."""
    shutil.copytree(
        SRC / "corridor", root / "corridor", ignore=shutil.ignore_patterns("__pycache__")
    )
    sources = sorted(p for p in (root / "corridor" / "extract").glob("*.py") if p.name not in KEEP)
    modules = [f"corridor.extract.{p.stem}" for p in sources]
    print(f"compiling {len(modules)} modules with Cython (a few minutes) ...", flush=True)
    start = time.perf_counter()
    # setup.py is run from `root`, so that the dotted names map to corridor/extract/*.so;
    # the Cython found by this process is handed down on PYTHONPATH.
    env = dict(os.environ, PYTHONPATH=cython_path)
    done = subprocess.run(
        [sys.executable, "-c", SETUP.format(modules=modules), "build_ext", "--inplace", "-j", "2"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"bench/compiled.py: compiling failed\n{done.stderr[-3000:]}")
    built = {p.name.split(".")[0] for p in (root / "corridor" / "extract").glob("*.so")}
    missing = {p.stem for p in sources} - built
    if missing:
        sys.exit(f"bench/compiled.py: no extension built for {sorted(missing)}")
    print(f"compiled in {time.perf_counter() - start:.0f}s\n", flush=True)


def measure(variant: str, docs: int) -> int:
    """The child process: time tokenizer and extraction, chunk by chunk; print JSON."""
    from corridor.extract import EXTRACTOR_VERSION, _prepare, build_pipeline, candidates
    from corridor.extract.result import build_extraction

    # Fail loudly if the other variant's modules were imported: the comparison would be void.
    compiled = candidates.__file__.endswith(".so")
    if compiled != (variant == "compiled"):
        sys.exit(f"bench/compiled.py: expected {variant}, imported {candidates.__file__}")
    nlp = build_pipeline()
    documents = list(corpus(docs))
    for document in corpus(200, seed=1):  # warm the tokenizer's cache and every stage
        build_extraction(nlp(_prepare(nlp, document)), document, EXTRACTOR_VERSION)
    clock = time.thread_time
    tokenizer = extract = 0.0
    results = []
    gc.disable()  # a collection would land on whichever run is timed at the time
    try:
        for i in range(0, len(documents), CHUNK):
            chunk = documents[i : i + CHUNK]
            start = clock()
            for document in chunk:
                nlp.tokenizer(document.text)
            tokenizer += clock() - start
            start = clock()
            for document in chunk:
                result = build_extraction(nlp(_prepare(nlp, document)), document, EXTRACTOR_VERSION)
                if len(results) < HASHED:
                    results.append(result)  # hashed after the timed part
            extract += clock() - start
            gc.collect()
    finally:
        gc.enable()
    digest = hashlib.sha256()
    for result in results:
        digest.update(json.dumps(result.to_dict(), sort_keys=True).encode())
    report = {
        "module": candidates.__file__,
        "tokenizer_ms": tokenizer / docs * 1000,
        "extract_ms": extract / docs * 1000,
        "multiple": extract / tokenizer,
        "sha256": digest.hexdigest(),
    }
    print(json.dumps(report))
    return 0


def run(variant: str, path: Path, docs: int) -> dict[str, Any]:
    """One measurement in a fresh process, importing corridor from `path` only."""
    env = dict(os.environ, PYTHONPATH=str(path))
    command = [sys.executable, __file__, "--docs", str(docs), "--measure", variant]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench/compiled.py: {variant} run failed\n{done.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000)
    parser.add_argument("--measure", choices=["pure", "compiled"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(args.measure, args.docs)

    try:
        import Cython
    except ImportError:
        print(
            "bench/compiled.py: needs Cython (pip install 'cython>=3.1,<4'); skipped",
            file=sys.stderr,
        )
        return 0
    cython_path = str(Path(Cython.__file__).resolve().parent.parent)
    with tempfile.TemporaryDirectory() as tmp:
        compile_copy(Path(tmp), cython_path)
        reports = {
            "pure": run("pure", SRC, args.docs),
            "compiled": run("compiled", Path(tmp), args.docs),
        }
    print(f"corpus: {args.docs} generated articles; CPU time, each variant in its own process")
    print(
        f"Cython {Cython.__version__}; compiled module: {Path(reports['compiled']['module']).name}"
    )
    print(f"{'variant':<10} {'tokenizer ms/doc':>17} {'extract ms/doc':>15} {'x tokenizer':>12}")
    for name, r in reports.items():
        print(
            f"{name:<10} {r['tokenizer_ms']:>17.3f} {r['extract_ms']:>15.3f} {r['multiple']:>12.2f}"
        )
    ratio = reports["compiled"]["multiple"] / reports["pure"]["multiple"]
    print(f"\ncompiled / pure multiple: {ratio:.3f}  (below 1 means compiling helps)")
    same = reports["pure"]["sha256"] == reports["compiled"]["sha256"]
    print(f"outputs identical ({min(HASHED, args.docs)} docs): {'yes' if same else 'no'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
