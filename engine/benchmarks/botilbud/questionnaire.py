"""Benchmarking af botilbud (KL): the questionnaire filled by a residential care facility's leader.

Three sheets, declared once here: the facility's facts (``Tilbud``), its citizens by
support-need level (``Borgere``) and the staffing across a normal weekday and weekend day
(``Normering``, 24 hourly rows). The staff time registration is a second template,
:mod:`engine.benchmarks.botilbud.time_registration`. Method decisions (the support-need scale, what
counts as FTE, the hourly grid) are on the instructions sheet and in ``docs/method.md``.
"""

from __future__ import annotations

from engine.benchmarks.botilbud.questionnaire_text import (
    CITIZENS_HELP, INSTRUCTIONS, NEED_LEVELS, NIGHT_WATCH, OFFER_TYPES, OPERATORS, STAFFING_HELP, TARGET_GROUPS,
)
from engine.benchmarks.botilbud.rules import RULES
from engine.reference import municipality_choices
from engine.spec import Choice, Domain, Field, FormSheet, RowItem, TableSheet
from engine.text import Text

TEMPLATE_VERSION = "1.0"


def _choices(items) -> tuple[Choice, ...]:
    return tuple(Choice(choice_id, Text(da, en)) for choice_id, da, en in items)


def _front_sheet() -> FormSheet:
    def number(field_id, da, en, unit, help_da, help_en, **bounds) -> Field:
        return Field(field_id, Text(da, en), bounds.pop("type", "number"), unit=Text(*unit),
                     help=Text(help_da, help_en), **bounds)

    per_year = ("timer i året", "hours a year")
    return FormSheet(
        id="front",
        name=Text("Tilbud", "Facility"),
        heading=Text("Benchmarking af botilbud – spørgeskema", "Residential care benchmark – questionnaire"),
        intro=Text("Udfyldes af tilbuddets leder. Udfyld de gule felter her og på arkene Borgere og Normering. "
                   "Læs arket Vejledning først. Felter med * skal udfyldes. Alle tal gælder opgørelsesåret.",
                   "Filled in by the facility's leader. Fill in the yellow cells here and on the sheets Citizens "
                   "and Staffing. Read the Instructions sheet first. Fields marked * are required. All figures "
                   "refer to the year."),
        fields=(
            Field("facility_id", Text("Tilbuds-id", "Facility id"), "text", max_length=20, identity="code",
                  help=Text("Det id, tilbuddet har fået til benchmarkingen, fx BO-0451. Samme id skrives i "
                            "tidsregistreringen.",
                            "The id the facility was given for the benchmark, e.g. BO-0451. The same id goes "
                            "into the time registration.")),
            Field("facility_name", Text("Tilbuddets navn", "Facility name"), "text", max_length=120, width=34,
                  help=Text("Navnet som på Tilbudsportalen.", "The name as on Tilbudsportalen.")),
            Field("municipality", Text("Kommune", "Municipality"), "choice", choices=municipality_choices(),
                  help=Text("Den kommune, der driver eller har beliggenhed for tilbuddet.",
                            "The municipality that runs the facility or where it is located.")),
            Field("year", Text("Opgørelsesår", "Year"), "integer", minimum=2015, maximum=2040, number_format="0",
                  help=Text("Det år, tallene gælder for.", "The year the figures refer to.")),
            Field("offer_type", Text("Tilbudstype", "Offer type"), "choice", choices=_choices(OFFER_TYPES),
                  help=Text("Den lovbestemmelse, tilbuddet hovedsageligt drives efter.",
                            "The legal basis the facility mainly operates under.")),
            Field("operator", Text("Driftsherre", "Operator"), "choice", choices=_choices(OPERATORS),
                  help=Text("Hvem driver tilbuddet?", "Who runs the facility?")),
            Field("target_group", Text("Primær målgruppe", "Primary target group"), "choice",
                  choices=_choices(TARGET_GROUPS),
                  help=Text("Den målgruppe, flest af borgerne tilhører. Bruges til at finde sammenlignelige tilbud.",
                            "The target group most of the citizens belong to. Used to find comparable facilities.")),
            number("places", "Antal pladser", "Places", ("pladser", "places"),
                   "Godkendte pladser ved årets udgang (Tilbudsportalen).",
                   "Approved places at the end of the year (Tilbudsportalen).",
                   type="integer", minimum=1, maximum=500, plausible_minimum=2, plausible_maximum=120),
            number("occupancy", "Belægning", "Occupancy", ("%", "%"),
                   "Gennemsnitlig belægning i året i procent af pladserne, fx 95. Skriv procent, ikke brøk.",
                   "Average occupancy over the year as a percentage of the places, e.g. 95. A percentage, "
                   "not a fraction.", minimum=0, maximum=100, plausible_minimum=60, plausible_maximum=100),
            number("tariff", "Takst", "Daily tariff", ("kr. pr. døgn", "DKK per day"),
                   "Takst pr. plads pr. døgn (kr.). Flere takster: gennemsnit vægtet med pladser. "
                   "Uden særydelser og tillæg.",
                   "Tariff per place per day (DKK). Several tariffs: the average weighted by places. "
                   "Without special services and supplements.",
                   minimum=0, maximum=100_000, plausible_minimum=1_000, plausible_maximum=10_000),
            number("fte_total", "Årsværk i alt", "FTE in total", ("årsværk", "FTE"),
                   "Alle lønnede årsværk på tilbuddet: ledere, basispersonale, administrativt og teknisk "
                   "personale. Vikarbureau tælles ikke med.",
                   "All paid FTE at the facility: managers, front-line, administrative and technical staff. "
                   "Agency temps are not included.",
                   minimum=0, maximum=2_000, plausible_minimum=1, plausible_maximum=400),
            number("fte_frontline", "Årsværk, basispersonale", "FTE, front-line staff", ("årsværk", "FTE"),
                   "Årsværk for personale, der arbejder direkte med borgerne (pædagoger, SOSU'er, "
                   "omsorgsmedhjælpere mv.), uden ledere og administration. Indgår i årsværk i alt.",
                   "FTE of staff who work directly with the citizens (social educators, care workers etc.), "
                   "without managers and administration. Part of FTE in total.",
                   minimum=0, maximum=2_000, plausible_minimum=1, plausible_maximum=400),
            number("headcount", "Antal ansatte", "Employees", ("personer", "persons"),
                   "Fastansatte medarbejdere (personer, ikke årsværk), gennemsnit over året.",
                   "Permanent employees (persons, not FTE), the average over the year.",
                   type="integer", minimum=0, maximum=5_000, plausible_minimum=1, plausible_maximum=600),
            number("managers", "Antal ledere", "Managers", ("personer", "persons"),
                   "Personer med personaleansvar: forstander, afdelings- og teamledere.",
                   "Persons with staff responsibility: head, department and team leaders.",
                   type="integer", minimum=0, maximum=200, plausible_minimum=1, plausible_maximum=25),
            number("overtime_hours", "Udbetalt overarbejde", "Paid overtime", per_year,
                   "Timer overarbejde og merarbejde, der er udbetalt i året (ikke afspadseret).",
                   "Hours of overtime paid out in the year (not taken as time off).", minimum=0, maximum=500_000),
            number("temp_hours", "Vikartimer", "Temp staff hours", per_year,
                   "Timer udført af timelønnede vikarer og vikarbureau i året.",
                   "Hours worked by hourly-paid temps and agency staff in the year.", minimum=0, maximum=2_000_000),
            number("leavers", "Fratrådte medarbejdere", "Leavers", ("personer", "persons"),
                   "Fastansatte, der er fratrådt i året, uanset årsag.",
                   "Permanent employees who left during the year, for any reason.",
                   type="integer", minimum=0, maximum=5_000),
            number("competence_days", "Kompetenceudviklingsdage", "Competence development days", ("dage", "days"),
                   "Dage med kurser og efter- og videreuddannelse for alle ansatte i året i alt (1 dag = 7,4 timer).",
                   "Days of courses and further education for all employees in the year in total "
                   "(1 day = 7.4 hours).", minimum=0, maximum=50_000),
            number("shift_overlap", "Overlap ved vagtskifte", "Shift overlap", ("minutter", "minutes"),
                   "Typisk antal minutter, hvor afgående og kommende vagt er på arbejde samtidig.",
                   "Typical minutes in which the leaving and the arriving shift are at work together.",
                   type="integer", minimum=0, maximum=240, plausible_maximum=60),
            Field("night_watch", Text("Nattevagt", "Night watch"), "choice", choices=_choices(NIGHT_WATCH),
                  help=Text("Hvordan er natten dækket? Delt = nattevagt fælles med andre tilbud.",
                            "How is the night covered? Shared = night staff shared with other facilities.")),
            Field("contact_name", Text("Kontaktperson", "Contact person"), "text", max_length=100,
                  help=Text("Den, vi kan spørge om besvarelsen.", "The person we can ask about the answers.")),
            Field("contact_email", Text("Kontaktpersonens e-mail", "Contact e-mail"), "email", max_length=200,
                  help=Text("Fx navn@kommune.dk.", "E.g. name@kommune.dk.")),
        ),
    )


def _citizens_sheet() -> TableSheet:
    rows = tuple(RowItem(key, group_id, Text(*group), Text(*label)) for key, group_id, group, label in NEED_LEVELS)
    return TableSheet(
        id="citizens",
        name=Text("Borgere", "Citizens"),
        heading=Text("Borgere fordelt på støttebehov (VUM)", "Citizens by support need (VUM)"),
        intro=Text("Tæl hver borger, der bor på tilbuddet ved årets udgang, én gang: på niveauet i den samlede "
                   "vurdering af funktionsniveau i borgerens seneste VUM-udredning. Skriv 0 ved niveauer uden borgere.",
                   "Count each citizen living at the facility at the end of the year once: at the level of the "
                   "overall assessment of functioning in the citizen's latest VUM assessment. Enter 0 for levels "
                   "without citizens."),
        key_header=Text("Niveau", "Level"),
        group_header=Text("Skala", "Scale"),
        label_header=Text("Støttebehov", "Support need"),
        rows=rows,
        columns=(Field("citizens", Text("Antal borgere", "Citizens"), "integer", unit=Text("borgere", "citizens"),
                       minimum=0, maximum=500, help=Text(*CITIZENS_HELP)),),
        total_fields=("citizens",),
    )


def _staffing_sheet() -> TableSheet:
    def group(hour: int) -> tuple[str, Text]:
        if 7 <= hour < 15:
            return "day", Text("Dag (07-15)", "Day (07-15)")
        if 15 <= hour < 23:
            return "evening", Text("Aften (15-23)", "Evening (15-23)")
        return "night", Text("Nat (23-07)", "Night (23-07)")

    rows = tuple(RowItem(f"{h:02d}-{h + 1:02d}", *group(h), Text(f"kl. {h:02d}.00-{h + 1:02d}.00",
                                                                  f"{h:02d}:00-{h + 1:02d}:00"))
                 for h in range(24))
    staff_help, citizens_help = STAFFING_HELP

    def column(field_id, da, en, unit, help_, kind) -> Field:
        return Field(field_id, Text(da, en), kind, unit=Text(*unit), minimum=0, maximum=500, width=13,
                     help=Text(*help_))

    staff, present = ("medarbejdere", "staff"), ("borgere", "citizens")
    return TableSheet(
        id="staffing",
        name=Text("Normering", "Staffing"),
        heading=Text("Normering hen over døgnet", "Staffing across the day"),
        intro=Text("For hver time på en almindelig hverdag (mandag-fredag) og weekenddag: hvor mange medarbejdere "
                   "er på vagt, og hvor mange borgere er til stede på tilbuddet? Brug decimaler for delte eller "
                   "halve vagter (fx 0,5).",
                   "For each hour of a normal weekday (Monday-Friday) and weekend day: how many staff are on duty, "
                   "and how many citizens are present at the facility? Use decimals for shared or half shifts "
                   "(e.g. 0.5)."),
        key_header=Text("Time", "Hour"),
        group_header=Text("Vagt", "Shift"),
        label_header=Text("Tidsrum", "Time"),
        rows=rows,
        columns=(
            column("staff_weekday", "Personale, hverdag", "Staff, weekday", staff, staff_help, "number"),
            column("citizens_weekday", "Borgere til stede, hverdag", "Citizens present, weekday", present,
                   citizens_help, "integer"),
            column("staff_weekend", "Personale, weekend", "Staff, weekend", staff, staff_help, "number"),
            column("citizens_weekend", "Borgere til stede, weekend", "Citizens present, weekend", present,
                   citizens_help, "integer"),
        ),
        total_fields=("staff_weekday", "citizens_weekday", "staff_weekend", "citizens_weekend"),
    )


DOMAIN = Domain(
    id="botilbud",
    title=Text("Benchmarking af botilbud", "Residential care benchmark"),
    template_version=TEMPLATE_VERSION,
    sheets=(_front_sheet(), _citizens_sheet(), _staffing_sheet()),
    participant_field="facility_id",
    year_field="year",
    instructions=INSTRUCTIONS,
    rules=RULES,
)
