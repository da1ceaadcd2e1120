"""Front-end benchmark: text to checked program, and a cold `stridelift check`, timed with pyperf.

Run from the repository root with stridelift installed (``pip install -e '.[dev]'``):

    python bench/bench_parse.py            # about a minute
    python bench/bench_parse.py --fast     # fewer worker processes (pyperf's own option)

In one run it times, each in fresh worker processes as pyperf does:

* ``python -c pass``, the bare interpreter start, for scale;
* a cold ``stridelift check programs/minimal-equipment.stride`` (a new process
  each time, with a warm on-disk cache);
* parsing the generated 5,000-line program (``bench/corpus.py``) to an AST;
* the front end on it: file to checked program (read, parse, includes, check),
  as ``stridelift check`` does it.

Then it prints throughput in KB/s next to the budgets of issue 9: the front end
at least 500 KB/s, a cold check at most 150 ms. It exits 1 when one is missed.
Any of pyperf's options may be given (``--fast``, ``--rigorous``, ``-o file.json``).
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyperf

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.corpus import generate_program  # noqa: E402

TARGET_KBS = 500.0
TARGET_COLD_MS = 150.0
PROGRAM = REPO / "programs" / "minimal-equipment.stride"


def front_end(path: Path) -> Callable[[], object]:
    """File to checked program, as `stridelift check` does it for a file that changed
    since the last check: each run edits the file (a comment at the end), so the parse
    cache never answers, and its write is part of the time."""
    import itertools

    from stridelift.core.check import check_unit
    from stridelift.core.hooks.manager import make_plugin_manager
    from stridelift.core.language.sources import Loader

    plugins = make_plugin_manager(entry_points=False)
    plugins.load_all()
    text = path.read_text(encoding="utf-8")
    edits = itertools.count()

    def run() -> object:
        path.write_text(f"{text}# edit {next(edits)}\n", encoding="utf-8")
        unit = Loader().load(path)
        assert unit.document is not None
        return list(check_unit(unit, plugins))

    return run


def parse_only(text: str) -> Callable[[], object]:
    from stridelift.core.language.parse import parse_text

    def run() -> object:
        result = parse_text(text)
        assert result.document is not None
        return result

    return run


def stridelift_command() -> str | None:
    here = shutil.which("stridelift", path=str(Path(sys.executable).parent))
    return here or shutil.which("stridelift")


def main() -> None:
    # The cold check runs with a cache of its own, warmed by pyperf's warm-up runs;
    # pyperf passes only the variables it is told to on to its workers.
    os.environ.setdefault("STRIDELIFT_CACHE_DIR", tempfile.mkdtemp(prefix="stridelift-bench-"))
    runner = pyperf.Runner()
    runner.argparser.set_defaults(inherit_environ=["STRIDELIFT_CACHE_DIR"])
    runner.metadata["description"] = "stridelift front end"

    folder = Path(tempfile.mkdtemp(prefix="stridelift-bench-corpus-"))
    atexit.register(shutil.rmtree, folder, True)
    text = generate_program(5000)
    big = folder / "generated-5000.stride"
    big.write_text(text, encoding="utf-8")
    size_kb = len(text.encode()) / 1024

    bare = runner.bench_command("python -c pass", [sys.executable, "-c", "pass"])
    script = stridelift_command()
    cold = None
    if script is not None:
        cold = runner.bench_command(
            f"cold stridelift check {PROGRAM.name}", [script, "check", str(PROGRAM)]
        )
    parsed = runner.bench_func("parse: generated 5,000-line program", parse_only(text))
    checked = runner.bench_func("front end: generated 5,000-line program", front_end(big))

    if checked is None or parsed is None or bare is None:
        return  # a worker process: the master prints the summary
    kbs = size_kb / checked.mean()
    print()
    print(f"generated program: {size_kb:.0f} KB, {text.count(chr(10))} lines")
    print(f"python -c pass            {bare.mean() * 1000:8.1f} ms")
    met = kbs >= TARGET_KBS
    if cold is not None:
        cold_ms = cold.mean() * 1000
        met = met and cold_ms <= TARGET_COLD_MS
        print(
            f"cold stridelift check     {cold_ms:8.1f} ms   x{cold.mean() / bare.mean():.2f} "
            f"of the bare start (budget {TARGET_COLD_MS:.0f} ms)"
        )
    else:
        print("cold stridelift check: the `stridelift` command is not installed; skipped")
    print(f"parse only                {size_kb / parsed.mean():8.0f} KB/s")
    print(f"front end (parse + check) {kbs:8.0f} KB/s   (budget >= {TARGET_KBS:.0f} KB/s)")
    print(f"budgets: {'met' if met else 'NOT met'}")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
