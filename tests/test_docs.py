"""The documentation is tested: its examples go through the real checker.

Every fenced block in ``docs/*.md`` (and ``README.md``) whose info string
starts with ``stride`` is an example, written to a file in a fresh project
folder (one holding a ``pyproject.toml``, so includes resolve inside it) and
checked with ``stridelift check --output-format json``:

- ```` ```stride ```` is a complete file, a program or a fragment, and must
  check with no error (warnings and info are fine);
- ```` ```stride file=shared/warmups.stride ```` is the same, saved under that
  path; every other example of the same document can include it;
- ```` ```stride-error E103 ```` must report E103 and no error other than the
  codes it names (several codes may be named: ``stride-error E104 E103``);
- ```` ```text ```` and every other language are not checked.

Failures are reported by document and line (``docs/language.md:212``). The
other tests keep the reference complete: every diagnostic code has a section,
every metric, action target, periodization style, progression and command-line
option is mentioned, and the built-in progressions are quoted as they ship.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from conftest import FENCE, fenced_blocks, invoke

from stridelift.core.check import ASSIGNABLE, METRICS
from stridelift.core.cli.main import commands
from stridelift.core.diagnostics import CODES
from stridelift.core.hooks.manager import Plugins, make_plugin_manager

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LANGUAGE = DOCS / "language.md"
DIAGNOSTICS = DOCS / "diagnostics.md"
CLI_DOC = DOCS / "cli.md"

#: Codes whose cause cannot be written as program text (bytes on disk, a missing
#: file, a pathological nesting depth); their sections show a ```text excerpt.
#: (S011 is fmt catching its own bug: no file can show it while fmt works.)
NOT_WRITABLE = frozenset(
    {"S002", "S003", "S005", "S006", "S007", "S011", "S012", "S013", "S014", "I006", "L001", "L002"}
    | {"C001", "C007", "C010", "W229", "T011"}
)
#: Codes found by the engine, the plugin manager and fmt, not by checking a file: their
#: sections show the message as text.
NOT_FROM_A_FILE = ("P", "X", "F")

_CODE = re.compile(r"[A-Z][0-9]{3}\Z")


def _documents() -> list[Path]:
    found = sorted(DOCS.glob("*.md"))
    readme = ROOT / "README.md"
    if readme.is_file():
        found.append(readme)
    return found


@dataclass(frozen=True)
class Example:
    """One checked code block of a document."""

    source: str  # the document, relative to the repository
    line: int  # the line of the opening fence
    language: str  # "stride" or "stride-error"
    codes: tuple[str, ...]
    file: str | None
    text: str
    problem: str | None = None  # a malformed info string

    @property
    def id(self) -> str:
        return f"{self.source}:{self.line}"

    @property
    def filename(self) -> str:
        return self.file or f"example_{self.line}.stride"


def _parse_blocks(path: Path) -> list[Example]:
    relative = path.relative_to(ROOT).as_posix()
    examples: list[Example] = []
    for block in fenced_blocks(path):
        words = block.info.split()
        # (Test files, ```stride-test, are run by the tests of docs/testing.md below.)
        if words and words[0].startswith("stride") and not words[0].startswith("stride-test"):
            examples.append(_example(relative, block.line, words, block.text))
    return examples


def _example(source: str, line: int, words: list[str], text: str) -> Example:
    language, rest = words[0], words[1:]
    codes: list[str] = []
    file: str | None = None
    problems: list[str] = []
    for word in rest:
        if word.startswith("file="):
            file = word.removeprefix("file=")
            if not file.endswith(".stride") or file.startswith(("/", "..")):
                problems.append(f"file={file} must be a relative path ending in .stride")
        elif _CODE.match(word):
            codes.append(word)
        else:
            problems.append(f"unknown word {word!r} in the info string")
    if language not in ("stride", "stride-error"):
        problems.append(f"unknown example kind {language!r}: use stride or stride-error")
    if language == "stride" and codes:
        problems.append("a ```stride example names no codes; use ```stride-error CODE")
    if language == "stride-error" and not codes:
        problems.append("```stride-error needs the code it demonstrates, e.g. ```stride-error E103")
    unknown = [code for code in codes if code not in CODES]
    if unknown:
        problems.append(f"no such diagnostic code: {', '.join(unknown)}")
    return Example(source, line, language, tuple(codes), file, text, "; ".join(problems) or None)


@cache
def examples() -> tuple[Example, ...]:
    return tuple(example for path in _documents() for example in _parse_blocks(path))


def _describe(diagnostic: dict[str, object]) -> str:
    where = f"{diagnostic['path']}:{diagnostic['line']}:{diagnostic['column']}"
    hint = f" (hint: {diagnostic['hint']})" if diagnostic.get("hint") else ""
    return f"{where}: {diagnostic['code']} {diagnostic['severity']}: {diagnostic['message']}{hint}"


def _check(
    example: Example, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> list[dict[str, object]]:
    """Write the example (and its document's named files) into a project and check it."""
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "docs-examples"\nversion = "0"\n', encoding="utf-8"
    )
    for other in examples():
        if other.source == example.source and other.file and other != example:
            target = folder / other.file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(other.text, encoding="utf-8")
    target = folder / example.filename
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(example.text, encoding="utf-8")
    monkeypatch.chdir(folder)
    result = invoke(
        "check",
        "--output-format",
        "json",
        example.filename,
        env={"STRIDELIFT_DISABLE_ENTRY_POINTS": "1", "NO_COLOR": "1"},
    )
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    payload = json.loads(result.stdout)
    assert payload["plugin_errors"] == []
    diagnostics: list[dict[str, object]] = payload["diagnostics"]
    return diagnostics


# ---------------------------------------------------------------- the examples


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.id)
def test_example(example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert example.problem is None, f"{example.id}: {example.problem}"
    diagnostics = _check(example, tmp_path, monkeypatch)
    listing = "\n".join(_describe(d) for d in diagnostics) or "(no diagnostics)"
    errors = {str(d["code"]) for d in diagnostics if d["severity"] == "error"}
    reported = {str(d["code"]) for d in diagnostics}
    if example.language == "stride":
        assert not errors, f"{example.id}: the example should check without errors:\n{listing}"
    else:
        missing = [code for code in example.codes if code not in reported]
        assert not missing, f"{example.id}: expected {', '.join(missing)}, got:\n{listing}"
        others = sorted(errors - set(example.codes))
        assert not others, (
            f"{example.id}: the example also reports {', '.join(others)}; "
            f"show one problem at a time:\n{listing}"
        )


def test_the_docs_have_examples() -> None:
    sources = {example.source for example in examples()}
    assert "docs/language.md" in sources
    assert "docs/diagnostics.md" in sources


def test_named_example_files_are_unique_per_document() -> None:
    seen: dict[tuple[str, str], Example] = {}
    for example in examples():
        if example.file is None:
            continue
        key = (example.source, example.file)
        assert key not in seen, f"{example.id}: file={example.file} is also used at {seen[key].id}"
        seen[key] = example


# ---------------------------------------------------------------- diagnostics.md


def _sections(text: str) -> dict[str, tuple[str, str]]:
    """Code -> (heading name, section text) for every ``### CODE name`` heading."""
    found: dict[str, tuple[str, str]] = {}
    heads = list(re.finditer(r"^###[ \t]+([A-Z][0-9]{3})\b[ \t]*(.*?)[ \t]*$", text, re.M))
    for head, following in zip(heads, [*heads[1:], None], strict=True):
        end = following.start() if following is not None else len(text)
        next_heading = re.search(r"^#{1,3}[ \t]", text[head.end() : end], re.M)
        if next_heading is not None:
            end = head.end() + next_heading.start()
        assert head[1] not in found, f"diagnostics.md has two sections for {head[1]}"
        found[head[1]] = (head[2], text[head.end() : end])
    return found


def test_every_code_has_a_section_and_every_section_a_code() -> None:
    sections = _sections(DIAGNOSTICS.read_text(encoding="utf-8"))
    missing = sorted(CODES.keys() - sections.keys())
    extra = sorted(sections.keys() - CODES.keys())
    assert not missing, f"docs/diagnostics.md has no `### CODE name` section for {missing}"
    assert not extra, f"docs/diagnostics.md documents codes that do not exist: {extra}"


@pytest.mark.parametrize("code", sorted(CODES))
def test_code_section_names_its_code_severity_and_example(code: str) -> None:
    sections = _sections(DIAGNOSTICS.read_text(encoding="utf-8"))
    if code not in sections:
        pytest.fail(f"docs/diagnostics.md has no section for {code}")
    name, body = sections[code]
    expected = CODES[code]
    assert name == expected.name, f"### {code} should read `### {code} {expected.name}`"
    severity = re.search(r"\*\*Severity:\*\*[ \t]*(\w+)", body)
    assert severity is not None, f"the {code} section does not state its severity"
    assert severity[1] == str(expected.severity), (
        f"{code} is {expected.severity}, the docs say {severity[1]}"
    )
    if code in NOT_WRITABLE or code.startswith(NOT_FROM_A_FILE):
        assert "```text" in body, f"the {code} section needs a ```text example"
    elif code.startswith("C"):
        demo = re.search(rf"^[ \t]*```config-error {code}\b", body, re.M)
        assert demo is not None, f"the {code} section needs a ```config-error {code} example"
    elif code.startswith("L"):
        demo = re.search(rf"^[ \t]*```log-error {code}\b", body, re.M)
        assert demo is not None, f"the {code} section needs a ```log-error {code} example"
    elif code.startswith("T"):
        demo = re.search(rf"^[ \t]*```stride-test-error\b[^\n]*\b{code}\b", body, re.M)
        assert demo is not None, f"the {code} section needs a ```stride-test-error {code} example"
    else:
        demo = re.search(rf"^[ \t]*```stride-error\b[^\n]*\b{code}\b", body, re.M)
        assert demo is not None, f"the {code} section needs a ```stride-error {code} example"


# ---------------------------------------------------------------- language.md


def _mentioned(text: str) -> set[str]:
    """Every word written as code (`word`) in a Markdown text."""
    return set(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", text))


@cache
def _builtins() -> Plugins:
    return make_plugin_manager(entry_points=False)


def test_every_metric_and_action_target_is_documented() -> None:
    mentioned = _mentioned(LANGUAGE.read_text(encoding="utf-8"))
    missing = sorted(name for name in [*METRICS, *ASSIGNABLE] if name not in mentioned)
    assert not missing, f"docs/language.md never mentions {missing}"


def test_every_builtin_style_and_progression_is_documented() -> None:
    mentioned = _mentioned(LANGUAGE.read_text(encoding="utf-8"))
    plugins = _builtins()
    names = [style.name for style in plugins.periodization_styles]
    names += [spec.name for spec in plugins.progressions]
    names += [equipment.name for equipment in plugins.equipment_sets]
    missing = sorted(name for name in names if name not in mentioned)
    assert not missing, f"docs/language.md never mentions the built-in {missing}"


def test_builtin_progressions_are_quoted_as_they_ship() -> None:
    text = LANGUAGE.read_text(encoding="utf-8")
    for spec in _builtins().progressions:
        definition, source = spec.definition, spec.source
        if definition is None or source is None:
            continue
        lines = source.splitlines()[definition.span.line - 1 : definition.end_line]
        quoted = "\n".join(lines)
        assert quoted in text, (
            f"docs/language.md should quote the built-in `{spec.name}` exactly as "
            f"plugins/progressions.stride defines it:\n{quoted}"
        )


def test_the_policy_table_lists_every_setting_with_its_default_and_source() -> None:
    """docs/language.md#policy has a row per ``Policy`` field: its name, its default
    as a program writes it, and the section of the brief the default comes from."""
    from stridelift.core.check.policy import default_text
    from stridelift.core.training.policy import policy_fields

    rows = {
        line.split("|")[1].strip(): line
        for line in LANGUAGE.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `")
    }
    for spec in policy_fields():
        row = rows.get(f"`{spec.name}`")
        assert row is not None, f"docs/language.md#policy has no row for `{spec.name}`"
        cells = [cell.strip() for cell in row.split("|")[1:-1]]
        assert cells[1] == f"`{default_text(spec)}`", f"`{spec.name}`: default {cells[1]}"
        assert spec.source in cells, f"`{spec.name}`: the row does not give {spec.source!r}"


# ---------------------------------------------------------------- cli.md


def test_every_command_and_option_is_documented() -> None:
    text = CLI_DOC.read_text(encoding="utf-8")
    assert "--version" in text
    for name, options in commands().items():
        assert f"stridelift {name}" in text, f"docs/cli.md does not document `stridelift {name}`"
        for option in options:
            assert option in text, f"docs/cli.md does not document `{name} {option}`"


# ---------------------------------------------------------------- links between the pages


def _anchors(text: str) -> set[str]:
    """GitHub's anchors for the headings of a Markdown text (code blocks skipped)."""
    anchors: set[str] = set()
    fenced = False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        heading = None if fenced else re.match(r"#{1,6}[ \t]+(.*?)[ \t]*#*$", line)
        if heading is None:
            continue
        slug = re.sub(r"[^\w\- ]", "", heading[1].lower()).replace(" ", "-")
        anchor, count = slug, 1
        while anchor in anchors:
            anchor, count = f"{slug}-{count}", count + 1
        anchors.add(anchor)
    return anchors


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_links_between_the_pages_resolve(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue  # an external address
        name, _, anchor = target.partition("#")
        linked = page if not name else (page.parent / name)
        if not linked.is_file():
            broken.append(f"{target} (no such file)")
        elif anchor and anchor not in _anchors(linked.read_text(encoding="utf-8")):
            broken.append(f"{target} (no such heading)")
    assert not broken, f"docs/{page.name} has broken links: {broken}"


def _log_examples() -> list[tuple[str, str, str]]:
    """(code, file name, text) of every ```log-error CODE [csv] block of diagnostics.md."""
    found = []
    for block in fenced_blocks(DIAGNOSTICS):
        words = block.info.split()
        if words and words[0] == "log-error":
            name = "log.csv" if words[2:] == ["csv"] else "log.jsonl"
            found.append((words[1], name, block.text))
    return found


@pytest.mark.parametrize(("code", "name", "text"), _log_examples(), ids=lambda v: str(v)[:8])
def test_a_log_example_reports_its_code_and_no_other(code: str, name: str, text: str) -> None:
    """Each log example is read by the real reader, with the real catalog's names,
    and every problem it finds carries the code of its section."""
    from stridelift.core.hooks.manager import make_plugin_manager
    from stridelift.core.logs import parse_log

    exercises = make_plugin_manager(entry_points=False).exercises.names()
    problems = parse_log(text, name, exercises=exercises).problems
    assert problems, f"the {code} example is read without a problem"
    assert {p.code for p in problems} == {code}, [str(p) for p in problems]


# ---------------------------------------------------------------- program tests (testing.md)

TESTING = DOCS / "testing.md"


def _test_project(folder: Path) -> None:
    """A project folder as the test-file examples expect: a pyproject.toml, and a copy of
    the shipped programs, their logs and shared fragments under ``programs/``."""
    import shutil

    (folder / "pyproject.toml").write_text(
        '[project]\nname = "docs-examples"\nversion = "0"\n', encoding="utf-8"
    )
    shutil.copytree(ROOT / "programs", folder / "programs")


def _test_file_blocks() -> list[tuple[str, int, list[str], str]]:
    """(document, line, info words, text) of every ```stride-test block of the docs."""
    found = []
    for path in _documents():
        for block in fenced_blocks(path):
            words = block.info.split()
            if words and words[0].startswith("stride-test"):
                found.append((path.relative_to(ROOT).as_posix(), block.line, words, block.text))
    return found


@pytest.mark.parametrize(
    ("source", "line", "words", "text"),
    [pytest.param(*block, id=f"{block[0]}:{block[1]}") for block in _test_file_blocks()],
)
def test_every_test_file_example_reads_as_it_says(
    source: str, line: int, words: list[str], text: str
) -> None:
    """A ```stride-test example parses with no error; a ```stride-test-error one names
    real codes."""
    from stridelift.core.testing.parse import parse_suite

    kind, rest = words[0], words[1:]
    assert kind in ("stride-test", "stride-test-error"), f"{source}:{line}: unknown kind {kind}"
    parsed = parse_suite(text, "example.stride-test")
    if kind == "stride-test":
        errors = [f"{d.code}: {d.message}" for d in parsed.diagnostics if d.severity >= 3]
        assert not errors, f"{source}:{line}: {errors}"
        assert all(w.startswith("file=") and w.endswith(".stride-test") for w in rest), (
            f"{source}:{line}: a ```stride-test example takes only file=NAME.stride-test"
        )
    else:
        assert rest and all(w in CODES and w.startswith("T") for w in rest), (
            f"{source}:{line}: name the T codes the example reports"
        )


def _test_error_examples() -> list[object]:
    return [
        pytest.param(words[1:], text, id=f"{source}:{line}")
        for source, line, words, text in _test_file_blocks()
        if words[0].endswith("error")
    ]


@pytest.mark.parametrize(("codes", "text"), _test_error_examples())
def test_a_test_file_example_reports_its_codes_and_no_other(
    codes: list[str], text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each ```stride-test-error example of diagnostics.md, run as a test file beside a copy
    of the shipped programs, reports its codes: as findings, or as a failed (T001) or
    not-run (T002) case. T002 may come with any problem that keeps a test from running."""
    from stridelift.core.hooks.manager import make_plugin_manager
    from stridelift.core.testing.results import Outcome
    from stridelift.core.testing.runner import run_file

    _test_project(tmp_path)
    (tmp_path / "example.stride-test").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_file("example.stride-test", plugins=make_plugin_manager(entry_points=False))
    reported = {d.code for d in result.findings}
    reported |= {"T001" for c in result.cases if c.outcome is Outcome.FAILED}
    reported |= {"T002" for c in result.cases if c.outcome is Outcome.ERROR}
    missing = [code for code in codes if code not in reported]
    assert not missing, f"expected {missing}, got {sorted(reported)}"
    errors = {d.code for d in result.findings if d.severity >= 3} | (reported & {"T001", "T002"})
    others = sorted(errors - set(codes) - {"T002"})
    assert not others, f"the example also reports {others}"


def test_the_testing_guide_prints_what_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every ```console block of docs/testing.md, run in a project holding the guide's
    named files and the shipped programs, prints exactly what it shows."""
    import shlex

    blocks = fenced_blocks(TESTING)
    _test_project(tmp_path)
    for block in blocks:
        for word in block.info.split()[1:]:
            if word.startswith("file="):
                target = tmp_path / word.removeprefix("file=")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(block.text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    consoles = [b for b in blocks if b.info == "console"]
    assert len(consoles) >= 4
    for block in consoles:
        command, _, shown = block.text.partition("\n")
        assert command.startswith("$ stridelift test"), f"docs/testing.md:{block.line}"
        result = invoke(*shlex.split(command)[2:], env={"NO_COLOR": "1"})
        assert result.exit_code in (0, 1), result.stderr
        assert result.stdout == shown, f"docs/testing.md:{block.line}:\n{result.stdout}"
