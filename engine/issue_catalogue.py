"""Every kind of finding the validator can report, with its stable code.

Codes are kebab-case, never renumbered and never reused. Messages are
``str.format`` templates over the issue's parameters; numbers are formatted
for the reader's language when rendered. ``docs/issue-codes.md`` is generated
from this module (``kommunebench docs``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from engine.text import Text

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class IssueType:
    code: str
    severity: Severity
    group: str
    title: Text
    message: Text
    fix: Text


def _t(da: str, en: str) -> Text:
    return Text(da, en)


_TYPES = (
    # --- the file itself -------------------------------------------------------------
    IssueType("file-not-found", "error", "file",
              _t("Filen findes ikke", "File not found"),
              _t("Filen {path} findes ikke.", "The file {path} does not exist."),
              _t("Tjek stien og filnavnet.", "Check the path and file name.")),
    IssueType("not-xlsx", "error", "file",
              _t("Ikke en Excel-projektmappe (.xlsx)", "Not an Excel workbook (.xlsx)"),
              _t("Filen er ikke en .xlsx-projektmappe, men {found}.",
                 "The file is not an .xlsx workbook but {found}."),
              _t("Åbn filen i Excel og gem den som 'Excel-projektmappe (*.xlsx)'.",
                 "Open the file in Excel and save it as 'Excel Workbook (*.xlsx)'.")),
    IssueType("file-truncated", "error", "file",
              _t("Filen er afkortet", "File is truncated"),
              _t("Filen slutter før tid ({size} byte); den er sandsynligvis ikke kopieret eller sendt helt.",
                 "The file ends prematurely ({size} bytes); it was probably not copied or sent completely."),
              _t("Send eller kopiér filen igen.", "Send or copy the file again.")),
    IssueType("file-corrupt", "error", "file",
              _t("Filen er beskadiget", "File is corrupt"),
              _t("Filen kan ikke læses: {detail}.", "The file cannot be read: {detail}."),
              _t("Åbn filen i Excel, gem den igen og send den på ny.",
                 "Open the file in Excel, save it again and send it anew.")),
    IssueType("file-encrypted", "error", "file",
              _t("Filen er beskyttet med adgangskode", "File is password-protected"),
              _t("Filen er krypteret med en adgangskode og kan ikke læses.",
                 "The file is encrypted with a password and cannot be read."),
              _t("Fjern adgangskoden (Filer > Info > Beskyt projektmappe) og gem igen.",
                 "Remove the password (File > Info > Protect Workbook) and save again.")),
    IssueType("macro-workbook", "error", "file",
              _t("Projektmappen indeholder makroer", "Workbook contains macros"),
              _t("Filen er en makroaktiveret projektmappe ({found}); makroer modtages ikke.",
                 "The file is a macro-enabled workbook ({found}); macros are not accepted."),
              _t("Gem filen som 'Excel-projektmappe (*.xlsx)' uden makroer.",
                 "Save the file as 'Excel Workbook (*.xlsx)' without macros.")),
    IssueType("xml-doctype-forbidden", "error", "file",
              _t("Ulovlig XML-konstruktion", "Forbidden XML construct"),
              _t("Delen {part} indeholder en DOCTYPE/ENTITY-erklæring, som aldrig forekommer i en almindelig "
                 "projektmappe og kan bruges til angreb.",
                 "The part {part} contains a DOCTYPE/ENTITY declaration, which never occurs in an ordinary "
                 "workbook and can be used for attacks."),
              _t("Gem projektmappen igen fra Excel; kontakt afsenderen hvis fejlen består.",
                 "Save the workbook again from Excel; contact the sender if the problem persists.")),
    IssueType("archive-too-large", "error", "file",
              _t("Filen udpakker til for meget data", "File unpacks to too much data"),
              _t("Delen {part} fylder {size} byte udpakket (grænse {limit}); det ligner en zip-bombe.",
                 "The part {part} unpacks to {size} bytes (limit {limit}); this looks like a zip bomb."),
              _t("Send den oprindelige, udfyldte skabelon.", "Send the original filled template.")),
    IssueType("sheet-too-large", "error", "file",
              _t("Arket er for stort", "Sheet is too large"),
              _t("Arket strækker sig til {extent} ({cells} celler, grænse {limit}).",
                 "The sheet extends to {extent} ({cells} cells, limit {limit})."),
              _t("Slet indhold langt uden for skemaet og gem igen.",
                 "Delete content far outside the form and save again.")),
    # --- which template -------------------------------------------------------------
    IssueType("not-a-template", "error", "template",
              _t("Ikke en kommunebench-skabelon", "Not a kommunebench template"),
              _t("Projektmappen er ikke lavet ud fra en kommunebench-skabelon (arket {meta_sheet} mangler).",
                 "The workbook was not made from a kommunebench template (the sheet {meta_sheet} is missing)."),
              _t("Udfyld den skabelon, I har fået tilsendt, i stedet for en egen projektmappe.",
                 "Fill in the template you were sent instead of a workbook of your own.")),
    IssueType("template-unknown", "error", "template",
              _t("Ukendt skabelon", "Unknown template"),
              _t("Skabelonen '{template_id}' kendes ikke (kendte: {known}).",
                 "The template '{template_id}' is unknown (known: {known})."),
              _t("Brug den skabelon, der hører til benchmarket.", "Use the template that belongs to the benchmark.")),
    IssueType("template-version-unknown", "error", "template",
              _t("Ukendt skabelonversion", "Unknown template version"),
              _t("Skabelonversion '{version}' understøttes ikke (understøttede: {supported}).",
                 "Template version '{version}' is not supported (supported: {supported})."),
              _t("Hent den nyeste skabelon og overfør jeres svar.",
                 "Get the latest template and transfer your answers.")),
    # --- structure --------------------------------------------------------------------
    IssueType("sheet-missing", "error", "structure",
              _t("Ark mangler", "Sheet missing"),
              _t("Arket '{expected}' findes ikke i projektmappen.", "The sheet '{expected}' is not in the workbook."),
              _t("Brug en frisk skabelon eller genskab arket med det oprindelige navn.",
                 "Use a fresh template or restore the sheet with its original name.")),
    IssueType("sheet-renamed", "warning", "structure",
              _t("Ark omdøbt", "Sheet renamed"),
              _t("Arket '{expected}' ser ud til at være omdøbt til '{found}'; det er læst alligevel.",
                 "The sheet '{expected}' appears to have been renamed to '{found}'; it was read anyway."),
              _t("Giv arket sit oprindelige navn '{expected}'.", "Give the sheet back its original name '{expected}'.")),
    IssueType("header-changed", "error", "structure",
              _t("Overskrift ændret", "Header changed"),
              _t("Kolonneoverskriften skulle være '{expected}', men er '{found}'.",
                 "The column header should be '{expected}' but is '{found}'."),
              _t("Gendan overskriften; flyt eller indsæt ikke kolonner.",
                 "Restore the header; do not move or insert columns.")),
    IssueType("row-missing", "error", "structure",
              _t("Række mangler", "Row missing"),
              _t("Rækken {key} ({label}) er slettet fra arket.", "The row {key} ({label}) has been deleted from the sheet."),
              _t("Indsæt rækken igen med id {key}, eller brug en frisk skabelon.",
                 "Insert the row again with id {key}, or use a fresh template.")),
    IssueType("row-duplicated", "error", "structure",
              _t("Række gentaget", "Row duplicated"),
              _t("Rækken {key} forekommer igen (først i række {first_row}); kun den første læses.",
                 "The row {key} occurs again (first in row {first_row}); only the first is read."),
              _t("Slet den overskydende række.", "Delete the extra row.")),
    IssueType("row-unknown", "error", "structure",
              _t("Ukendt række", "Unknown row"),
              _t("Id'et '{found}' findes ikke i skabelonen; rækken læses ikke.",
                 "The id '{found}' is not in the template; the row is not read."),
              _t("Ret id'et eller slet rækken; tilføj ikke egne rækker.",
                 "Correct the id or delete the row; do not add rows of your own.")),
    IssueType("rows-reordered", "warning", "structure",
              _t("Rækker flyttet", "Rows reordered"),
              _t("Rækkerne står ikke i skabelonens rækkefølge (første afvigelse: {key}); de er læst efter id.",
                 "The rows are not in the template's order (first difference: {key}); they were read by id."),
              _t("Intet at gøre; sorter efter id-kolonnen for overblikkets skyld.",
                 "Nothing to do; sort by the id column for an easier overview.")),
    # --- values -------------------------------------------------------------------------
    IssueType("required-missing", "error", "value",
              _t("Påkrævet værdi mangler", "Required value missing"),
              _t("'{field}' skal udfyldes.", "'{field}' must be filled in."),
              _t("Udfyld cellen.", "Fill in the cell.")),
    IssueType("row-unanswered", "error", "value",
              _t("Række ikke besvaret", "Row not answered"),
              _t("{key} ({label}) er ikke besvaret.", "{key} ({label}) has not been answered."),
              _t("Udfyld alle felter i rækken; skriv 0 årsværk, hvis opgaven ikke løses.",
                 "Fill in every field of the row; enter 0 FTE if the task is not performed.")),
    IssueType("not-a-number", "error", "value",
              _t("Ikke et tal", "Not a number"),
              _t("'{field}' skal være et tal, men cellen indeholder '{found}'.",
                 "'{field}' must be a number but the cell contains '{found}'."),
              _t("Skriv tallet uden tekst og enheder, fx 2,5.", "Enter the number without text or units, e.g. 2.5.")),
    IssueType("not-an-integer", "error", "value",
              _t("Ikke et helt tal", "Not a whole number"),
              _t("'{field}' skal være et helt tal, men er {found}.", "'{field}' must be a whole number but is {found}."),
              _t("Skriv et helt tal.", "Enter a whole number.")),
    IssueType("out-of-range", "error", "value",
              _t("Værdi uden for skalaen", "Value outside its scale"),
              _t("'{field}' skal ligge mellem {minimum} og {maximum}, men er {found}.",
                 "'{field}' must be between {minimum} and {maximum} but is {found}."),
              _t("Ret værdien; se skalaerne på arket Vejledning.", "Correct the value; see the scales on the Instructions sheet.")),
    IssueType("below-minimum", "error", "value",
              _t("Værdi under mindsteværdien", "Value below the minimum"),
              _t("'{field}' skal være mindst {minimum}, men er {found}.",
                 "'{field}' must be at least {minimum} but is {found}."),
              _t("Ret værdien; negative tal giver ikke mening her.", "Correct the value; negative numbers make no sense here.")),
    IssueType("not-in-list", "error", "value",
              _t("Værdi ikke på listen", "Value not in the list"),
              _t("'{field}' skal vælges fra listen, men er '{found}'.",
                 "'{field}' must be chosen from the list but is '{found}'."),
              _t("Vælg en værdi fra rullelisten i cellen.", "Pick a value from the cell's drop-down list.")),
    IssueType("text-too-long", "error", "value",
              _t("Tekst for lang", "Text too long"),
              _t("'{field}' må højst have {maximum} tegn, men har {length}.",
                 "'{field}' may have at most {maximum} characters but has {length}."),
              _t("Forkort teksten.", "Shorten the text.")),
    IssueType("formula-in-input", "error", "value",
              _t("Formel i indtastningscelle", "Formula in an input cell"),
              _t("'{field}' indeholder formlen ={formula}; her skal stå en indtastet værdi.",
                 "'{field}' contains the formula ={formula}; an entered value belongs here."),
              _t("Erstat formlen med dens værdi (Kopiér, Indsæt værdier).",
                 "Replace the formula with its value (Copy, Paste Values).")),
    IssueType("implausible-value", "warning", "value",
              _t("Usandsynlig værdi", "Implausible value"),
              _t("'{field}' er {found}, hvilket er uden for det sandsynlige interval {minimum}–{maximum}.",
                 "'{field}' is {found}, which is outside the plausible range {minimum}–{maximum}."),
              _t("Kontrollér værdien; ret den, hvis den er forkert.", "Check the value; correct it if it is wrong.")),
    IssueType("invalid-email", "warning", "value",
              _t("Ugyldig e-mailadresse", "Invalid e-mail address"),
              _t("'{found}' ligner ikke en e-mailadresse.", "'{found}' does not look like an e-mail address."),
              _t("Skriv en gyldig e-mailadresse, fx navn@kommune.dk.", "Enter a valid address, e.g. name@kommune.dk.")),
    # --- administration rules -------------------------------------------------------------
    IssueType("fte-exceeds-employees", "error", "administration",
              _t("Årsværk over kommunens samlede antal", "FTE above the municipality's total"),
              _t("{key} har {fte} årsværk, mere end kommunens {employees} ansatte i alt.",
                 "{key} has {fte} FTE, more than the municipality's {employees} employees in total."),
              _t("Kontrollér enheden: årsværk, ikke timer eller kroner.", "Check the unit: FTE, not hours or kroner.")),
    IssueType("fte-ratio-implausible", "warning", "administration",
              _t("Samlet årsværk usandsynligt", "Total FTE implausible"),
              _t("{area}: {fte} årsværk svarer til {ratio} pr. {basis}; det forventede interval er {low}–{high}.",
                 "{area}: {fte} FTE equals {ratio} per {basis}; the expected range is {low}–{high}."),
              _t("Kontrollér årsværk pr. proces og kommunens {basis_field}.",
                 "Check the FTE per process and the municipality's {basis_field}.")),
    # --- the store ------------------------------------------------------------------------
    IssueType("round-year-mismatch", "error", "store",
              _t("Forkert opgørelsesår", "Wrong year for the round"),
              _t("Projektmappen gælder {found}, men indlæses i runden {round}.",
                 "The workbook is for {found} but is being ingested into the {round} round."),
              _t("Ret opgørelsesåret, eller indlæs filen i den rigtige runde.",
                 "Correct the year, or ingest the file into the right round.")),
    # --- across a batch --------------------------------------------------------------------
    IssueType("duplicate-participant", "error", "batch",
              _t("Deltager to gange", "Participant twice"),
              _t("{participant} er også indsendt i {other_file}.", "{participant} was also submitted in {other_file}."),
              _t("Fjern den forældede fil fra kørslen.", "Remove the outdated file from the batch.")),
)

ISSUE_TYPES: dict[str, IssueType] = {t.code: t for t in _TYPES}
if len(ISSUE_TYPES) != len(_TYPES):  # pragma: no cover - guards edits of this module
    raise RuntimeError("an issue code is declared twice")

GROUP_TITLES: dict[str, Text] = {
    "file": _t("Filen", "The file"),
    "template": _t("Skabelonen", "The template"),
    "structure": _t("Arkenes opbygning", "Sheet structure"),
    "value": _t("Indtastede værdier", "Entered values"),
    "administration": _t("Administrationsbenchmark", "Administration benchmark"),
    "store": _t("Indlæsning", "Ingest"),
    "batch": _t("På tværs af filer", "Across files"),
}
