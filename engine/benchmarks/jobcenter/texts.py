"""Instruction sheets of the jobcenter templates (Danish and English)."""

from __future__ import annotations

from engine.benchmarks.jobcenter.codes import TASKS, TOOLS
from engine.spec import InstructionSection
from engine.text import Text

_PURPOSE = InstructionSection(
    Text("Formål", "Purpose"),
    Text("Jobcenterbenchmarket belyser balancen mellem jobcentrets enhedsomkostninger og resultater. Jobcentrets "
         "samlede ressourcer – medarbejdernes arbejdstid (konto 6) og udgifterne til tilbud (konto 5) – fordeles på "
         "12 målgrupper, 7 opgaver og 6 redskaber og sammenlignes med de andre deltagende kommuner.",
         "The jobcentre benchmark sheds light on the balance between the jobcentre's unit costs and results. The "
         "jobcentre's total resources – the employees' working time (account 6) and the expenses on measures "
         "(account 5) – are allocated over 12 target groups, 7 tasks and 6 tools and compared with the other "
         "participating municipalities."))

_PROTECTION = InstructionSection(
    Text("Arkbeskyttelse og aflevering", "Sheet protection and returning the file"),
    Text("Arkene er beskyttet uden adgangskode, så kun de gule felter kan ændres. Omdøb, flyt eller slet ikke ark "
         "eller kolonner. Gem som .xlsx og send filen retur til konsulenten.",
         "The sheets are protected without a password so that only the yellow cells can be changed. Do not rename, "
         "move or delete sheets or columns. Save as .xlsx and return the file to the consultant."))

STAFF_INSTRUCTIONS = (
    _PURPOSE,
    InstructionSection(
        Text("Hvem skal med?", "Who is included?"),
        Text("Alle medarbejdere i jobcentret i opgørelsesåret: sagsbehandlere, virksomhedskonsulenter, "
             "administrative medarbejdere, ledere og medarbejdere, der er fratrådt eller tiltrådt i løbet af året. "
             "Medarbejdere i ydelseskontoret og andre forvaltninger tæller ikke med.",
             "All employees of the jobcentre in the year: caseworkers, business consultants, administrative staff, "
             "managers and employees who left or joined during the year. Staff of the benefits office and other "
             "departments are not included.")),
    InstructionSection(
        Text("Sådan udfylder du listen", "How to fill in the list"),
        Text("1. Udfyld Forside.\n2. Skriv én række pr. medarbejder på arket Medarbejdere: id, afdeling, ugentlig "
             "arbejdstid, personalegruppe og måneder ansat i året. Lønudgiften er valgfri.\n3. Skriv afdelingen ens "
             "for alle i samme afdeling: hver afdelingsleder får en skabelon med sine medarbejdere.\n4. Brug aldrig "
             "navne eller CPR-numre; gem selv nøglen mellem id og person.",
             "1. Fill in the Front sheet.\n2. Enter one row per employee on the Employees sheet: id, department, "
             "weekly hours, staff group and months employed in the year. The salary cost is optional.\n3. Write the "
             "department the same way for everyone in it: each department head gets a template with their "
             "employees.\n4. Never use names or CPR numbers; keep the key between id and person yourself.")),
    InstructionSection(
        Text("Årsværk", "FTE"),
        Text("Årsværk beregnes som ugentlig arbejdstid / 37 × måneder ansat / 12. En fuldtidsansat hele året er 1 "
             "årsværk; 30 timer i 6 måneder er 0,41 årsværk.",
             "FTE are computed as weekly hours / 37 × months employed / 12. A full-time employee for the whole year "
             "is 1 FTE; 30 hours for 6 months is 0.41 FTE.")),
    _PROTECTION,
)

_TASK_HELP = {
    "sagsbehandling": ("samtaler, opfølgning, afgørelser og journalisering i borgernes sager",
                       "interviews, follow-up, decisions and case records"),
    "virksomhedsservice": ("kontakt til virksomheder, rekruttering og jobformidling",
                           "contact with employers, recruitment and job matching"),
    "virksomhedsplacering": ("etablering og opfølgning på praktik, løntilskud og fleksjob på virksomheder",
                             "setting up and following up internships, wage subsidies and flex jobs at employers"),
    "faglig_udvikling": ("kurser, supervision, faglige møder og oplæring", "courses, supervision, meetings and training"),
    "administration": ("administration, registrering, økonomi og it", "administration, registration, finance and IT"),
    "teamledelse": ("ledelse af medarbejdere og afdeling", "management of staff and department"),
    "anden_aktoer": ("styring og opfølgning på forløb købt hos andre aktører",
                     "managing and following up courses bought from other actors"),
}

ALLOCATION_INSTRUCTIONS = (
    _PURPOSE,
    InstructionSection(
        Text("Sådan fordeler du arbejdstiden", "How to distribute the working time"),
        Text("Din afdelings medarbejdere står allerede på arket Fordeling med nogle rækker hver. For hver "
             "medarbejder: vælg målgruppe og opgave i rullelisterne og skriv, hvor stor en andel (%) af "
             "medarbejderens effektive arbejdstid der går til kombinationen. Andelene for en medarbejder skal give "
             "100 %; kolonnen 'Medarbejderens i alt' bliver grøn, når de gør. Ubrugte rækker med kun et id lades "
             "tomme. Fordel din egen tid også.",
             "Your department's employees are already on the Allocation sheet with a few rows each. For each "
             "employee: choose target group and task in the drop-down lists and enter the share (%) of the "
             "employee's effective working time spent on the combination. One employee's shares must add up to "
             "100 %; the column 'Employee's total' turns green when they do. Leave unused rows with only an id "
             "empty. Distribute your own time too.")),
    InstructionSection(
        Text("Effektiv arbejdstid og 'Fælles'", "Effective working time and 'Shared'"),
        Text("Fordel den tid, medarbejderen faktisk arbejder (uden ferie og fravær), ud fra et skøn over et normalt "
             "år. Tid, der ikke kan henføres til én målgruppe – ledelse, fælles administration, fælles faglig "
             "udvikling – skrives på målgruppen 'Fælles'; den fordeles bagefter efter en fast nøgle.",
             "Distribute the time the employee actually works (without holidays and absence), estimated over a "
             "normal year. Time that cannot be tied to one target group – management, shared administration, shared "
             "professional development – goes on the target group 'Shared'; it is spread afterwards by a fixed "
             "key.")),
    InstructionSection(
        Text("Opgaverne (konto 6)", "The tasks (account 6)"),
        Text("\n".join(f"{task.label.da}: {_TASK_HELP[task.code][0]}." for task in TASKS),
             "\n".join(f"{task.label.en}: {_TASK_HELP[task.code][1]}." for task in TASKS))),
    InstructionSection(
        Text("Mangler en medarbejder?", "Is an employee missing?"),
        Text("Listen kommer fra kommunens medarbejderliste. Mangler en medarbejder, eller står en medarbejder, der "
             "hører til en anden afdeling, så kontakt den, der har udfyldt medarbejderlisten: hver medarbejder skal "
             "fordeles præcis én gang i hele jobcentret.",
             "The list comes from the municipality's staff list. If an employee is missing, or one belongs to "
             "another department, contact whoever filled in the staff list: every employee must be allocated "
             "exactly once in the whole jobcentre.")),
    _PROTECTION,
)

KONTO5_INSTRUCTIONS = (
    _PURPOSE,
    InstructionSection(
        Text("Konsulentens fordeling", "The consultant's allocation"),
        Text("Konsulenten har fordelt kommunens udgifter på konto 5 (aktivering) på regnskabsgrupper og redskaber ud "
             "fra regnskabsoplysningerne fra Danmarks Statistik. Beløbene står i de blå felter og kan ikke ændres. "
             "Er et beløb forkert, så kontakt konsulenten, som sender en ny skabelon.",
             "The consultant has allocated the municipality's account 5 (activation) expenses over accounting groups "
             "and tools from Statistics Denmark's accounts data. The amounts are in the blue cells and cannot be "
             "changed. If an amount is wrong, contact the consultant, who sends a new template.")),
    InstructionSection(
        Text("Opdeling på delmålgrupper", "Splitting into sub-target groups"),
        Text("Regnskabet skelner ikke mellem jobparate og aktivitetsparate kontanthjælpsmodtagere eller mellem "
             "uddannelsesparate og aktivitetsparate uddannelseshjælpsmodtagere. Fordel totalen i hver kolonne på "
             "delmålgrupperne i de gule felter, fx ud fra jeres egne konteringer eller fordelingen af borgere. "
             "Delbeløbene skal give totalen; kolonnen 'Afvigelse' skal være 0.",
             "The accounts do not distinguish job-ready from activity-ready cash benefit recipients, nor "
             "education-ready from activity-ready education benefit recipients. Split the total in each column over "
             "the sub-target groups in the yellow cells, e.g. from your own postings or the split of citizens. The "
             "parts must add up to the total; the 'Difference' column must be 0.")),
    InstructionSection(
        Text("Redskaberne", "The tools"),
        Text("\n".join(tool.label.da for tool in TOOLS), "\n".join(tool.label.en for tool in TOOLS))),
    _PROTECTION,
)
