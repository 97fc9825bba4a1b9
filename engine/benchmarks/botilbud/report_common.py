"""What the facility workbook's sheets share: the series names, the case limit and two small helpers.

Kept below the sheet modules (``report_*.py``, ``overview.py``) and the orchestrating
:mod:`engine.benchmarks.botilbud.report`, so that none of them needs to import another's module.
"""

from __future__ import annotations

from engine.benchmarks import get_domain
from engine.reference import municipalities
from engine.report.formats import DASH, Choices, finite  # noqa: F401 (finite: one import for the sheets)
from engine.text import Text

CASES_LIMIT = 10

def peers_label(n: int) -> Text:
    """The peer median's name, e.g. "Median, 5 mest lignende" (``n`` is the round's ``n_peers``)."""
    return Text(f"Median, {n} mest lignende", f"Median, {n} most similar")


def most_similar(n: int) -> Text:
    """"de 5 mest lignende" / "the 5 most similar" for ``n_peers`` = 5."""
    return Text(f"de {n} mest lignende", f"the {n} most similar")


def peer_letters(n: int) -> str:
    """The anonymous peers' letters as a range: "A–E" for ``n_peers`` = 5."""
    return "A" if n == 1 else f"A–{chr(ord('A') + n - 1)}"


CLUSTER = Text("Median, klynge", "Median, cluster")
OWN = Text("Eget tilbud", "This facility")
WEAK = Text("markant svagere", "notably weaker")  # the summary's flag text, counted on page one


def choice_label(field_id: str, value: object, lang: str) -> str:
    """The label of a questionnaire choice (target group, offer type …) as the template shows it."""
    if not isinstance(value, str):
        return DASH
    if field_id == "municipality":
        known = municipalities().get(value)
        return known.name if known else value
    _, field = get_domain("botilbud").form_field(field_id)
    return next((c.label(lang) for c in field.choices if c.id == value), value)


def text_stays_text(workbook) -> None:
    """Make ``write``/``merge_range`` write every string as text: a facility named "=Egebo" or a staff
    code "http://x" must never become a formula or a link. Formulas go through ``write_formula`` only.
    Must run before the first ``add_worksheet`` (worksheets copy the setting)."""
    workbook.strings_to_formulas = False
    workbook.strings_to_urls = False


# The FTE basis of productivity as the reader sees and types it (the formulas compare with these words).
FTE_BASIS = Choices({"frontline": Text("basispersonale", "front-line staff"), "total": Text("alle årsværk", "all FTE")})
# The examples sheet's column: what a case is about and the word that makes it so (cited on the method sheet).
ADDRESSES = Text("Adresserer", "Addresses")
