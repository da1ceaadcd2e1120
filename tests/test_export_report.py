"""The HTML report draws what ``stridelift report`` computes.

A hand-made program and log (docs/report.md's example, with an assessment before
week 1) are exported as HTML and reported as JSON; each chart's values (the table
under it) must be the report model's, week by week, the plan's values beside
them, and a figure with too little data must be the report's reason instead of
a chart.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, fenced_blocks, invoke

ENV = {"STRIDELIFT_DISABLE_ENTRY_POINTS": "1", "NO_COLOR": "1"}
BASELINE = (
    '{"type": "assessment", "date": "2026-01-02", "test": "goblet_squat", "reps": 8, '
    '"load": 20, "unit": "kg"}\n'
)

pytest.importorskip(
    "matplotlib", reason="the html export needs matplotlib: pip install -e '.[html]'"
)


def _example(tmp_path: Path) -> tuple[Path, Path]:
    """docs/report.md's program and log, the log with an assessment before week 1."""
    blocks = {b.info.split("file=")[-1]: b.text for b in fenced_blocks(REPO / "docs" / "report.md")
              if "file=" in b.info}  # fmt: skip
    program = tmp_path / "program.stride"
    program.write_text(blocks["program.stride"], encoding="utf-8")
    athlete, *rest = blocks["log.jsonl"].splitlines(keepends=True)
    log = tmp_path / "log.jsonl"
    log.write_text(athlete + BASELINE + "".join(rest), encoding="utf-8")
    return program, log


class Page(HTMLParser):
    """What a reader sees of each figure: its values table (week -> series -> text),
    its caption, or the note said instead of a chart; and the tables of sections."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, dict[int, dict[str, str]]] = {}
        self.captions: dict[str, str] = {}
        self.missing: dict[str, str] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self.sections: list[str] = []
        self._figure: str | None = None
        self._section: str | None = None
        self._note: str | None = None
        self._caption = False
        self._head: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "svg":
            self._in_svg += 1
        if self._in_svg:
            return
        if tag == "section":
            self._section = a.get("id") or ""
            self.sections.append(self._section)
        elif tag == "figure" and "chart" in (a.get("class") or ""):
            self._figure = a.get("id") or ""
            self.values[self._figure] = {}
        elif tag == "p" and "missing" in (a.get("class") or ""):
            self._note = a.get("id") or ""
            self.missing[self._note] = ""
        elif tag == "figcaption":
            self._caption = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._in_svg -= 1
            return
        if self._in_svg:
            return
        if tag == "figure":
            self._figure = None
        elif tag == "p":
            self._note = None
        elif tag == "figcaption":
            self._caption = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            row, self._row = self._row, None
            if self._figure is not None:
                if row[0] == "week":
                    self._head = row[1:]
                else:
                    self.values[self._figure][int(row[0])] = dict(
                        zip(self._head, row[1:], strict=True)
                    )
            elif self._section is not None:
                self.tables.setdefault(self._section, []).append(row)

    def handle_data(self, data: str) -> None:
        if self._in_svg:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif self._note is not None:
            self.missing[self._note] += data
        elif self._caption and self._figure is not None:
            self.captions[self._figure] = self.captions.get(self._figure, "") + data


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Page, dict[str, Any], str]:
    """The example exported as HTML (weeks 1-4: two logged, two planned) and reported
    as JSON."""
    folder = tmp_path_factory.mktemp("report-page")
    program, log = _example(folder)
    page = folder / "report.html"
    done = invoke(
        "export", str(program), "--log", str(log), "--format", "html", "--weeks", "1-4",
        "-o", str(page), env=ENV,
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    said = invoke("report", str(program), "--log", str(log), "--output-format", "json", env=ENV)
    assert said.exit_code == 0, said.stderr
    text = page.read_text(encoding="utf-8")
    parsed = Page()
    parsed.feed(text)
    return parsed, json.loads(said.stdout), text


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


def test_the_page_has_a_section_per_part_of_the_report(exported: Any) -> None:
    page, _, text = exported
    for section in (
        "strength", "volume", "session-load", "adherence", "wellness", "symmetry", "running",
        "block", "assessment",
    ):  # fmt: skip
        assert section in page.sections, section
        assert f"<li><a href='#{section}'>" in text
    # One adherence and one wellness: the report's, not a second count of the same thing.
    assert page.sections.count("adherence") == 1 and page.sections.count("wellness") == 1


def test_the_e1rm_series_are_the_report_models(exported: Any) -> None:
    page, report, _ = exported
    chart = page.values["e1rm-goblet-squat"]
    for week in report["weeks"]:
        (lift,) = [s for s in week["strength"] if s["exercise"] == "goblet_squat"]
        row = chart[week["week"]]
        for label, key in (("e1RM", "e1rm"), ("anchor", "anchor")):
            value = lift[key]["value"]
            assert row[label] == ("-" if value is None else _number(value)), (week["week"], key)
    assert chart[1]["e1RM"] == "24.7"  # docs/report.md: 20 / 0.811
    assert chart[2]["e1RM"] == "-" and chart[2]["anchor"] == "24.7"
    # The plan's load beside it, in the planned weeks too.
    assert [chart[w]["prescribed load"] for w in (1, 2, 3, 4)] == ["20", "20", "20", "20"]
    caption = page.captions["e1rm-goblet-squat"]
    assert "No e1RM in week 2 (week 2: not logged this week)." in caption
    assert "not enough data: needs 3 weeks with the figure (has 1)" in caption


def test_a_figure_with_too_little_data_is_the_reports_reason_not_a_chart(exported: Any) -> None:
    page, report, _ = exported
    why = report["weeks"][-1]["running"]["pace_at_hr"]["missing"]
    assert why == "not enough data: needs 6 easy runs with heart rate in the log (has 2)"
    assert page.missing["running-pace-at-hr"] == f"pace at 142 bpm: {why}"
    assert "running-pace-at-hr" not in page.values
    assert page.missing["running-cadence-cv"].startswith("cadence variation: not enough data")


def test_volume_load_adherence_and_wellness_are_the_models_beside_the_plan(
    exported: Any,
) -> None:
    page, report, _ = exported
    for week in report["weeks"]:
        n = week["week"]
        assert page.values["volume-tonnage"][n]["logged"] == _number(week["volume"]["tonnage"])
        assert page.values["volume-sets"][n]["logged"] == str(week["volume"]["sets"])
        load = week["session_load"]
        assert page.values["session-load-weekly"][n]["total"] == _number(load["total"])
        adherence = week["adherence"]
        assert page.values["adherence-percent"][n]["sets"] == _number(adherence["sets"]["value"])
        # The plan's sets are those the report counts as prescribed.
        assert page.values["adherence-sets"][n]["prescribed"] == str(adherence["sets_prescribed"])
        fatigue = week["wellness"]["fatigue"]["value"]
        assert page.values["wellness-scales"][n]["fatigue"] == _number(fatigue)
    assert page.values["volume-tonnage"][1]["logged"] == "600"
    assert page.values["session-load-weekly"][1]["total"] == "904"
    # Planned weeks (3 and 4) have the plan's values and no logged ones.
    assert page.values["volume-sets"][3] == {"planned": "7", "logged": "-"}


def test_left_and_right_per_unilateral_exercise(exported: Any) -> None:
    page, _, _ = exported
    chart = page.values["symmetry-bulgarian-split-squat"]
    assert chart[1] == {"left": "140", "right": "160"}
    assert page.captions["symmetry-bulgarian-split-squat"] == "Left weaker in week 1."
    (row,) = [r for r in page.tables["symmetry"] if r[0] == "bulgarian_split_squat"]
    assert row[1:] == ["reps x load", "1", "140", "160", "left", "12.5%", "12.5% (left, week 1)"]


def test_running_outcomes(exported: Any) -> None:
    page, report, _ = exported
    assert page.values["running-distance"][1]["logged"] == "28"
    assert page.values["running-time"][1]["logged"] == "143"
    recovery = page.values["running-recovery"]
    assert recovery[1]["days to baseline"] == "2"
    assert 2 not in recovery
    assert (
        "No recovery in week 2 (week 2: no hard session this week)."
        in (page.captions["running-recovery"])
    )
    assert report["weeks"][0]["running"]["recovery_days"]["value"] == 2


def test_the_block_and_the_baseline_assessment(exported: Any) -> None:
    page, _, _ = exported
    block = {row[0]: row[1] for row in page.tables["block"][1:]}
    assert block["goblet_squat e1RM"] == "not enough data: needs 3 weeks with the figure (has 1)"
    assert block["distance"] == "28 km"
    assert block["adherence"] == "sessions 50%, sets 36%"
    assert page.tables["assessment"] == [
        ["date", "test", "side", "result"],
        ["2026-01-02", "goblet_squat", "", "8 reps @ 20 kg"],
    ]


def test_report_sections_turn_the_model_into_figures(tmp_path: Path) -> None:
    """The function a plugin calls: its figures hold the model's values."""
    from stridelift.core.cli.inputs import prepare
    from stridelift.core.report import build_report
    from stridelift.plugins.exporters.html import Section, report_sections

    program_path, log_path = _example(tmp_path)
    prepared = prepare(str(program_path), str(log_path), None, False, False, None, None, None)
    weeks = list(prepared.evaluation.weeks(2))
    report = build_report(prepared.program, prepared.log, weeks, prepared.evaluation.index)
    sections = report_sections(report)
    assert all(isinstance(s, Section) for s in sections)
    strength = next(s for s in sections if s.id == "strength")
    (figure,) = [f for f in strength.figures if f.id == "e1rm-goblet-squat"]
    e1rm = next(s for s in figure.series if s.label == "e1RM")
    assert dict(e1rm.values) == {
        w.week: lift.e1rm.value
        for w in report.weeks
        for lift in w.strength
        if lift.exercise == "goblet_squat" and lift.e1rm.value is not None
    }
    # Without the export's weeks there is no plan to draw beside the model.
    assert not any(s.kind == "planned" for s in figure.series)
    running = next(s for s in sections if s.id == "running")
    (pace,) = [f for f in running.figures if f.id == "running-pace-at-hr"]
    assert pace.empty and pace.missing.startswith("not enough data")
    assert report_sections(None) == []


def test_formats_that_do_not_read_the_report_never_build_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ics, csv, markdown, json: no report model, so a year-long log costs them nothing."""
    import stridelift.core.report as report_package

    built: list[int] = []
    real = report_package.build_report

    def counting(*args: Any, **kwargs: Any) -> Any:
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(report_package, "build_report", counting)
    program, log = _example(tmp_path)
    for fmt in ("ics", "csv", "markdown", "json", "html"):
        done = invoke(
            "export", str(program), "--log", str(log), "--format", fmt, "--weeks", "1-2",
            "-o", str(tmp_path / f"out.{fmt}"), env=ENV,
        )  # fmt: skip
        assert done.exit_code == 0, done.stderr
        assert len(built) == (1 if fmt == "html" else 0), fmt


def test_without_a_logged_week_the_page_has_no_report_sections(tmp_path: Path) -> None:
    program, _ = _example(tmp_path)
    page = tmp_path / "plan.html"
    done = invoke(
        "export", str(program), "--format", "html", "--weeks", "1-2", "--start", "2026-01-05",
        "-o", str(page), env=ENV,
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    parsed = Page()
    parsed.feed(page.read_text(encoding="utf-8"))
    assert parsed.sections == ["plan", "exercises", "adherence", "wellness"]


def test_an_exercise_logged_on_one_side_says_so_instead_of_a_difference(tmp_path: Path) -> None:
    program, log = _example(tmp_path)
    text = log.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines(keepends=True) if '"side": "right"' not in line]
    log.write_text("".join(kept), encoding="utf-8")
    page = tmp_path / "report.html"
    done = invoke(
        "export", str(program), "--log", str(log), "--format", "html", "--weeks", "1-2",
        "-o", str(page), env=ENV,
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    parsed = Page()
    parsed.feed(page.read_text(encoding="utf-8"))
    # The right side has no sets: a gap, not a 0.
    assert parsed.values["symmetry-bulgarian-split-squat"][1] == {"left": "140", "right": "-"}
    assert parsed.captions["symmetry-bulgarian-split-squat"] == (
        "Difference: not enough data: needs sets on both sides (only left logged)."
    )
    (row,) = [r for r in parsed.tables["symmetry"] if r[0] == "bulgarian_split_squat"]
    assert row[5:] == ["-", "not enough data: needs sets on both sides (only left logged)", "-"]
