"""The method sheet's text for the botilbud facility report: every number explained, in Danish and English.

Kept apart from the layout (:mod:`engine.benchmarks.botilbud.report`) because it is prose a method owner
edits; the numbers in it come from the round's parameters, so text and formulas never disagree.
"""

from __future__ import annotations

from engine import __version__
from engine.benchmarks.botilbud.report_common import ADDRESSES, peer_letters
from engine.catalogue import link_rule
from engine.peers.comparison import TOLERANCE_TEXT
from engine.peers.matching import CLOSENESS_QUANTILES
from engine.text import Text


_PP = Text("procentpoint", "percentage points")
# The smallest distance from the peer median that is flagged, per indicator, in its own unit: the method
# sheet's parameter rows (named cells the flag formulas read) and the flags section's list, from one table.
MIN_DISTANCE_PARAMETERS = (
    ("min_distance_productivity", "min_distance_productivity",
     Text("Mindste afstand: brugerrettede timer pr. 1.000 takstkroner", "Smallest distance: user-oriented hours per 1,000 DKK"),
     Text("timer pr. 1.000 kr.", "hours per 1,000 DKK"), "0.00"),
    ("min_distance_time_share", "min_distance_time_share",
     Text("Mindste afstand: andel (direkte) brugerrettet tid", "Smallest distance: share of (direct) user-oriented time"),
     _PP, "0.0%"),
    ("min_distance_documentation", "min_distance_documentation",
     Text("Mindste afstand: andel tid til dokumentation", "Smallest distance: share of time on documentation"), _PP, "0.0%"),
    ("min_distance_staff_per_citizen", "min_distance_staff_per_citizen",
     Text("Mindste afstand: personale pr. borger til stede", "Smallest distance: staff per citizen present"),
     Text("medarbejdere pr. borger", "staff per citizen"), "0.00"),
    ("gap_min_fte", "gap_min_fte", Text("Mindste afstand: gab (også om natten)", "Smallest distance: gap (night too)"),
     Text("årsværk", "FTE"), "0.00"),
    ("min_distance_overtime", "min_distance_overtime",
     Text("Mindste afstand: udbetalt overarbejde", "Smallest distance: paid overtime"),
     Text("timer pr. årsværk", "hours per FTE"), "0.0"),
    ("min_distance_temp_share", "min_distance_temp_share",
     Text("Mindste afstand: vikarandel", "Smallest distance: temp share"), _PP, "0.0%"),
    ("min_distance_turnover", "min_distance_turnover",
     Text("Mindste afstand: personaleomsætning", "Smallest distance: staff turnover"), _PP, "0.0%"),
    ("min_distance_managers", "min_distance_managers",
     Text("Mindste afstand: ledere pr. medarbejder", "Smallest distance: managers per employee"),
     Text("ledere pr. ansat", "managers per employee"), "0.000"),
    ("min_distance_competence_days", "min_distance_competence_days",
     Text("Mindste afstand: kompetenceudviklingsdage", "Smallest distance: competence development days"),
     Text("dage pr. ansat", "days per employee"), "0.0"),
)


def min_distances_text(report) -> Text:
    """"overtime 5 hours per FTE; …": every minimum distance with its unit, from the parameters."""
    parts = {"da": [], "en": []}
    for _, attribute, label, unit, number_format in MIN_DISTANCE_PARAMETERS:
        value = getattr(report.params, attribute)
        shown = report.n(round(value * 100, 6)) if number_format.endswith("%") else report.n(value)
        for lang in ("da", "en"):
            what = label(lang).split(": ", 1)[-1]
            parts[lang].append(f"{what} {shown} {unit(lang)}")
    return Text("; ".join(parts["da"]), "; ".join(parts["en"]))


def method_sections(report) -> list[tuple[str, str]]:
    """(heading, body) pairs in the report's language."""
    p, lang, n = report.params, report.lang, report.n
    info = report.info
    results = report.results
    norm = n(p.annual_norm_hours)
    letters = peer_letters(p.n_peers)
    threshold = n(round(p.weakness_threshold * 100, 6))
    distances = min_distances_text(report)
    fte = (Text("basispersonalets årsværk", "front-line FTE") if p.fte_basis == "frontline"
           else Text("årsværk i alt", "FTE in total"))(lang)
    very_close, close = (round(q * 100) for q in CLOSENESS_QUANTILES)
    facilities = results.facilities
    named = sorted(str(name) for code, name, consent in zip(facilities.index, facilities["facility_name"],
                                                            facilities["consent"])
                   if code != report.facility and bool(consent))
    consent = (Text("Disse tilbud har givet samtykke til at blive nævnt: " + ", ".join(named) + ".",
                    "These facilities have consented to being named: " + ", ".join(named) + ".") if named else
               Text("Ingen andre tilbud har givet samtykke til at blive nævnt.",
                    "No other facility has consented to being named."))
    rule = p.disclosure.sentence(Text("tilbud", "facilities"))
    time_file = info.get("time_file_name")
    time_source = (Text(f" Tidsregistrering: {time_file} (SHA-256 {info.get('time_sha256')}).",
                        f" Time registration: {time_file} (SHA-256 {info.get('time_sha256')}).")
                   if isinstance(time_file, str) else Text(" Ingen tidsregistrering modtaget.",
                                                           " No time registration received."))
    T = Text
    sections = [
        (T("Hvad rapporten viser", "What the report shows"),
         T(f"Tilbuddets drift i {results.year} målt på KL's indikatorer for botilbud og sammenlignet med de "
           f"{p.n_peers} botilbud i benchmarkingen, der ligner det mest, og med en bredere klynge. "
           f"{len(results.facilities)} tilbud deltager i runden.",
           f"The facility's operation in {results.year} measured on KL's indicators for residential care and "
           f"compared with the {p.n_peers} facilities in the benchmark most similar to it and with a broader "
           f"cluster. {len(results.facilities)} facilities take part in the round.")),
        (T("Produktivitet", "Productivity"),
         T(f"Brugerrettede timer pr. 1.000 takstkroner = (årsværk × {norm} × andel brugerrettet tid) / (pladser × "
           f"belægning × takst × {p.days_per_year} / 1.000). Årsværk er {fte} (parameteren fte_basis): andelen "
           "brugerrettet tid måles i tidsregistreringen hos basispersonalet og gælder derfor deres årsværk. "
           f"{norm} timer er årsnormen for et årsværk ekskl. ferie mv. Belægningen bruges som brøk (97 % = 0,97), "
           "taksten er pr. plads pr. døgn. Takstkroner pr. brugerrettet time er det omvendte tal "
           "(takstindtægt / brugerrettede timer). Trin for trin på arket Produktivitet.",
           f"User-oriented hours per 1,000 DKK of tariff = (FTE × {norm} × share of user-oriented time) / (places "
           f"× occupancy × tariff × {p.days_per_year} / 1,000). FTE are {fte} (the parameter fte_basis): the share "
           "of user-oriented time is measured in the front-line staff's time registration and so applies to "
           f"their FTE. {norm} hours is the annual norm of one FTE excl. holidays etc. Occupancy is used as a "
           "fraction (97 % = 0.97), the tariff is per place per day. Tariff DKK per user-oriented hour is the "
           "inverse (tariff income / user-oriented hours). Step by step on the Productivity sheet.")),
        (T("Anvendelse af arbejdstiden", "Use of working time"),
         T("Andelene er minutter i en kategori delt med alle registrerede minutter i tidsregistreringen (alle "
           "medarbejdere og dage lagt sammen, så lange vagter vejer mere end korte). Brugerrettet tid = direkte + "
           "indirekte brugerrettet tid. Variationen i direkte tid er standardafvigelsen (stikprøve) af andelen "
           "direkte tid mellem medarbejderne og mellem registreringsdagene, og interkvartilbredden (3. − 1. kvartil) "
           "af andelen i de enkelte registreringer. Variationen har ingen bedste retning og markeres ikke.",
           "The shares are the minutes in a category divided by all minutes registered in the time registration "
           "(all staff and days added up, so long shifts weigh more than short ones). User-oriented time = direct "
           "+ indirect user-oriented time. The variation in direct time is the standard deviation (sample) of the "
           "share of direct time between staff members and between registration days, and the interquartile range "
           "(3rd − 1st quartile) of the share in the single registrations. Variation has no better direction and "
           "is not flagged.")),
        (T("Dokumentation", "Documentation"),
         T("Andel tid til dokumentation = minutter med dokumentation (daglige notater, mål og handleplaner, "
           "medicin, hændelser, anden) / alle registrerede minutter; fordelingen på de fem slags er andele af "
           "dokumentationstiden. En lavere andel regnes for bedre: casekatalogets indsatser for bedre dokumentation "
           "gør den kortere og mere målrettet og frigør tid til borgerne.",
           "Share of time spent on documentation = minutes of documentation (daily notes, goals and action plans, "
           "medication, incidents, other) / all registered minutes; the split on the five kinds is shares of the "
           "documentation time. A lower share counts as better: the catalogue's cases on better documentation make "
           "it shorter and more focused and free time for the citizens.")),
        (T("Normering hen over døgnet", "Staffing across the day"),
         T("For hver time af en almindelig hverdag og weekenddag: personale på vagt / borgere til stede. Personale "
           "pr. borger for døgnet = personaletimer / borgertimer. Gabet: i hver time sammenlignes personalet med "
           f"det personale, medianen for de {p.n_peers} mest lignende tilbuds personale pr. borger i samme time ville "
           "give (median × borgere til stede); timer med mere personale tæller med forskellen, timer med mindre "
           f"tæller 0. Gab i årsværk = (sum for hverdagen × {p.weekdays_per_year} + sum for weekenden × "
           f"{p.weekend_days_per_year}) / {norm}. Nattens gab er timerne kl. 23-07. En time, hvor færre end "
           f"{p.min_group} af de lignende tilbud har borgere til stede, har ingen sammenligning og tæller 0. Gabet "
           "sammenlignes med de lignende tilbuds egne gab (hvert målt mod sine egne lignende tilbud).",
           "For each hour of a normal weekday and weekend day: staff on duty / citizens present. Staff per citizen "
           "for the day = staff hours / citizen hours. The gap: in each hour the staff is compared with the staff "
           f"that the median of the {p.n_peers} most similar facilities' staff per citizen in the same hour would "
           "give (median × citizens present); hours with more staff count with the difference, hours with fewer "
           f"count 0. Gap in FTE = (sum for the weekday × {p.weekdays_per_year} + sum for the weekend × "
           f"{p.weekend_days_per_year}) / {norm}. The night gap is the hours 23-07. An hour in which fewer than "
           f"{p.min_group} of the similar facilities have citizens present has no comparison and counts 0. The gap "
           "is compared with the similar facilities' own gaps (each measured against its own similar "
           "facilities).")),
        (T("Øvrige indikatorer", "Other indicators"),
         T(f"Udbetalt overarbejde pr. årsværk = udbetalte timer / årsværk i alt. Vikarandel = vikartimer / "
           f"(basispersonalets årsværk × {norm} + vikartimer), fordi vikarer dækker basisvagter. "
           "Personaleomsætning = fratrådte fastansatte / antal ansatte. Ledere pr. medarbejder = ledere / antal "
           "ansatte (og det omvendte tal, medarbejdere pr. leder, som ikke markeres for sig). Kompetenceudviklingsdage "
           "pr. medarbejder = dage i alt / antal ansatte.",
           f"Paid overtime per FTE = hours paid out / FTE in total. Temp share = temp hours / (front-line FTE × "
           f"{norm} + temp hours), because temps cover front-line shifts. Staff turnover = permanent leavers / "
           "employees. Managers per employee = managers / employees (and the inverse, employees per manager, which "
           "is not flagged separately). Competence development days per employee = days in total / employees.")),
        (T("De mest lignende tilbud og klyngen", "The most similar facilities and the cluster"),
         T(f"Tilbuddene sammenlignes på andelen af borgere på hvert VUM-niveau 0-4 (vægt {n(p.need_weight)} hver) og "
           f"antal pladser (vægt {n(p.places_weight)}); hvert træk standardiseres over runden, og afstanden er den "
           f"vægtede euklidiske afstand. De {p.n_peers} nærmeste med samme primære målgruppe vælges, når målgruppen "
           f"har nok tilbud; ellers suppleres med de nærmeste fra andre målgrupper. Et tilbud er aldrig sin egen "
           f"sammenligning. Nærhed: 'meget tæt' er de {very_close} % korteste afstande i runden, 'tæt' op til "
           f"{close} %, ellers 'mindre tæt'. Klyngen er en bredere gruppe fundet ved hierarkisk klyngeanalyse (Ward) "
           "på de samme træk og målgruppen; klyngens median beregnes uden tilbuddet selv.",
           f"Facilities are compared on the share of citizens at each VUM level 0-4 (weight {n(p.need_weight)} each) "
           f"and the number of places (weight {n(p.places_weight)}); each feature is standardised over the round, and "
           f"the distance is the weighted Euclidean distance. The {p.n_peers} nearest with the same primary target "
           "group are chosen when the target group has enough facilities; otherwise the nearest from other target "
           f"groups fill up. A facility is never its own comparison. Closeness: 'very close' is the {very_close} % "
           f"shortest distances of the round, 'close' up to {close} %, else 'less close'. The cluster is a broader "
           "group found by hierarchical clustering (Ward) on the same features and the target group; the cluster's "
           "median is computed without the facility itself.")),
        (T("Markeringer", "Flags"),
         T(f"Et tilbud er markant svagere på en indikator, når det er mere end {threshold} % dårligere end medianen for "
           f"de {p.n_peers} mest lignende, i indikatorens dårlige retning (kolonnen 'Bedst er' på arket Overblik). "
           "Forskellen skal desuden være større end den mindste afstand, der betyder noget, i indikatorens egen "
           f"enhed: {distances.da}. Og tilbuddet skal ligge ud over "
           "kvartilen på den dårlige side blandt alle øvrige tilbud i runden (den dårligste fjerdedel; de "
           f"{p.n_peers} mest lignende er for få til kvartiler, der kræver mindst {p.disclosure.min_quartiles}): en "
           "markering, som halvdelen af tilbuddene får, siger ingen noget. Har runden kun "
           f"{p.min_group}-{p.disclosure.min_quartiles - 1} øvrige tilbud, vises kun deres median, og tilbuddet skal "
           "ligge ud over den på den dårlige side (den dårligste halvdel); vises heller ingen median, afgør "
           "afstandene alene. Placering: den fjerdedel (halvdelen) af de øvrige tilbud, tallet ligger i (n vises); en "
           "rangplads vises aldrig, da den i en lille gruppe afslører en grænse for et andet tilbuds tal. "
           "Hvor medianen er 0, markeres "
           "intet (heller ikke gabet): en procentdel af 0 er ingen målestok. En værdi, der højst afviger "
           f"{TOLERANCE_TEXT.da} fra medianen, regnes som lig med den og er ikke dårligere. Kun markeringer over for de "
           f"{p.n_peers} mest lignende tæller; klyngen vises til sammenligning. En markering peger på casekatalogets "
           "indsatser for indikatorens kode (arket Eksempler).",
           f"A facility is notably weaker on an indicator when it is more than {threshold} % worse than the median of "
           f"the {p.n_peers} most similar, in the indicator's bad direction (the column 'Better is' on the Summary "
           "sheet), and by more than the smallest distance that matters, in the indicator's own unit: "
           f"{distances.en}. And the facility must be beyond "
           "the quartile on the bad side among all other facilities of the round (the worst quarter; the "
           f"{p.n_peers} most similar are too few for quartiles, which need at least {p.disclosure.min_quartiles}): "
           f"a flag half the facilities get tells nobody anything. With only {p.min_group}-"
           f"{p.disclosure.min_quartiles - 1} other facilities only their median is shown, and the facility must be "
           "beyond it on the bad side (the worse half); with no median shown either, the distances alone decide. "
           "Position: the quarter (half) of the other facilities the figure falls in (with n); "
           "a rank is never shown, as in a small group it gives away a bound on another facility's figure. "
           "Where the median is 0 nothing is "
           "flagged (the gap neither): a share of 0 is no yardstick. A value at most "
           f"{TOLERANCE_TEXT.en} from the median counts as equal to it and is not worse. Only flags against the "
           f"{p.n_peers} most similar count; the cluster is shown for comparison. A flag points to the catalogue's "
           "cases for the indicator's code (the Examples sheet).")),
        (T("Eksempler: sådan er de valgt", "Examples: how they are chosen"), link_rule(ADDRESSES)),
        (T("Små grupper", "Small groups"),
         T(f"En median over færre end {p.min_group} tilbud vises ikke (–), og der markeres ikke. Det sker fx, når et af "
           "de lignende tilbud ikke har indsendt tidsregistrering, eller når klyngen er lille.",
           f"A median over fewer than {p.min_group} facilities is not shown (–), and nothing is flagged. This happens "
           "e.g. when one of the similar facilities has not sent a time registration, or when the cluster is "
           "small.")),
        (T("Anonymitet", "Anonymity"),
         T("Rapporten nævner ingen andre tilbud ved navn eller id, medmindre de har givet samtykke; de lignende "
           f"tilbud hedder Tilbud {letters} og indgår kun med afstand, nærhed og medianer. " + rule.da + " " + consent.da,
           "The report names no other facility by name or id unless it has consented; the similar facilities are "
           f"called Facility {letters} and appear only through distance, closeness and medians. " + rule.en + " " +
           consent.en)),
        (T("Formler og kontrol", "Formulas and checking"),
         T("Alle tilbuddets egne tal er formler over arkene Grundlag og Tidsregistrering og parametrene ovenfor; "
           "markér en celle for at se beregningen. Medianerne for de lignende tilbud og klyngen er faste værdier "
           "beregnet af kommunebench.",
           "All the facility's own figures are formulas over the Basis and Time registration sheets and the "
           "parameters above; select a cell to see the calculation. The medians of the similar facilities and the "
           "cluster are fixed values computed by kommunebench.")),
        (T("Kilde", "Source"),
         T(f"Spørgeskema: {info.get('file_name')} (SHA-256 {info.get('sha256')})." + time_source.da +
           f" Dannet af kommunebench {__version__} efter KL's benchmarking af botilbud.",
           f"Questionnaire: {info.get('file_name')} (SHA-256 {info.get('sha256')})." + time_source.en +
           f" Produced by kommunebench {__version__} following KL's benchmarking of residential care.")),
    ]
    return [(heading(lang), body(lang)) for heading, body in sections]
