"""The activity categories of the botilbud time registration and its instructions (Danish and English).

The categories answer the report's three questions (what is the time used for, how
much is direct user-oriented time, what is documented). The sources name no
categories (SYSTEMS.md §1.4.2 ⚠), so these are our definitions: direct and indirect
user-oriented time, documentation split by what is documented, and the rest of the
working day, so that the categories add up to the whole shift.
"""

from __future__ import annotations

from engine.spec import InstructionSection
from engine.text import Text

# (field id, Danish label, English label, Danish help, English help). The help is the cell's input
# message (at most 255 characters), so it is the short form of the definitions below.
CATEGORIES = (
    ("direct", "Direkte brugerrettet tid", "Direct user-oriented time",
     "Tid sammen med borgeren: omsorg, pleje, måltider, samtaler, aktiviteter, ledsagelse, pædagogisk støtte. "
     "Også telefon/video med borgeren.",
     "Time with the citizen: care, meals, conversations, activities, escorting, educational support. Also "
     "phone/video with the citizen."),
    ("indirect", "Indirekte brugerrettet tid", "Indirect user-oriented time",
     "Arbejde for en bestemt borger, uden at borgeren er til stede: kontakt med pårørende, læge, sagsbehandler; "
     "forberede aktiviteter; dosere medicin; indkøb for borgeren.",
     "Work for a particular citizen without the citizen present: contact with relatives, doctor, case worker; "
     "preparing activities; dispensing medicine; shopping for the citizen."),
    ("doc_daily", "Dokumentation: daglige notater", "Documentation: daily notes",
     "Løbende notater om borgerens dag og trivsel i journal eller dagbog.",
     "Running notes on the citizen's day and well-being in the record or diary."),
    ("doc_goals", "Dokumentation: mål og handleplaner", "Documentation: goals and action plans",
     "Pædagogiske planer, handleplaner, statusrapporter og opfølgning på borgerens mål.",
     "Educational plans, action plans, status reports and follow-up on the citizen's goals."),
    ("doc_medication", "Dokumentation: medicin", "Documentation: medication",
     "Medicinskema, FMK, medicinregnskab og registrering af givet medicin.",
     "Medication chart, the shared medication record, medicine accounts and recording medicine given."),
    ("doc_incidents", "Dokumentation: hændelser", "Documentation: incidents",
     "Utilsigtede hændelser, magtanvendelse, vold og trusler og andre indberetninger.",
     "Adverse events, use of force, violence and threats and other reports."),
    ("doc_other", "Dokumentation: anden", "Documentation: other",
     "Anden skriftlig dokumentation om borgere, fx skriftlig overlevering og korrespondance i journalen.",
     "Other written documentation about citizens, e.g. written handover and correspondence in the record."),
    ("meetings", "Møder", "Meetings",
     "Personalemøder, mundtlig overlevering ved vagtskifte, supervision og faglige møder, der ikke handler om "
     "én bestemt borger.",
     "Staff meetings, verbal handover at shift change, supervision and professional meetings that are not about "
     "one particular citizen."),
    ("transport", "Transport", "Transport",
     "Kørsel og gang mellem adresser eller afdelinger uden borgere. Kørsel med en borger er direkte tid.",
     "Travel between addresses or units without citizens. Travel with a citizen is direct time."),
    ("administration", "Administration", "Administration",
     "Vagtplan, e-mails, indkøb og økonomi for huset, it og andre administrative opgaver.",
     "Rota, e-mails, purchasing and finances for the house, IT and other administrative tasks."),
    ("other", "Andet", "Other",
     "Alt andet i vagten: betalte pauser, rengøring og praktiske opgaver uden borgere, kursus, ventetid.",
     "Everything else in the shift: paid breaks, cleaning and practical tasks without citizens, courses, "
     "waiting time."),
)
DOCUMENTATION = tuple(field_id for field_id, *_ in CATEGORIES if field_id.startswith("doc_"))
USER_ORIENTED = ("direct", "indirect")


def _definitions(language: int) -> str:
    return "\n".join(f"{category[1 + language]}: {category[3 + language]}" for category in CATEGORIES)


INSTRUCTIONS = (
    InstructionSection(
        Text("Formål", "Purpose"),
        Text("Tidsregistreringen viser, hvad arbejdstiden bruges på: hvor stor en del der er brugerrettet "
             "(direkte + indirekte), hvor meget der går til dokumentation, og hvad der dokumenteres. Andelen af "
             "brugerrettet tid indgår i indikatoren brugerrettede timer pr. 1.000 takstkroner.",
             "The time registration shows what working time is used for: how much is user-oriented (direct + "
             "indirect), how much goes to documentation, and what is documented. The share of user-oriented "
             "time feeds the indicator user-oriented hours per 1,000 DKK of tariff.")),
    InstructionSection(
        Text("Hvem, hvornår og hvordan", "Who, when and how"),
        Text("Hele basispersonalet (også nattevagter og faste vikarer) registrerer ca. hver tredje dag i en "
             "periode på 14 dage, fx dag 1, 4, 7, 10 og 13, altså ca. 5 dage hver (mindst 4). Lederen giver "
             "hver medarbejder en kode (fx S07) og udfylder forsiden.\n"
             "Én række pr. medarbejder pr. registreringsdag: kode, dato og minutter for hele vagten fordelt på "
             "kategorierne. Tomme felter tæller som 0. Har du to vagter samme dag, så læg dem sammen i én række. "
             "En vagt over midnat registreres på den dag, den begyndte. Sovende nattevagt: registrér kun den "
             "vågne tid. Registrér løbende i vagten eller lige efter – ikke efter hukommelsen dage senere.\n"
             "Rækkernes rækkefølge er ligegyldig, og der må være tomme rækker imellem.",
             "All front-line staff (including night staff and regular temps) register about every third day over "
             "a 14-day period, e.g. days 1, 4, 7, 10 and 13: about 5 days each (at least 4). The leader gives "
             "each staff member a code (e.g. S07) and fills in the front sheet.\n"
             "One row per staff member per registration day: code, date and the minutes of the whole shift split "
             "over the categories. Empty cells count as 0. Two shifts on the same day go into one row. A shift "
             "past midnight is registered on the day it started. Sleeping night staff: register the waking time "
             "only. Register during the shift or right after it – not from memory days later.\n"
             "The order of the rows does not matter, and blank rows in between are fine.")),
    InstructionSection(
        Text("Kategorierne", "The categories"),
        Text("Hvert minut af vagten hører til præcis én kategori. Brugerrettet tid = direkte + indirekte "
             "brugerrettet tid. Dokumentation deles efter, hvad der dokumenteres.\n" + _definitions(0),
             "Every minute of the shift belongs to exactly one category. User-oriented time = direct + indirect "
             "user-oriented time. Documentation is split by what is documented.\n" + _definitions(1))),
    InstructionSection(
        Text("Summer og kontroller", "Totals and checks"),
        Text("'Dokumentation i alt' og 'Minutter i alt' beregnes af skabelonen og kan ikke skrives i. Minutter i "
             "alt bliver gul under 1 time eller over 10 timer og rød over 16 timer. Øverst på arket ses antal "
             "udfyldte rækker og summen af hver kolonne.\n"
             "Ved indsendelse kontrolleres det, at hver dato ligger i perioden, at hver række har minutter (højst "
             "16 timer), at hver medarbejder har mindst 4 registreringsdage, og at samme kode og dato ikke står "
             "to gange.",
             "'Documentation in total' and 'Minutes in total' are calculated by the template and cannot be typed "
             "in. Minutes in total turns yellow under 1 hour or over 10 hours and red over 16 hours. The top of "
             "the sheet shows the number of filled rows and the total of each column.\n"
             "On submission it is checked that every date is inside the period, every row has minutes (at most "
             "16 hours), every staff member has at least 4 registration days, and the same code and date do not "
             "occur twice.")),
    InstructionSection(
        Text("Anonymitet og arkbeskyttelse", "Anonymity and sheet protection"),
        Text("Skriv aldrig navne eller CPR-numre – kun medarbejderkoder; listen over koder bliver hos lederen. "
             "Arkene er beskyttet uden adgangskode, så kun de gule felter kan ændres; strukturen skal bevares.",
             "Never write names or CPR numbers – only staff codes; the list of codes stays with the leader. The "
             "sheets are protected without a password so only the yellow cells can be changed; keep the "
             "structure.")),
)
