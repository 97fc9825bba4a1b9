"""The findings of the yearly cycle: a round closed to further files.

Part of the issue catalogue (:mod:`engine.validation.issue_catalogue`), declared like
:mod:`engine.validation.issue_types_file`; the codes follow the same rules (stable, never reused).
"""

from __future__ import annotations

from engine.validation.issue_type import IssueType, _t

CYCLE_TYPES = (
    IssueType("round-closed", "error", "store",
              _t("Runden er lukket", "The round is closed"),
              _t("Runden {round} er lukket; der indlæses ikke flere filer i den.",
                 "The {round} round is closed; no more files are ingested into it."),
              _t("Bed konsulenten genåbne runden (kommunebench round reopen), hvis filen skal med.",
                 "Ask the consultant to re-open the round (kommunebench round reopen) if the file is to be included.")),
)
