"""The administration benchmark (KLK model): 140 finance and 160 HR/payroll processes.

Each process is scored for centralisation (0-3), digital process and digital
solution (0-1) and the FTE spent on it. The process catalogue lives in
``data/administration_processes.csv`` with stable ids (FIN-001, HR-001, ...).
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.reference import municipality_choices, read_data_csv
from engine.spec import Choice, Domain, Field, FormSheet, InstructionSection, RowItem, TableSheet
from engine.templates.layout import TABLE_TOTAL_ROW, table_field_col
from engine.text import Text
from engine.validation.issues import Issue
from engine.validation.submission import Submission
from engine.workbook.cells import cell_ref

PACKAGE = "engine.benchmarks.administration"  # its data/ folder holds the process and category lists

TEMPLATE_VERSION = "1.0"

# Plausible bands for total FTE, normalised the way the reports normalise it
# (finance per 10,000 inhabitants, HR/payroll per 1,000 employees). Outside: a warning.
FINANCE_FTE_PER_10000_INHABITANTS = (2.0, 60.0)
HR_FTE_PER_1000_EMPLOYEES = (1.0, 40.0)

CENTRALISATION_SCALE = (
    (0, Text("Decentralt: løses ude på de enkelte institutioner og arbejdspladser (skoler, plejecentre m.fl.)",
             "Decentralised: done at the individual institutions and workplaces (schools, care homes etc.)")),
    (1, Text("Delvist decentralt: løses i fagforvaltningerne/centrene, fx af en økonomi- eller "
             "personalemedarbejder i hvert område",
             "Partly decentralised: done in the service departments, e.g. by a finance or HR officer in each area")),
    (2, Text("Delvist centralt: løses hovedsageligt i en central enhed, men med væsentlige decentrale opgaver",
             "Partly centralised: done mainly by a central unit, but with substantial local tasks")),
    (3, Text("Centralt: opgaven er samlet centralt i kommunen, fx i et fælles økonomi- eller lønservicecenter",
             "Centralised: the task is gathered centrally, e.g. in a shared finance or payroll service centre")),
)

# The two digital scores look at different things, so each has its own scale: the *process* is the
# flow between the people involved (request, approval, hand-over); the *solution* is the work itself
# (calculation, registration, control). A process can flow digitally while the work is done by hand
# in a spreadsheet, and the other way round.
DIGITAL_PROCESS_SCALE = (
    (0, Text("Forløbet bæres af papir, e-mails og manuelle overleveringer mellem de involverede",
             "The flow is carried by paper, e-mails and manual hand-overs between those involved")),
    (0.5, Text("Dele af forløbet er digitale (fx en e-blanket eller et workflow), men der er manuelle "
               "overleveringer, genindtastning eller papir undervejs",
               "Parts of the flow are digital (e.g. an e-form or a workflow), but there are manual hand-overs, "
               "re-keying or paper along the way")),
    (1, Text("Hele forløbet fra anmodning til afslutning flyder digitalt (selvbetjening, workflow, automatiske "
             "overførsler) uden manuelle overleveringer",
             "The whole flow from request to completion is digital (self-service, workflow, automatic "
             "transfers) without manual hand-overs")),
)
DIGITAL_SOLUTION_SCALE = (
    (0, Text("Selve arbejdet gøres manuelt: beregninger, registrering og kontrol i hånden eller i løse regneark",
             "The work itself is manual: calculations, registration and checks by hand or in loose spreadsheets")),
    (0.5, Text("Arbejdet gøres delvist i it-systemerne, men væsentlige trin (beregninger, afstemninger, kontrol) "
               "sker manuelt eller i regneark ved siden af",
               "The work is partly done in the IT systems, but essential steps (calculations, reconciliations, "
               "checks) are manual or in spreadsheets on the side")),
    (1, Text("Arbejdet gøres i it-systemerne (fx økonomi- eller lønsystemet) med automatiske beregninger, "
             "kontroller og posteringer",
             "The work is done in the IT systems (e.g. the finance or payroll system) with automatic "
             "calculations, checks and postings")),
)

_IN_BETWEEN_DA = "Mellemværdier (fx 0,25) er tilladt."
_IN_BETWEEN_EN = "Values in between (e.g. 0.25) are allowed."


def _process_columns() -> tuple[Field, ...]:
    return (
        # Wide enough for "Centraliseringsgrad" on one line in the bold header: a word must not wrap.
        Field("centralisation", Text("Centraliseringsgrad (0-3)", "Centralisation (0-3)"), "integer",
              minimum=0, maximum=3, width=21,
              help=Text("0 = decentralt, 1 = delvist decentralt, 2 = delvist centralt, 3 = samlet centralt.",
                        "0 = decentralised, 1 = partly decentralised, 2 = partly centralised, 3 = centralised.")),
        Field("digital_process", Text("Digital proces (0-1)", "Digital process (0-1)"), "number",
              minimum=0, maximum=1, width=14,
              help=Text("Flyder forløbet digitalt mellem de involverede? 0 = papir, e-mail og manuelle "
                        "overleveringer, 0,5 = delvist digitalt forløb, 1 = digitalt fra anmodning til afslutning. "
                        + _IN_BETWEEN_DA,
                        "Does the flow pass digitally between those involved? 0 = paper, e-mail and manual "
                        "hand-overs, 0.5 = partly digital flow, 1 = digital from request to completion. "
                        + _IN_BETWEEN_EN)),
        Field("digital_solution", Text("Digital løsning (0-1)", "Digital solution (0-1)"), "number",
              minimum=0, maximum=1, width=14,
              help=Text("Gøres selve arbejdet i it-systemerne? 0 = manuelt eller i løse regneark, 0,5 = delvist "
                        "i systemerne, 1 = i systemerne med automatiske beregninger og kontroller. " + _IN_BETWEEN_DA,
                        "Is the work itself done in the IT systems? 0 = by hand or in loose spreadsheets, 0.5 = "
                        "partly in the systems, 1 = in the systems with automatic calculations and checks. "
                        + _IN_BETWEEN_EN)),
        Field("fte", Text("Årsværk", "FTE"), "number", unit=Text("årsværk", "FTE"), minimum=0, width=11,
              help=Text("Årsværk brugt på processen i hele kommunen, centralt og decentralt, fx 0,4. "
                        "Skriv 0, hvis processen ikke udføres.",
                        "FTE spent on the process in the whole municipality, central and local, e.g. 0.4. "
                        "Enter 0 if the process is not performed.")),
        Field("comment", Text("Bemærkning", "Comment"), "text", required=False, max_length=500, width=40,
              help=Text("Frivilligt: forklaring, forbehold eller hvem der løser opgaven.",
                        "Optional: explanation, caveats or who does the task.")),
    )


def _front_sheet() -> FormSheet:
    finance_systems = (
        Choice("kmd_opus", Text("KMD Opus Økonomi", "KMD Opus Økonomi")),
        Choice("prisme", Text("Fujitsu Prisme", "Fujitsu Prisme")),
        Choice("unit4", Text("Unit4 ERP", "Unit4 ERP")),
        Choice("other", Text("Andet", "Other")),
    )
    payroll_systems = (
        Choice("kmd_opus_loen", Text("KMD Opus Løn", "KMD Opus Løn")),
        Choice("sd_loen", Text("SD Løn (Silkeborg Data)", "SD Løn (Silkeborg Data)")),
        Choice("other", Text("Andet", "Other")),
    )
    return FormSheet(
        id="front",
        name=Text("Forside", "Front"),
        heading=Text("Benchmark af administrationen", "Administration benchmark"),
        intro=Text("Udfyld de gule felter her og på arkene Økonomi og Løn og personale. "
                   "Læs arket Vejledning først. Felter med * skal udfyldes.",
                   "Fill in the yellow cells here and on the sheets Finance and HR and payroll. "
                   "Read the Instructions sheet first. Fields marked * are required."),
        fields=(
            Field("municipality", Text("Kommune", "Municipality"), "choice", choices=municipality_choices(),
                  width=34, help=Text("Vælg kommunen fra listen.", "Pick the municipality from the list.")),
            Field("year", Text("Opgørelsesår", "Year"), "integer", minimum=2015, maximum=2040, number_format="0",
                  help=Text("Det år, tallene gælder for.", "The year the figures refer to.")),
            Field("inhabitants", Text("Antal indbyggere", "Inhabitants"), "integer", unit=Text("personer", "persons"),
                  minimum=1, maximum=2_000_000, plausible_minimum=1_500, plausible_maximum=700_000,
                  help=Text("Indbyggertal 1. januar i opgørelsesåret (Danmarks Statistik, FOLK1A).",
                            "Population on 1 January of the year (Statistics Denmark, FOLK1A).")),
            Field("employees", Text("Antal ansatte", "Employees"), "integer", unit=Text("personer", "persons"),
                  minimum=1, maximum=200_000, plausible_minimum=100, plausible_maximum=60_000,
                  help=Text("Antal ansatte i hele kommunen (personer, ikke årsværk), som lønnes via lønsystemet.",
                            "Employees in the whole municipality (persons, not FTE) paid through the payroll system.")),
            Field("finance_system", Text("Økonomisystem", "Finance system"), "choice", choices=finance_systems,
                  help=Text("Bruges til at sammenligne digitalisering med kommuner på samme system.",
                            "Used to compare digitalisation with municipalities on the same system.")),
            Field("payroll_system", Text("Lønsystem", "Payroll system"), "choice", choices=payroll_systems,
                  help=Text("Bruges til at sammenligne digitalisering med kommuner på samme system.",
                            "Used to compare digitalisation with municipalities on the same system.")),
            Field("contact_name", Text("Kontaktperson", "Contact person"), "text", max_length=100,
                  help=Text("Den, vi kan spørge om besvarelsen.", "The person we can ask about the answers.")),
            Field("contact_email", Text("Kontaktpersonens e-mail", "Contact e-mail"), "email", max_length=200,
                  help=Text("Fx navn@kommune.dk.", "E.g. name@kommune.dk.")),
            Field("contact_phone", Text("Kontaktpersonens telefon", "Contact phone"), "text", required=False,
                  max_length=30, help=Text("Frivilligt.", "Optional.")),
        ),
    )


def _process_sheets() -> tuple[TableSheet, TableSheet]:
    categories = {row["category_id"]: row for row in read_data_csv("administration_categories.csv", PACKAGE)}
    rows: dict[str, list[RowItem]] = {"finance": [], "hr": []}
    for process in read_data_csv("administration_processes.csv", PACKAGE):
        category = categories[process["category_id"]]
        rows[category["area"]].append(RowItem(
            key=process["process_id"],
            group_id=process["category_id"],
            group=Text(category["name_da"], category["name_en"]),
            label=Text(process["name_da"], process["name_en"]),
        ))
    common = dict(
        key_header=Text("Proces-id", "Process id"),
        group_header=Text("Kategori", "Category"),
        label_header=Text("Proces", "Process"),
        columns=_process_columns(),
        total_fields=("fte",),
    )
    finance = TableSheet(
        id="finance",
        name=Text("Økonomi", "Finance"),
        heading=Text("Regnskab og økonomistyring – 140 processer", "Accounting and financial management – 140 processes"),
        intro=Text("Én række pr. proces. Udfyld alle gule felter; se skalaerne på arket Vejledning.",
                   "One row per process. Fill in every yellow cell; see the scales on the Instructions sheet."),
        rows=tuple(rows["finance"]),
        **common,
    )
    hr = TableSheet(
        id="hr",
        name=Text("Løn og personale", "HR and payroll"),
        heading=Text("Løn- og personaleadministration – 160 processer", "Payroll and HR administration – 160 processes"),
        intro=Text("Én række pr. proces. Udfyld alle gule felter; se skalaerne på arket Vejledning.",
                   "One row per process. Fill in every yellow cell; see the scales on the Instructions sheet."),
        rows=tuple(rows["hr"]),
        **common,
    )
    return finance, hr


def _instructions() -> tuple[InstructionSection, ...]:
    def scale(items) -> tuple[str, str]:
        da = "\n".join(f"{str(v).replace('.', ',')} = {t.da}" for v, t in items)
        en = "\n".join(f"{v} = {t.en}" for v, t in items)
        return da, en

    centralisation_da, centralisation_en = scale(CENTRALISATION_SCALE)
    process_da, process_en = scale(DIGITAL_PROCESS_SCALE)
    solution_da, solution_en = scale(DIGITAL_SOLUTION_SCALE)
    return (
        InstructionSection(
            Text("Formål", "Purpose"),
            Text("Benchmarket viser, hvordan kommunens økonomi- og løn/personaleadministration er organiseret, "
                 "hvor digital den er, og hvor mange årsværk den bruger – proces for proces – sammenlignet med "
                 "andre kommuner.",
                 "The benchmark shows how the municipality's finance and payroll/HR administration is organised, "
                 "how digital it is and how many FTE it uses – process by process – compared with other "
                 "municipalities.")),
        InstructionSection(
            Text("Sådan udfylder du skabelonen", "How to fill in the template"),
            Text("1. Udfyld Forside.\n2. Udfyld alle processer på arkene Økonomi og Løn og personale: "
                 "centraliseringsgrad, digital proces, digital løsning og årsværk.\n3. Tjek felterne "
                 "'Ubesvarede rækker' (skal være 0) og 'I alt' øverst på hvert ark.\n4. Gem som .xlsx og send "
                 "filen retur. Omdøb, flyt eller slet ikke ark, kolonner eller rækker.",
                 "1. Fill in the Front sheet.\n2. Fill in every process on the sheets Finance and HR and payroll: "
                 "centralisation, digital process, digital solution and FTE.\n3. Check 'Unanswered rows' "
                 "(must be 0) and 'Total' at the top of each sheet.\n4. Save as .xlsx and return the file. Do not "
                 "rename, move or delete sheets, columns or rows.")),
        InstructionSection(
            Text("Centraliseringsgrad (0-3): på hvilket niveau løses opgaven?",
                 "Centralisation (0-3): at what level is the task done?"),
            Text(centralisation_da + "\nLøses opgaven forskelligt i kommunen, vælg det niveau, hvor hovedparten "
                 "af arbejdet ligger.",
                 centralisation_en + "\nIf the task is done differently across the municipality, choose the level "
                 "where most of the work lies.")),
        InstructionSection(
            Text("Digital proces (0-1): er flowet digitalt?", "Digital process (0-1): is the flow digital?"),
            Text("Vurdér, om opgavens forløb – fra anmodning til afslutning – flyder digitalt mellem de "
                 "involverede (selvbetjening, workflow, automatiske overførsler).\n" + process_da,
                 "Judge whether the course of the task – from request to completion – flows digitally between "
                 "those involved (self-service, workflow, automatic transfers).\n" + process_en)),
        InstructionSection(
            Text("Digital løsning (0-1): er selve opgaven it-understøttet?",
                 "Digital solution (0-1): is the work itself IT-supported?"),
            Text("Vurdér, i hvilken grad selve løsningen af opgaven sker i it-systemer (fx økonomi- eller "
                 "lønsystemet) frem for manuelt.\n" + solution_da,
                 "Judge to what degree the work itself is done in IT systems (e.g. the finance or payroll system) "
                 "rather than by hand.\n" + solution_en)),
        InstructionSection(
            Text("Årsværk", "FTE"),
            Text("Angiv årsværk brugt på processen i hele kommunen, både centralt og decentralt, i opgørelsesåret. "
                 "1 årsværk = én fuldtidsansat et helt år. Brug decimaler (fx 0,3). Skriv 0, hvis processen ikke "
                 "udføres i kommunen.",
                 "Enter the FTE spent on the process in the whole municipality, central and local, in the year. "
                 "1 FTE = one full-time employee for a whole year. Use decimals (e.g. 0.3). Enter 0 if the process "
                 "is not performed in the municipality.")),
        InstructionSection(
            Text("Arkbeskyttelse", "Sheet protection"),
            Text("Arkene er beskyttet uden adgangskode, så kun de gule felter kan ændres. Beskyttelsen kan "
                 "fjernes under Gennemse > Fjern arkbeskyttelse, men strukturen skal bevares.",
                 "The sheets are protected without a password so that only the yellow cells can be changed. "
                 "Protection can be removed under Review > Unprotect Sheet, but the structure must be kept.")),
    )


def _rule_fte_against_totals(submission: Submission) -> Iterator[Issue]:
    """No process can use more FTE than the municipality has employees; totals must be plausible."""
    employees = submission.form_value("employees")
    inhabitants = submission.form_value("inhabitants")
    bands = {
        "finance": (inhabitants, 10_000, FINANCE_FTE_PER_10000_INHABITANTS,
                    Text("10.000 indbyggere", "10,000 inhabitants"), Text("indbyggertal", "inhabitants")),
        "hr": (employees, 1_000, HR_FTE_PER_1000_EMPLOYEES,
               Text("1.000 ansatte", "1,000 employees"), Text("antal ansatte", "employees")),
    }
    for sheet_id, rows in submission.tables.items():
        sheet = submission.domain.sheet(sheet_id)
        sheet_name = submission.sheet_names[sheet_id]
        total = 0.0
        complete = True
        for key, values in rows.items():
            fte = values["fte"]
            if fte.value is None:
                complete = False
                continue
            total += fte.value
            if employees is not None and fte.value > employees:
                yield Issue("fte-exceeds-employees", submission.path, fte.sheet, fte.ref, "fte",
                            {"key": key, "fte": fte.value, "employees": employees})
        basis, per, (low, high), basis_label, basis_field = bands[sheet_id]
        if not complete or not basis or len(rows) < len(sheet.rows):
            continue
        ratio = total / basis * per
        if not low <= ratio <= high:
            yield Issue("fte-ratio-implausible", submission.path, sheet_name,
                        cell_ref(TABLE_TOTAL_ROW, table_field_col(sheet, "fte")), "fte",
                        {"area": sheet.name, "fte": round(total, 2), "ratio": round(ratio, 2),
                         "basis": basis_label, "low": low, "high": high, "basis_field": basis_field})


DOMAIN = Domain(
    id="administration",
    title=Text("Benchmark af administrationen", "Administration benchmark"),
    template_version=TEMPLATE_VERSION,
    sheets=(_front_sheet(), *_process_sheets()),
    participant_field="municipality",
    year_field="year",
    instructions=_instructions(),
    rules=(_rule_fte_against_totals,),
)
