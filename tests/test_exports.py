"""``stridelift export``: every built-in format, read back by its real reader.

Golden files in ``tests/golden/exports/`` pin each format's bytes for one shipped
program and log (the HTML report's with its charts' SVG masked: those bytes are
matplotlib's, and a test below checks they are the same on every run).
Regenerate them with ``STRIDELIFT_UPDATE_GOLDEN=1 python -m pytest
tests/test_exports.py`` when the plan is meant to change, and review the diff.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, fenced_blocks, invoke

from stridelift.core.hooks.records import Exporter, ExportFile, ExportOption, RecordError
from stridelift.core.schemas import validator

GOLDEN = REPO / "tests" / "golden" / "exports"
UPDATE = os.environ.get("STRIDELIFT_UPDATE_GOLDEN") == "1"
PROGRAM = "programs/minimal-equipment.stride"
LOG = "programs/logs/minimal-equipment.jsonl"
WEEKS = "9-10"
SANDBAG = REPO / "tests" / "fixtures" / "plugins" / "stridelift-sandbag"
ENV = {"STRIDELIFT_DISABLE_ENTRY_POINTS": "1", "NO_COLOR": "1"}


@pytest.fixture(autouse=True)
def _at_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def export(tmp_path: Path, fmt: str, *args: str, program: str = PROGRAM, log: str = LOG) -> Path:
    """Run the export into a fresh folder; the folder (many files) or the one file."""
    out = tmp_path / f"out-{fmt}"
    out.mkdir()
    result = invoke(
        "export", program, "--log", log, "--format", fmt, "--weeks", WEEKS, "-o", f"{out}/",
        *args, env=ENV,
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout + result.stderr
    files = sorted(out.iterdir())
    return out if len(files) > 1 or fmt == "fit" else files[0]


def golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"no golden file {path}; run with STRIDELIFT_UPDATE_GOLDEN=1"
    assert data == path.read_bytes(), f"{name} differs from its golden file"


def _mask_svg(text: str) -> str:
    return re.sub(r"<svg.*?</svg>", "<svg/>", text, flags=re.S)


# ---------------------------------------------------------------- goldens


@pytest.mark.parametrize(
    ("fmt", "args", "name"),
    [
        ("markdown", (), "minimal-equipment.md"),
        ("json", (), "minimal-equipment.json"),
        ("csv", (), "minimal-equipment.csv"),
        ("ics", (), "minimal-equipment.ics"),
        ("ics", ("--option", "time=07:30", "--option", "duration=45"), "timed-utc.ics"),
    ],
)
def test_each_format_matches_its_golden_file(
    tmp_path: Path, fmt: str, args: tuple[str, ...], name: str
) -> None:
    golden(name, export(tmp_path, fmt, *args).read_bytes())


def test_fit_files_match_their_golden_files(tmp_path: Path) -> None:
    folder = export(tmp_path, "fit")
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "minimal-equipment-w09-a.fit",
        "minimal-equipment-w09-b.fit",
        "minimal-equipment-w10-a.fit",
        "minimal-equipment-w10-b.fit",
    ]
    for name in names:
        golden(f"fit/{name}", (folder / name).read_bytes())


def test_the_html_report_matches_its_golden_file_and_its_charts_are_the_same_bytes(
    tmp_path: Path,
) -> None:
    first = export(tmp_path / "a", "html") if (tmp_path / "a").mkdir() is None else None
    second = export(tmp_path / "b", "html") if (tmp_path / "b").mkdir() is None else None
    assert first is not None and second is not None
    assert first.read_bytes() == second.read_bytes(), "two runs drew different bytes"
    text = first.read_text(encoding="utf-8")
    golden("minimal-equipment.html", _mask_svg(text).encode("utf-8"))


# ---------------------------------------------------------------- read back by their readers


def test_json_validates_against_the_shipped_schema(tmp_path: Path) -> None:
    payload = json.loads(export(tmp_path, "json").read_text(encoding="utf-8"))
    check = validator("export.schema.json")
    assert [e.message for e in check.iter_errors(payload)] == []
    assert [w["week"] for w in payload["weeks"]] == [9, 10]
    broken = {**payload, "weeks": [{**payload["weeks"][0], "sessions": "A"}]}
    assert list(check.iter_errors(broken)), "the schema should refuse a week without sessions"


def test_csv_has_one_row_per_prescribed_set(tmp_path: Path) -> None:
    data = export(tmp_path, "csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    plan = json.loads(export(tmp_path, "json").read_text(encoding="utf-8"))
    expected = sum(
        e["sets"]
        for w in plan["weeks"]
        for s in w["sessions"]
        if s["date"]
        for e in s["exercises"]
        if e["omitted"] is None
    )
    assert len(rows) == expected
    squat = [r for r in rows if r["week"] == "9" and r["exercise"] == "goblet_squat"]
    assert [r["set"] for r in squat] == ["1", "2", "3"]
    assert {(r["amount"], r["load"], r["load_unit"], r["rest_s"]) for r in squat} == {
        ("8", "24", "kg", "90")
    }
    assert squat[0]["date"] == "2026-03-03" and squat[0]["day"] == "tue"


def test_csv_delimiter_option(tmp_path: Path) -> None:
    data = export(tmp_path, "csv", "--option", "delimiter=semicolon").read_text(
        encoding="utf-8-sig"
    )
    rows = list(csv.DictReader(io.StringIO(data), delimiter=";"))
    assert rows and rows[0]["week"] == "9"


def _events(path: Path) -> list[Any]:
    import icalendar

    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def test_ics_has_an_all_day_event_per_session_on_its_date(tmp_path: Path) -> None:
    events = _events(export(tmp_path, "ics"))
    plan = json.loads(export(tmp_path, "json").read_text(encoding="utf-8"))
    sessions = [
        (s["date"], s["session"]) for w in plan["weeks"] for s in w["sessions"] if s["date"]
    ]
    assert len(events) == len(sessions) == 4
    for event, (date, name) in zip(events, sessions, strict=True):
        start = event.decoded("dtstart")
        assert type(start) is dt.date and start.isoformat() == date
        assert event.decoded("dtend") - start == dt.timedelta(days=1)
        assert str(event["summary"]).startswith(f"Session {name}")
        assert event.decoded("dtstamp") == dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    assert "goblet_squat 3 x 8 @ 24kg rpe 7 tempo 3-0-1-0 rest 90s" in str(events[0]["description"])
    assert len({str(e["uid"]) for e in events}) == 4


def test_ics_timed_in_a_time_zone(tmp_path: Path) -> None:
    import icalendar

    path = export(tmp_path, "ics", "--option", "time=18:15", "--option", "zone=Europe/Oslo")
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    event = next(iter(calendar.walk("VEVENT")))
    start = event.decoded("dtstart")
    assert start.isoformat() == "2026-03-03T18:15:00+01:00"
    assert str(start.tzinfo) == "Europe/Oslo"
    # As long as the program's estimate of session A (the time budget's estimate),
    # rounded up to 5 minutes; --option duration says otherwise.
    from stridelift.core.check import check_path
    from stridelift.core.hooks.manager import make_plugin_manager
    from stridelift.core.training.session_time import session_minutes

    plugins = make_plugin_manager(entry_points=False)
    checked = check_path(REPO / PROGRAM, plugins).checked
    assert checked is not None
    estimate = session_minutes(checked.sessions["A"], checked.exercise)
    assert event.decoded("dtend") - start == dt.timedelta(minutes=math.ceil(estimate / 5) * 5)
    (tmp_path / "fixed").mkdir()
    fixed = export(tmp_path / "fixed", "ics", "--option", "time=18:15", "--option", "duration=50")
    event = next(iter(icalendar.Calendar.from_ical(fixed.read_bytes()).walk("VEVENT")))
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=50)


def test_ics_uids_stay_when_the_plan_changes(tmp_path: Path) -> None:
    before = _events(export(tmp_path / "x", "ics")) if (tmp_path / "x").mkdir() is None else []
    edited = tmp_path / "minimal-equipment.stride"
    text = (REPO / PROGRAM).read_text(encoding="utf-8")
    edited.write_text(text.replace("3 x 8 @ 16kg", "4 x 8 @ 16kg", 1), encoding="utf-8")
    for included in (REPO / "programs" / "shared").iterdir():
        (tmp_path / "shared").mkdir(exist_ok=True)
        (tmp_path / "shared" / included.name).write_bytes(included.read_bytes())
    (tmp_path / "y").mkdir()
    after = _events(export(tmp_path / "y", "ics", program=str(edited)))
    assert [str(e["uid"]) for e in before] == [str(e["uid"]) for e in after]
    assert [str(e["description"]) for e in before] != [str(e["description"]) for e in after]


def _decoded(path: Path) -> dict[str, list[dict[str, Any]]]:
    from garmin_fit_sdk import Decoder, Stream

    decoder = Decoder(Stream.from_byte_array(bytearray(path.read_bytes())))
    assert decoder.is_fit() and decoder.check_integrity()
    decoder = Decoder(Stream.from_byte_array(bytearray(path.read_bytes())))
    messages, errors = decoder.read()
    assert errors == [], errors
    return messages  # type: ignore[no-any-return]


def _fit_name(category: str, number: int) -> str:
    from garmin_fit_sdk import Profile

    return str(Profile["types"][f"{category}_exercise_name"][number])


def test_fit_workouts_decode_with_garmins_sdk_and_hold_the_expected_steps(
    tmp_path: Path,
) -> None:
    folder = export(tmp_path, "fit")
    messages = _decoded(folder / "minimal-equipment-w09-a.fit")
    (file_id,) = messages["file_id_mesgs"]
    assert file_id["type"] == "workout"
    (workout,) = messages["workout_mesgs"]
    assert (workout["sport"], workout["sub_sport"]) == ("training", "strength_training")
    assert workout["wkt_name"] == "W9 A Squat and swing"
    steps = messages["workout_step_mesgs"]
    assert workout["num_valid_steps"] == len(steps)
    # goblet_squat 3 x 8 @ 24kg rest 90s: the set, its rest, repeated three times.
    (at,) = [i for i, s in enumerate(steps) if s.get("wkt_step_name") == "Goblet squat"]
    squat, rest, repeat = steps[at : at + 3]
    assert (squat["duration_type"], squat["duration_reps"]) == ("reps", 8)
    assert squat["exercise_weight"] == 24 and squat["weight_display_unit"] == "kilogram"
    assert squat["exercise_category"] == "squat"
    assert _fit_name("squat", squat["exercise_name"]) == "goblet_squat"
    assert squat["intensity"] == "active"
    assert (rest["intensity"], rest["duration_type"], rest["duration_time"]) == ("rest", "time", 90)
    assert repeat["duration_type"] == "repeat_until_steps_cmplt"
    assert (repeat["duration_step"], repeat["repeat_steps"]) == (at, 3)
    # A timed line: hip_flexor_stretch 2 x 30s per side, a warm-up step.
    stretch = next(s for s in steps if s.get("wkt_step_name") == "Hip flexor stretch per side")
    assert (stretch["duration_type"], stretch["duration_time"]) == ("time", 30)
    assert stretch["intensity"] == "warmup"


def test_fit_superset_is_one_repeat_of_its_members(tmp_path: Path) -> None:
    steps = _decoded(export(tmp_path, "fit") / "minimal-equipment-w09-a.fit")["workout_step_mesgs"]
    names = [s.get("wkt_step_name") for s in steps]
    at = names.index("Bulgarian split squat per side")
    assert names[at + 1] == "Band lateral walk per side"
    rest, repeat = steps[at + 2], steps[at + 3]
    assert (rest["intensity"], rest["duration_time"]) == ("rest", 45)
    assert (repeat["duration_step"], repeat["repeat_steps"]) == (at, 3)


def test_fit_weights_are_kilograms_shown_in_pounds(tmp_path: Path) -> None:
    folder = tmp_path / "lb"
    result = invoke(
        "export", "programs/barbell-gym-lb.stride", "--log", "programs/logs/barbell-gym-lb.csv",
        "--format", "fit", "-o", str(folder), env=ENV,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    steps = [
        step
        for path in sorted(folder.iterdir())
        for step in _decoded(path)["workout_step_mesgs"]
        if step.get("exercise_weight")
    ]
    assert steps
    squat = next(s for s in steps if s["wkt_step_name"] == "Front squat")
    assert squat["weight_display_unit"] == "pound"
    assert squat["exercise_weight"] == pytest.approx(110 * 0.45359237, abs=0.01)


def test_an_exercise_without_a_fit_name_falls_back_to_its_pattern(tmp_path: Path) -> None:
    from stridelift.core.hooks.manager import make_plugin_manager
    from stridelift.plugins.exporters.fit import fit_name
    from stridelift.plugins.exporters.fit_catalog import CATALOG

    plugins = make_plugin_manager(entry_points=False)
    context: Any = type("Context", (), {"plugins": plugins})()
    nordic = fit_name("nordic_hamstring_curl", context)
    assert (nordic.source, nordic.exercise) == ("mapped", None)
    copenhagen = fit_name("copenhagen_plank", context)
    assert copenhagen.exercise is None
    # Every catalog exercise has a mapping, and every name is the FIT profile's.
    assert {f.name for f in CATALOG} == {e.name for e in plugins.exercises}
    for mapping in CATALOG:
        if mapping.exercise is not None:
            assert fit_name(mapping.name, context).exercise is not None, mapping
    unknown = fit_name("not_in_the_catalog", context)
    assert unknown.source == "unknown"


# ---------------------------------------------------------------- the command


def _run(*args: str) -> Any:
    return invoke("export", PROGRAM, "--log", LOG, *args, env=ENV)


def test_a_one_file_format_without_o_goes_to_standard_output() -> None:
    result = _run("--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Runner strength: minimal equipment\n")
    assert "## Week 9 of 12: build" in result.stdout  # the next week, as plan plans


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--format", "pdf"), "--format 'pdf' is not an export format"),
        (("--format", "markdwon"), "did you mean markdown?"),
        (("--format", "ics", "--option", "time=7"), "is not a time of day"),
        (("--format", "ics", "--option", "zone=Mars/Olympus"), "is not an IANA time zone"),
        (("--format", "ics", "--option", "colour=red"), "has no option 'colour'"),
        (("--format", "ics", "--option", "time"), "is not NAME=VALUE"),
        (("--format", "csv", "--weeks", "0-3"), "weeks count from 1"),
        (("--format", "csv", "--weeks", "11-13"), "the program has 12 weeks"),
        (("--format", "csv", "--weeks", "many"), "is not a range of weeks"),
        (("--format", "fit"), "pass -o DIR"),
        (("--format", "csv", "-o", PROGRAM), "an input of this run"),
    ],
)
def test_usage_problems_exit_2_with_a_message(args: tuple[str, ...], said: str) -> None:
    result = _run(*args)
    assert result.exit_code == 2, result.stderr
    assert said in result.stderr
    assert "Traceback" not in result.stderr


def test_a_program_with_errors_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.stride"
    bad.write_text('program "x" {\n  session A { main gobelt_squat 3 x 8 }\n}\n')
    out = tmp_path / "out.md"
    result = invoke("export", str(bad), "--start", "2026-01-05", "--format", "markdown",
                    "-o", str(out), env=ENV)  # fmt: skip
    assert result.exit_code == 1 and "E101" in result.stderr
    assert not out.exists()


def test_weeks_all_and_open_ranges(tmp_path: Path) -> None:
    for spec, weeks in (("all", list(range(1, 13))), ("11-", [11, 12]), ("3", [3])):
        result = _run("--format", "json", "--weeks", spec)
        assert result.exit_code == 0, result.stderr
        assert [w["week"] for w in json.loads(result.stdout)["weeks"]] == weeks


def test_output_is_written_atomically_and_replaced_on_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    out.write_text("old")
    assert _run("--format", "markdown", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Runner strength")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]  # no temporary file left


def test_a_missing_optional_library_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> Any:
        return None if name == "matplotlib" else real(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    result = _run("--format", "html")
    assert result.exit_code == 2
    assert "the html format needs matplotlib, which is not installed" in result.stderr
    assert "pip install 'stridelift[html]'" in result.stderr


def test_without_matplotlib_ics_and_fit_still_export(tmp_path: Path) -> None:
    """A user without the html extra: the other formats never touch matplotlib."""
    script = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "from stridelift.core.cli.main import main\n"
        "main(sys.argv[1:])\n"
    )
    for fmt, code in (("ics", 0), ("fit", 0), ("html", 2)):
        done = subprocess.run(
            [sys.executable, "-c", script, "export", PROGRAM, "--log", LOG, "--format", fmt,
             "-o", str(tmp_path / fmt) + "/"],
            capture_output=True, text=True, cwd=REPO, env={**os.environ, **ENV}, timeout=300,
        )  # fmt: skip
        assert done.returncode == code, fmt + done.stderr
    assert "pip install 'stridelift[html]'" in done.stderr


def test_check_never_imports_an_exporter_or_its_library() -> None:
    script = (
        "import sys\n"
        "from stridelift.core.cli.main import main\n"
        "try:\n    main(['check', sys.argv[1]])\n"
        "except SystemExit:\n    pass\n"
        "heavy = ('matplotlib', 'icalendar', 'fit_tool', 'numpy',"
        " 'stridelift.core.output.exports', 'stridelift.core.engine',"
        " 'stridelift.plugins.exporters.fit', 'stridelift.plugins.exporters.html')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, PROGRAM],
        capture_output=True, text=True, cwd=REPO, env={**os.environ, **ENV}, timeout=120,
    )  # fmt: skip
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


# ---------------------------------------------------------------- plugins


def test_the_plugins_listing_shows_the_exporters() -> None:
    text = invoke("plugins", "--all", env=ENV).stdout
    assert "exporters (6): csv, fit, html, ics, json, markdown" in text
    listed = json.loads(invoke("plugins", "--all", "--output-format", "json", env=ENV).stdout)
    (builtin,) = [p for p in listed["plugins"] if p["name"] == "exporters"]
    formats = {e["name"]: e for e in builtin["exporters"]}
    assert formats["fit"]["many"] is True and formats["fit"]["extension"] == "fit"
    assert formats["ics"]["install"].startswith("pip install 'stridelift[ics]'")
    assert [o["name"] for o in formats["ics"]["options"]] == ["time", "zone", "duration"]


@pytest.fixture
def with_sandbag(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The sample third-party plugin, loaded as if installed."""
    monkeypatch.syspath_prepend(str(SANDBAG))
    import stridelift_sandbag

    from stridelift.core.cli import inputs
    from stridelift.core.hooks.manager import make_plugin_manager

    monkeypatch.setattr(
        inputs,
        "plugins_for_command",
        lambda strict: make_plugin_manager(entry_points=False, extra=[stridelift_sandbag]),
    )
    return stridelift_sandbag


def test_a_third_party_exporter_is_used_through_the_hook(tmp_path: Path, with_sandbag: Any) -> None:
    out = tmp_path / "cards.txt"
    result = _run("--format", "session_cards", "--option", "shout=yes", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("2026-03-03 A: LEG_SWING 1X, HIP_FLEXOR_STRETCH 2X")
    assert len(lines) == 2


def test_an_exporter_that_fails_is_the_plugins_problem_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stridelift.core.cli import inputs
    from stridelift.core.hooks.manager import make_plugin_manager
    from stridelift.core.hooks.specs import hookimpl

    def broken(context: Any) -> list[ExportFile]:
        raise RuntimeError("template missing")

    class Broken:
        @hookimpl
        def register_exporters(self) -> list[Exporter]:
            return [
                Exporter("broken", "txt", broken),
                Exporter("escapes", "txt", lambda c: [ExportFile("../up.txt", b"x")]),
            ]

    monkeypatch.setattr(
        inputs,
        "plugins_for_command",
        lambda strict: make_plugin_manager(entry_points=False, extra=[Broken()]),
    )
    for name, said in (("broken", "raised RuntimeError: template missing"), ("escapes", "up.txt")):
        out = tmp_path / f"{name}.txt"
        result = _run("--format", name, "-o", str(out))
        assert result.exit_code == 1, result.stderr
        assert "X001" in result.stderr and "plugin 'Broken'" in result.stderr
        assert said in result.stderr and "nothing was written" in result.stderr
        assert not out.exists()
    assert not (tmp_path.parent / "up.txt").exists()


def test_exporter_records_validate_themselves() -> None:
    with pytest.raises(RecordError, match="without the leading dot"):
        Exporter("sheet", ".md", lambda c: [])
    with pytest.raises(RecordError, match="lower_snake_case"):
        Exporter("My Sheet", "md", lambda c: [])
    with pytest.raises(RecordError, match="install="):
        Exporter("sheet", "md", lambda c: [], requires=("reportlab",))
    with pytest.raises(RecordError, match="lists its choices"):
        ExportOption("paper", "choice", "The paper size.")
    option = ExportOption("reps", "integer", "Reps.", bounds=(1, 5))
    assert option.parse("3") == 3
    with pytest.raises(ValueError, match="outside 1 to 5"):
        option.parse("9")


# ---------------------------------------------------------------- the guide


def test_the_guide_shows_excerpts_of_real_exports() -> None:
    """Each example in docs/exports.md tagged ``excerpt=NAME`` is part of that golden file."""
    blocks = [b for b in fenced_blocks(REPO / "docs" / "exports.md") if "excerpt=" in b.info]
    assert len(blocks) >= 5
    for block in blocks:
        name = block.info.split("excerpt=", 1)[1].split()[0]
        golden_text = (GOLDEN / name).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        assert block.text in golden_text, f"docs/exports.md:{block.line} is not in {name}"


def test_the_guides_commands_run(tmp_path: Path) -> None:
    blocks = [b for b in fenced_blocks(REPO / "docs" / "exports.md") if b.info == "sh"]
    commands = [
        line.split()[1:]
        for b in blocks
        for line in b.text.splitlines()
        if line.startswith("stridelift export ")
    ]
    assert len(commands) >= 6
    for args in commands:
        args = [str(tmp_path / a) if a.startswith("out/") else a for a in args]
        for arg in args:
            if arg.startswith(str(tmp_path)):
                Path(arg).parent.mkdir(parents=True, exist_ok=True)
        if "-o" not in args:
            args += ["-o", str(tmp_path) + "/"]
        result = invoke(*args, env=ENV)
        assert result.exit_code == 0, f"{' '.join(args)}: {result.stderr}"


def test_the_guides_exporter_plugin_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    from stridelift.core.cli import inputs
    from stridelift.core.hooks.manager import make_plugin_manager

    (block,) = [b for b in fenced_blocks(REPO / "docs" / "exports.md") if b.info == "python"]
    module = types.ModuleType("whiteboard_cards")
    exec(compile(block.text, f"docs/exports.md:{block.line}", "exec"), module.__dict__)
    monkeypatch.setattr(
        inputs,
        "plugins_for_command",
        lambda strict: make_plugin_manager(entry_points=False, extra=[module]),
    )
    out = tmp_path / "cards.txt"
    result = _run("--format", "session_cards", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("2026-03-03 A: leg_swing 1x")
