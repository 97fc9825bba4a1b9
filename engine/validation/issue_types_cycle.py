"""The findings of the yearly cycle: a closed round, and a returned action plan.

Kept as plain text rows, which ``issue_catalogue`` turns into its ``IssueType``s, so this module
imports nothing from the catalogue. Row: code, severity, group, title, message, fix; each text is
(Danish, English).
"""

from __future__ import annotations

CYCLE_TYPES: tuple[tuple, ...] = (
    ("round-closed", "error", "store",
     ("Runden er lukket", "The round is closed"),
     ("Runden {round} er lukket; der indlæses ikke flere filer i den.",
      "The {round} round is closed; no more files are ingested into it."),
     ("Bed konsulenten genåbne runden (kommunebench round reopen), hvis filen skal med.",
      "Ask the consultant to re-open the round (kommunebench round reopen) if the file is to be included.")),
)
