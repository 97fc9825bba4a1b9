"""Lists, scales and instructions of the botilbud questionnaire, in Danish and English.

Kept apart from the sheet declarations (:mod:`engine.benchmarks.botilbud.questionnaire`) because they
are prose a method owner edits; ids (first element of each tuple) are stable and
are what the engine stores, never the labels.
"""

from __future__ import annotations

from engine.spec import InstructionSection
from engine.text import Text

OFFER_TYPES = (
    ("sel107", "§ 107 midlertidigt botilbud", "§ 107 temporary residential care"),
    ("sel108", "§ 108 længerevarende botilbud", "§ 108 long-term residential care"),
    ("abl105", "§ 105 almen bolig med støtte efter § 85", "§ 105 social housing with § 85 support"),
    ("other", "Andet", "Other"),
)

OPERATORS = (
    ("municipal", "Kommunal", "Municipal"),
    ("regional", "Regional", "Regional"),
    ("private", "Privat eller selvejende", "Private or self-governing"),
)

TARGET_GROUPS = (
    ("intellectual", "Udviklingshæmning/kognitive handicap", "Intellectual/cognitive disability"),
    ("autism", "Autisme", "Autism"),
    ("psychiatric", "Sindslidelse/psykiatri", "Mental illness/psychiatry"),
    ("physical", "Fysisk handicap", "Physical disability"),
    ("brain_injury", "Erhvervet hjerneskade", "Acquired brain injury"),
    ("substance", "Misbrug", "Substance abuse"),
    ("homeless", "Hjemløshed", "Homelessness"),
    ("other", "Andet", "Other"),
)

NIGHT_WATCH = (
    ("awake", "Vågen nattevagt", "Awake night staff"),
    ("sleeping", "Sovende nattevagt", "Sleeping night staff (on call)"),
    ("shared", "Delt nattevagt med andre tilbud", "Night staff shared with other facilities"),
    ("none", "Ingen nattevagt", "No night staff"),
)

# Support need: the overall level of functioning on the VUM scale (Voksenudredningsmetoden, ICF-based
# 0-4), one row per level plus citizens not assessed. Keys are stable ids; the matching uses the shares.
_VUM = ("VUM funktionsniveau", "VUM level of functioning")
NEED_LEVELS = (
    ("VUM-0", "vum", _VUM, ("0 Ingen eller ubetydelige problemer: klarer sig selv, højst lejlighedsvis vejledning",
                            "0 No or negligible problems: manages alone, at most occasional guidance")),
    ("VUM-1", "vum", _VUM, ("1 Lette problemer: støtte til enkelte opgaver eller på nogle tidspunkter",
                            "1 Mild problems: support with some tasks or at some times")),
    ("VUM-2", "vum", _VUM, ("2 Moderate problemer: regelmæssig støtte til flere opgaver hver dag",
                            "2 Moderate problems: regular support with several tasks every day")),
    ("VUM-3", "vum", _VUM, ("3 Svære problemer: omfattende støtte det meste af døgnet",
                            "3 Severe problems: extensive support most of the day and night")),
    ("VUM-4", "vum", _VUM, ("4 Totale problemer: hjælp til (næsten) alt hele døgnet",
                            "4 Complete problems: help with (almost) everything, day and night")),
    ("VUM-X", "none", ("Ikke udredt", "Not assessed"),
     ("Borgere uden VUM-udredning med en samlet vurdering",
      "Citizens without a VUM assessment with an overall rating")),
)
NEED_KEYS = tuple(level[0] for level in NEED_LEVELS)

CITIZENS_HELP = ("Antal borgere på dette niveau ved årets udgang. Skriv 0, hvis ingen.",
                 "Citizens at this level at the end of the year. Enter 0 if none.")
STAFFING_HELP = (
    ("Medarbejdere på vagt i timen: basispersonale og vikarer, ikke ledere og administration. En halv time = 0,5. "
     "Sovende nattevagt tæller 1, delt nattevagt med tilbuddets andel.",
     "Staff on duty in the hour: front-line staff and temps, not managers and administration. Half an hour = 0.5. "
     "Sleeping night staff count 1, shared night staff with the facility's share."),
    ("Borgere, der typisk er på tilbuddet i timen (ikke på arbejde, i dagtilbud, skole eller ude).",
     "Citizens typically at the facility in the hour (not at work, a day service, school or out)."),
)


def _scale(language: int) -> str:
    return "\n".join(f"{key}: {label[language]}" for key, _, _, label in NEED_LEVELS)


def _list(items, language: int) -> str:
    return "\n".join(f"• {item[1 + language]}" for item in items)


INSTRUCTIONS = (
    InstructionSection(
        Text("Formål", "Purpose"),
        Text("Benchmarkingen måler og sammenligner driften af botilbud: normering hen over døgnet, hvad "
             "arbejdstiden bruges på, brugerrettede timer pr. 1.000 takstkroner og en række "
             "personaleindikatorer. Tilbuddet sammenlignes med de 5 tilbud, der ligner det mest (målgruppe og "
             "borgernes støttebehov), og med en bredere gruppe.",
             "The benchmark measures and compares how residential care facilities operate: staffing across the "
             "day, what working time is used for, user-oriented hours per 1,000 DKK of tariff and a set of staff "
             "indicators. The facility is compared with the 5 most similar facilities (target group and the "
             "citizens' support needs) and with a broader group.")),
    InstructionSection(
        Text("Sådan udfylder du skabelonen", "How to fill in the template"),
        Text("1. Udfyld arket Tilbud.\n2. Udfyld arket Borgere: antal borgere pr. støttebehovsniveau.\n"
             "3. Udfyld arket Normering: personale og borgere for hver time på en hverdag og en weekenddag.\n"
             "4. Tjek 'Ubesvarede rækker' (skal være 0) øverst på arkene og Status på arket Tilbud.\n"
             "5. Gem som .xlsx og send filen retur. Omdøb, flyt eller slet ikke ark, kolonner eller rækker.\n"
             "Basispersonalet tidsregistrerer i en separat skabelon (botilbud_tid).",
             "1. Fill in the Facility sheet.\n2. Fill in the Citizens sheet: citizens per support-need level.\n"
             "3. Fill in the Staffing sheet: staff and citizens for each hour of a weekday and a weekend day.\n"
             "4. Check 'Unanswered rows' (must be 0) at the top of the sheets and Status on the Facility sheet.\n"
             "5. Save as .xlsx and return the file. Do not rename, move or delete sheets, columns or rows.\n"
             "Front-line staff register their time in a separate template (botilbud_tid).")),
    InstructionSection(
        Text("Tilbuddet: begreber", "The facility: definitions"),
        Text("Årsværk: 1 årsværk = én fuldtidsansat (37 timer/uge) et helt år. Årsværk i alt omfatter alle "
             "lønnede ansatte; basispersonale er dem, der arbejder direkte med borgerne, uden ledere og "
             "administration. Vikarbureau tælles ikke i årsværk, men i vikartimer.\n"
             "Belægning: gennemsnitlig andel af pladserne, der var i brug i året, i procent (fx 95).\n"
             "Takst: pris pr. plads pr. døgn i kroner, uden særydelser og tillæg.\n"
             "Udbetalt overarbejde: timer overarbejde/merarbejde udbetalt i året. Vikartimer: timer udført af "
             "timelønnede vikarer og vikarbureau. Fratrådte: fastansatte, der er stoppet i året. "
             "Kompetenceudviklingsdage: kursus- og uddannelsesdage for alle ansatte i alt.\n"
             "Overlap ved vagtskifte: minutter, hvor afgående og kommende vagt er på arbejde samtidig.",
             "FTE: 1 FTE = one full-time employee (37 hours a week) for a whole year. FTE in total covers all "
             "paid employees; front-line staff are those who work directly with the citizens, without managers "
             "and administration. Agency temps are not FTE but temp hours.\n"
             "Occupancy: the average share of places in use over the year, as a percentage (e.g. 95).\n"
             "Tariff: price per place per day in DKK, without special services and supplements.\n"
             "Paid overtime: overtime hours paid out in the year. Temp hours: hours worked by hourly-paid temps "
             "and agency staff. Leavers: permanent employees who left during the year. Competence development "
             "days: course and training days for all employees in total.\n"
             "Shift overlap: minutes in which the leaving and the arriving shift are at work together.")),
    InstructionSection(
        Text("Støttebehov: VUM-skalaen 0-4", "Support need: the VUM scale 0-4"),
        Text("Borgerne tælles på niveauet i den samlede vurdering af funktionsniveau i deres seneste "
             "VUM-udredning (Voksenudredningsmetoden, ICF-skalaen 0-4). Har udredningen kun niveauer pr. tema, "
             "så brug det niveau, der bedst beskriver borgerens samlede støttebehov; er du i tvivl, det højeste. "
             "Borgere uden udredning tælles under 'Ikke udredt'. Hver borger tælles én gang.\n" + _scale(0),
             "Citizens are counted at the level of the overall assessment of functioning in their latest VUM "
             "assessment (the Adult Assessment Method, ICF scale 0-4). If the assessment only has levels per "
             "theme, use the level that best describes the citizen's overall support need; if in doubt, the "
             "highest. Citizens without an assessment are counted as 'Not assessed'. Count each citizen once.\n"
             + _scale(1))),
    InstructionSection(
        Text("Primær målgruppe", "Primary target group"),
        Text("Vælg den målgruppe, flest af borgerne tilhører:\n" + _list(TARGET_GROUPS, 0),
             "Choose the target group most of the citizens belong to:\n" + _list(TARGET_GROUPS, 1))),
    InstructionSection(
        Text("Normering hen over døgnet", "Staffing across the day"),
        Text("24 rækker, én pr. time (00-01 er kl. 00.00-01.00). Angiv for en almindelig hverdag og en almindelig "
             "weekenddag: medarbejdere på vagt (basispersonale og vikarer; en halv time = 0,5; sovende nattevagt "
             "tæller 1, delt nattevagt med tilbuddets andel) og borgere til stede på tilbuddet. Vagterne er "
             "grupperet som dag (07-15), aften (15-23) og nat (23-07).",
             "24 rows, one per hour (00-01 is 00:00-01:00). For a normal weekday and a normal weekend day, enter "
             "the staff on duty (front-line staff and temps; half an hour = 0.5; sleeping night staff count 1, "
             "shared night staff with the facility's share) and the citizens present at the facility. Shifts are "
             "grouped as day (07-15), evening (15-23) and night (23-07).")),
    InstructionSection(
        Text("Det kontrolleres", "What is checked"),
        Text("Årsværk for basispersonale må ikke overstige årsværk i alt. Der skal være borgere på arket "
             "Borgere, og normalt ikke flere end pladser; antallet skal passe nogenlunde med belægningen. "
             "Borgere til stede i en time må ikke overstige antal pladser. En time med borgere til stede og 0 personale på vagt "
             "giver en advarsel (ikke om natten, hvis tilbuddet ikke har nattevagt).",
             "Front-line FTE may not exceed FTE in total. The Citizens sheet must have citizens, normally no more "
             "than the places, and roughly in line with the occupancy. Citizens present in an hour may not exceed "
             "the places. An hour with citizens present and 0 staff on duty gives a warning (not at night if the "
             "facility has no night staff).")),
    InstructionSection(
        Text("Arkbeskyttelse", "Sheet protection"),
        Text("Arkene er beskyttet uden adgangskode, så kun de gule felter kan ændres. Beskyttelsen kan fjernes "
             "under Gennemse > Fjern arkbeskyttelse, men strukturen skal bevares.",
             "The sheets are protected without a password so that only the yellow cells can be changed. "
             "Protection can be removed under Review > Unprotect Sheet, but the structure must be kept.")),
)
