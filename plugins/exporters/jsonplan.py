"""The ``json`` export: the weeks asked for, each as ``plan --output-format json`` prints
it, in one document described by ``schemas/export.schema.json``."""

from __future__ import annotations

import json

from stridelift.core.hooks.records import ExportFile
from stridelift.core.output.exports import ExportContext, plan_document


def export(context: ExportContext) -> list[ExportFile]:
    text = json.dumps(plan_document(context), indent=2, ensure_ascii=False) + "\n"
    return [ExportFile(f"{context.stem}.json", text.encode("utf-8"))]
