"""``stridelift report``: outcomes week by week, computed as data (:mod:`.model`) from a
program, its log and the weeks the engine planned (:mod:`.build`); rendered by
:mod:`stridelift.core.output.report`. ``docs/report.md`` says how each figure is
computed.
"""

from stridelift.core.report.build import build_report
from stridelift.core.report.model import Figure, Report, WeekReport

__all__ = ["Figure", "Report", "WeekReport", "build_report"]
