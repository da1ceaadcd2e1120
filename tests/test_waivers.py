"""Waivers: `# stride: ignore[CODE] reason` comments accept one finding where it is;
a waiver without a reason, one that waives nothing, one with a bad code and a
`# stride:` comment that is not a waiver are findings themselves. Real files, the
real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import CLI_ENV, PROGRAMS, invoke, write

from stridelift.core.check.waivers import comment_column, read_waivers

#: W211 at 4:9, W214 at 5:12, W212 at 6:11, W215 at 7:36 (W202 at 9:11).
PROGRAM = """\
program "Waivers" {
  units kg
  equipment kettlebell 12kg 16kg 20kg
  weeks 8
  schedule tue: A
  session A {
    main goblet_squat 3 x 8 @ 12kg rir 6
  }
}
"""


def _check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, *args: str
) -> list[tuple[str, int, int, str]]:
    """(code, line, column, message) of every finding `check` reports for ``text``."""
    write(tmp_path, "pyproject.toml", '[project]\nname = "team"\n')
    write(tmp_path, "p.stride", text)
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "--output-format", "json", "p.stride", *args, env=CLI_ENV)
    assert result.exit_code in (0, 1), result.stderr
    return [
        (d["code"], d["line"], d["column"], d["message"])
        for d in json.loads(result.stdout)["diagnostics"]
    ]


def _codes(found: list[tuple[str, int, int, str]]) -> list[str]:
    return [code for code, *_ in found]


def _with(line: int, comment: str, text: str = PROGRAM) -> str:
    """``text`` with ``comment`` at the end of line ``line``."""
    lines = text.splitlines(keepends=True)
    lines[line - 1] = lines[line - 1].rstrip("\n") + "  " + comment + "\n"
    return "".join(lines)


def test_the_program_has_its_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _codes(_check(tmp_path, monkeypatch, PROGRAM)) == ["W211", "W214", "W212", "W215"]


def test_a_trailing_waiver_with_a_reason_waives_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _with(7, "# stride: ignore[W215] first weeks back after a calf strain")
    assert _codes(_check(tmp_path, monkeypatch, text)) == ["W211", "W214", "W212"]


def test_one_waiver_may_name_several_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _with(5, "# stride: ignore[W211,W214] a short block: the race is in 8 weeks")
    assert _codes(_check(tmp_path, monkeypatch, text)) == ["W211", "W231", "W212", "W215"]
    # W214 is waived at line 5, where it points; W211 points at line 4: the waiver
    # covers only its own line, and says so at the code
    found = _check(tmp_path, monkeypatch, text)
    assert ("W231", 5, 37, "W211 is not reported on line 5: the waiver waives nothing") in found


def test_a_waiver_on_its_own_line_waives_the_next_line_that_holds_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = PROGRAM.replace(
        "  session A {\n",
        "  # stride: ignore[W212] the easy run before the session is the warm-up\n"
        "\n  # (the runner does 15 minutes easy first)\n  session A {\n",
    )
    assert _codes(_check(tmp_path, monkeypatch, text)) == ["W211", "W214", "W215"]


def test_ignore_file_waives_the_whole_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = PROGRAM + "# stride: ignore-file[W214, W215] calves and effort are the track's job\n"
    assert _codes(_check(tmp_path, monkeypatch, text)) == ["W211", "W212"]


def test_a_waived_finding_does_not_fail_the_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = PROGRAM + "# stride: ignore-file[W211, W212, W214, W215] a deliberate first block\n"
    assert _check(tmp_path, monkeypatch, text) == []
    result = invoke("check", "p.stride", "--fail-on", "info", env=CLI_ENV)
    assert result.exit_code == 0, result.stdout


def test_a_waiver_without_a_reason_still_waives_and_is_w230(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for comment in ("# stride: ignore[W215]", "# stride: ignore[W215] --", "#stride:ignore[W215]:"):
        found = _check(tmp_path, monkeypatch, _with(7, comment))
        assert _codes(found) == ["W211", "W214", "W212", "W230"], comment
        (w230,) = [f for f in found if f[0] == "W230"]
        assert w230[1:3] == (7, 43)


def test_an_unused_waiver_is_w231_at_its_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _with(7, "# stride: ignore[W215, W201] first weeks back")
    found = _check(tmp_path, monkeypatch, text)
    assert _codes(found) == ["W211", "W214", "W212", "W231"]
    assert found[-1] == ("W231", 7, 66, "W201 is not reported on line 7: the waiver waives nothing")
    file_level = _check(
        tmp_path, monkeypatch, PROGRAM + "# stride: ignore-file[W209] long sessions\n"
    )
    assert ("W231", 10, 23, "W209 is not reported in this file: the waiver waives nothing") in (
        file_level
    )


def test_a_waiver_for_a_rule_turned_off_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _with(7, "# stride: ignore[W215] first weeks back")
    assert "W231" in _codes(_check(tmp_path, monkeypatch, text, "--lint", "W215=off"))
    # off by the selection: the waiver is not unused, only idle
    assert "W231" not in _codes(_check(tmp_path, monkeypatch, text, "--ignore", "W215"))


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("W2155", "no finding has the code W2155"),
        ("W299", "no finding has the code W299"),
        ("E103", "E103 (load-not-available) is an error, and errors cannot be waived"),
        ("W231", "W231 is about waivers and cannot itself be waived"),
        ("w215", "`w215` is not a code"),
        ("far-from-failure", "`far-from-failure` is not a code"),
    ],
)
def test_a_bad_code_is_w232_and_waives_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str, words: str
) -> None:
    found = _check(tmp_path, monkeypatch, _with(7, f"# stride: ignore[{code}] first weeks back"))
    (w232,) = [f for f in found if f[0] == "W232"]
    assert w232[1:3] == (7, 60)
    assert words in w232[3]
    assert "W215" in _codes(found)  # still reported


def test_an_unknown_code_gets_the_closest_waivable_ones() -> None:
    from stridelift.core.check.waivers import Waivers

    waivers = Waivers(lint_codes={"W211", "W215", "P304"})
    waivers.read({"p.stride": ["# stride: ignore-file[W229, W299] why"]})
    hints = {d.message: d.hint for d in waivers.problems}
    assert hints["W229 (invalid-lint-setting) is an error, and errors cannot be waived"]
    # W229 is an error: not offered
    assert hints["no finding has the code W299"] == "did you mean `W209` or `W219`?"


def test_an_error_cannot_be_waived(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _with(7, "# stride: ignore[E103, W215] the 14kg bell is on order").replace(
        "@ 12kg rir 6", "@ 14kg rir 6"
    )
    found = _check(tmp_path, monkeypatch, text)
    assert "E103" in _codes(found)
    assert "W232" in _codes(found)
    assert "W215" not in _codes(found)  # the valid code of the waiver still waives


@pytest.mark.parametrize(
    ("comment", "words"),
    [
        ("# stride: ignor[W215] typo", "`ignor` is not a waiver stridelift knows; did you mean"),
        ("# stride: ignore W215 no brackets", "`ignore` needs the codes it waives in brackets"),
        ("# stride: ignore[] nothing", "this waiver names no code"),
        ("# stride: noqa", "`noqa` is not a waiver stridelift knows"),
    ],
)
def test_a_stride_comment_that_is_not_a_waiver_is_w233(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, comment: str, words: str
) -> None:
    found = _check(tmp_path, monkeypatch, _with(7, comment))
    (w233,) = [f for f in found if f[0] == "W233"]
    assert w233[1:3] == (7, 43) and words in w233[3]
    assert "W215" in _codes(found)


def test_a_waiver_in_a_string_is_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = PROGRAM.replace(
        "@ 12kg rir 6", '@ 12kg rir 6 cue "sit back \\" # stride: ignore[W215] not a comment"'
    )
    assert _codes(_check(tmp_path, monkeypatch, text)) == ["W211", "W214", "W212", "W215"]
    # after the string, a real one
    waived = text.replace('comment"', 'comment"  # stride: ignore[W215] first weeks back')
    assert _codes(_check(tmp_path, monkeypatch, waived)) == ["W211", "W214", "W212"]


def test_comment_column_skips_strings() -> None:
    assert comment_column('  cue "a # b" # c') == 14
    assert comment_column('  cue "a \\" # b"') == -1
    assert comment_column("# top") == 0
    assert comment_column("  main x 3 x 8") == -1


def test_waivers_cannot_waive_their_own_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _with(7, "# stride: ignore[W215]") + "# stride: ignore-file[W230] lazy\n"
    found = _check(tmp_path, monkeypatch, text)
    assert "W230" in _codes(found)
    assert ("W232", 10, 23) in [f[:3] for f in found]


def test_the_selection_applies_to_the_waiver_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _with(7, "# stride: ignore[W215]")
    assert "W230" not in _codes(_check(tmp_path, monkeypatch, text, "--ignore", "W230"))
    assert _codes(_check(tmp_path, monkeypatch, text, "--select", "W23")) == ["W230"]


def test_no_unused_waiver_in_a_program_with_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With an error, rules that estimate stay quiet: an idle waiver is not unused."""
    text = _with(7, "# stride: ignore[W215] first weeks back").replace("@ 12kg", "@ 14kg")
    assert "W231" not in _codes(_check(tmp_path, monkeypatch, text))
    broken = _with(5, "# stride: ignore[W214] track days") + "session {\n"
    assert "W231" not in _codes(_check(tmp_path, monkeypatch, broken))


def test_a_waiver_in_a_fragment_covers_the_fragment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path,
        "shared.stride",
        "# stride: ignore[W212] the run before it is the warm-up\nsession C {\n"
        "  main kettlebell_swing 3 x 10 @ 16kg rpe 7\n}\n",
    )
    text = PROGRAM.replace("schedule tue: A", "schedule tue: A, fri: C").replace(
        "  session A {", '  include "shared.stride"\n  session A {'
    )
    found = _check(tmp_path, monkeypatch, text)
    assert [f[0] for f in found].count("W212") == 1  # A's, in p.stride; C's is waived
    result = invoke("check", "--output-format", "json", env=CLI_ENV)  # the fragment alone too
    paths = {(d["path"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert ("shared.stride", "W212") not in paths
    assert ("shared.stride", "W231") not in paths


def test_read_waivers_gives_the_line_each_covers() -> None:
    lines = [
        "# stride: ignore-file[W214] a",
        "session A {  # stride: ignore[W212] b",
        "  # stride: ignore[W215] c",
        "",
        "  # a comment",
        "  main goblet_squat 3 x 8 @ 12kg rir 6",
        "}",
        "# stride: ignore[W201] nothing follows",
    ]
    waivers, problems = read_waivers("p.stride", lines)
    assert problems == []
    assert [(w.line, [c for c, _ in w.codes], w.reason) for w in waivers] == [
        (None, ["W214"], "a"),
        (2, ["W212"], "b"),
        (6, ["W215"], "c"),
        (8, ["W201"], "nothing follows"),
    ]


# ---------------------------------------------------------------- plan warnings


def _minimal(folder: Path, edit: tuple[str, str] | None = None) -> None:
    write(folder, "pyproject.toml", '[project]\nname = "team"\n')
    text = (PROGRAMS / "minimal-equipment.stride").read_text(encoding="utf-8")
    if edit is not None:
        assert edit[0] in text
        text = text.replace(*edit)
    write(folder, "p.stride", text)
    shutil.copytree(PROGRAMS / "shared", folder / "shared", dirs_exist_ok=True)
    shutil.copy(PROGRAMS / "logs" / "minimal-equipment.jsonl", folder / "log.jsonl")


def _plan(monkeypatch: pytest.MonkeyPatch, folder: Path) -> list[tuple[str, str | None]]:
    monkeypatch.chdir(folder)
    result = invoke("plan", "p.stride", "--log", "log.jsonl", "--output-format", "json")
    assert result.exit_code == 0, result.stderr
    return [(w["code"], w["session"]) for w in json.loads(result.stdout)["plan"]["warnings"]]


def test_a_waiver_on_a_sessions_line_covers_its_plan_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _minimal(tmp_path)
    assert _plan(monkeypatch, tmp_path) == [("P301", "A"), ("P309", None)]
    line = '  session A "Squat and swing" {'
    _minimal(tmp_path, (line, line + "  # stride: ignore[P301] the quality run is easy this block"))
    assert _plan(monkeypatch, tmp_path) == [("P309", None)]
    # check knows the code but never reports it: not an unused waiver
    result = invoke("check", "p.stride", "--output-format", "json", env=CLI_ENV)
    assert "W231" not in {d["code"] for d in json.loads(result.stdout)["diagnostics"]}


def test_ignore_file_covers_the_weeks_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = '  session A "Squat and swing" {'
    waiver = "# stride: ignore-file[P309] shown in the weekly report instead\n"
    _minimal(tmp_path, (line, waiver + line))
    assert _plan(monkeypatch, tmp_path) == [("P301", "A")]


def test_fmt_keeps_each_waiver_on_the_line_it_covers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _with(
        6, "# stride: ignore[W212] the run is the warm-up", _with(7, "# stride: ignore[W215] back")
    )
    text = text.replace("  # stride:", " # stride:")  # not in fmt's layout yet
    before = _check(tmp_path, monkeypatch, text)
    formatted = invoke("fmt", "p.stride", env=CLI_ENV)
    assert formatted.exit_code == 0, formatted.stderr
    assert (tmp_path / "p.stride").read_text(encoding="utf-8") != text
    assert _check(tmp_path, monkeypatch, (tmp_path / "p.stride").read_text(encoding="utf-8")) == (
        before
    )
    assert _codes(before) == ["W211", "W214"]
