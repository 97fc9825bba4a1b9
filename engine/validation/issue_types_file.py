"""The findings about the file itself (container, size, encryption, macros, XML), before any sheet is read.

Part of the issue catalogue (:mod:`engine.validation.issue_catalogue`), kept apart so that module
stays readable; the codes follow the same rules (stable, never reused).
"""

from __future__ import annotations

from engine.validation.issue_type import IssueType, _t

FILE_TYPES = (
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
    IssueType("engine-crash", "error", "file",
              _t("Filen kunne ikke læses inden for grænserne", "File could not be read within the limits"),
              _t("Læsningen af filen blev stoppet: {detail}. De andre filer er behandlet som normalt.",
                 "Reading the file was stopped: {detail}. The other files were handled as usual."),
              _t("Åbn filen i Excel, slet indhold langt uden for skemaet, gem den igen og send den på ny.",
                 "Open the file in Excel, delete content far outside the form, save it again and send it anew.")),
    IssueType("annotation-too-large", "warning", "file",
              _t("For stor til en kommenteret kopi", "Too large for an annotated copy"),
              _t("Der er ikke skrevet en kommenteret kopi: {detail}. Fejlene står i listen ovenfor.",
                 "No annotated copy was written: {detail}. The findings are listed above."),
              _t("Ret cellerne ud fra listen, eller slet overflødigt indhold (tomme rækker, formater) og valider igen.",
                 "Fix the cells from the list, or delete surplus content (empty rows, formats) and validate again.")),
)
