"""The findings of the yearly cycle: a round closed to further files, a returned action plan's bad answers.

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
    IssueType("plan-unknown-item", "error", "store",
              _t("Ukendt punkt i handleplanen", "Unknown item in the action plan"),
              _t("Handleplanen har punktet {found}, som rapporten ikke markerede.",
                 "The action plan has the item {found}, which the report did not flag."),
              _t("Brug handleplanen fra rapporten uden at ændre kolonnen Id.",
                 "Use the action plan from the report without changing the Id column.")),
    IssueType("plan-unknown-action", "error", "store",
              _t("Tiltaget er ikke på listen", "The action is not in the list"),
              _t("Tiltaget '{found}' er ikke et af eksemplerne for punktet eller Eget tiltag.",
                 "The action '{found}' is not one of the item's examples or Own action."),
              _t("Vælg tiltaget i cellens liste; beskriv et eget tiltag under Forventet effekt.",
                 "Choose the action from the cell's list; describe an own action under Expected effect.")),
    IssueType("plan-unknown-status", "error", "store",
              _t("Ukendt status", "Unknown status"),
              _t("Status '{found}' er ikke en af {allowed}.", "The status '{found}' is not one of {allowed}."),
              _t("Vælg status i cellens liste.", "Choose the status from the cell's list.")),
    IssueType("plan-deadline-not-a-date", "error", "store",
              _t("Fristen er ikke en dato", "The deadline is not a date"),
              _t("Fristen '{found}' er ikke en dato.", "The deadline '{found}' is not a date."),
              _t("Skriv fristen som en dato, f.eks. 2027-03-31.", "Enter the deadline as a date, e.g. 2027-03-31.")),
    IssueType("plan-owner-missing", "warning", "store",
              _t("Ingen ansvarlig", "No owner"),
              _t("Der er valgt et tiltag, men ingen er ansvarlig for det.", "An action is chosen but nobody owns it."),
              _t("Skriv hvem der er ansvarlig for tiltaget.", "Enter who owns the action.")),
)
