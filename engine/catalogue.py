"""Improvement cases and their links to benchmark indicators.

Two KL catalogues are shipped as data: the efficiency catalogue of 2016
(``data/cases_efficiency.csv``, 152 distinct examples, ids ``E001``...) and the case
catalogue for residential care (``data/cases_botilbud.csv``, 35 cases, ``B01``...).
``data/case_links.csv`` links each benchmark indicator to the cases that address it;
every link carries its basis (the SYSTEMS.md section that proposed it, or ``inferred``).
An example must be about what it is shown under: ``data/case_topics.csv`` gives, per indicator,
the words of its subject (``bogføring``, ``faktura`` for bookkeeping; ``leder``, ``ledelse`` for
botilbud's LED; ``sygedagpenge`` for jobcenter's sickness benefit), and a link whose case names none
of them in its title or summary is refused when the catalogue is loaded. Every link of every
benchmark is checked so (administration's cross-cutting dimensions aside: a case is shown under a
category, never under them alone); an indicator without a linked case that passes shows none. A
report asks for the cases behind the indicators where a participant is weak:

>>> [case.case_id for case in load_catalogue().cases_for("botilbud", ["NORM-NAT", "LED"], limit=3)]
['E096', 'B09', 'B11']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from engine.reference import read_data_csv
from engine.text import Text

ADMINISTRATION = "engine.benchmarks.administration"  # where the administration categories live

CATALOGUES = ("efficiency", "botilbud")
BASES = ("SYSTEMS.md §1.8", "SYSTEMS.md §2.9", "SYSTEMS.md §3.7", "inferred")

# Indicators without a domain declaration of their own yet. Move them into the
# botilbud and jobcenter domain modules when those exist.
ADMINISTRATION_CROSS_CUTTING = ("centralisation", "digital_process", "digital_solution")
BOTILBUD_INDICATORS = ("NORM", "NORM-NAT", "TID", "DOK", "PROD", "ARB", "OVER", "VIK", "OMS", "LED", "KOMP")
JOBCENTER_INDICATORS = (
    # target groups (målgrupper)
    "unemployment_insurance_benefit", "cash_benefit_job_ready", "cash_benefit_activity_ready",
    "education_benefit_education_ready", "education_benefit_activity_ready", "self_support_benefit",
    "sickness_benefit", "job_clarification", "rehabilitation", "resource_course",
    "flex_job_unemployment_benefit", "flex_job",
    # tasks (opgaver, konto 6)
    "casework", "business_recruitment_service", "company_placements", "professional_development",
    "administration", "team_management", "other_actor",
)


def link_rule(column: Text) -> Text:
    """How an example comes to stand under an indicator, for a report's method sheet: the rule
    :class:`Catalogue` enforces when it loads, naming the examples sheet's column that shows it."""
    return Text(
        "Et eksempel vises kun under en indikator, når to ting holder: det er knyttet til indikatoren (efter "
        "forslagene i KL's materiale eller vores egen vurdering) og dets titel eller beskrivelse nævner et af "
        "indikatorens emneord (for ledelse fx «leder» eller «ledelse»). Kolonnen " + f"«{column.da}»" + " på "
        "arket Eksempler viser indikatoren og ordet, eksemplet er valgt for. Opfylder intet eksempel det for en "
        "indikator, vises intet for den.",
        "An example is shown under an indicator only when two things hold: it is linked to the indicator (as "
        "KL's material proposes or by our own judgement) and its title or description names one of the "
        "indicator's topic words (for management e.g. «leder» or «ledelse»). The column " + f"«{column.en}»" +
        " on the Examples sheet shows the indicator and the word the example was chosen for. Where no example "
        "meets this for an indicator, none is shown for it.")


@cache
def known_indicators(domain: str) -> frozenset[str]:
    """The indicator ids a domain's links may use.

    >>> sorted(known_indicators("botilbud"))[:3]
    ['ARB', 'DOK', 'KOMP']
    """
    if domain == "administration":
        categories = (row["category_id"] for row in read_data_csv("administration_categories.csv", ADMINISTRATION))
        return frozenset((*categories, *ADMINISTRATION_CROSS_CUTTING))
    if domain == "botilbud":
        return frozenset(BOTILBUD_INDICATORS)
    if domain == "jobcenter":
        return frozenset(JOBCENTER_INDICATORS)
    raise ValueError(f"unknown domain {domain!r}: expected administration, botilbud or jobcenter")


@dataclass(frozen=True)
class Case:
    """One improvement example: what a municipality did, and what it says it gained.

    ``gains`` and ``status`` are facts from the catalogue, shortened and in Danish;
    ``summary`` is our own one-sentence description. ``realizability`` is the
    catalogue's own 1-3 grade as written there (``"2-3"``, ``"1 / 3"``, ``""``...).
    """

    case_id: str
    catalogue: str
    title: str
    municipality: str
    theme: str
    gains: str
    summary: Text
    realizability: str
    status: str
    source: str
    sectors: tuple[str, ...] = ()

    @property
    def realizability_rank(self) -> float | None:
        """The mean of the grades stated (1 = easiest, 3 = hardest); None if none is stated.

        >>> [_case(realizability=r).realizability_rank for r in ("1", "2-3", "1 / 3", "2,5", "?", "")]
        [1.0, 2.5, 2.0, 2.5, None, None]
        """
        grades = [float(g.replace(",", ".")) for g in re.findall(r"\d+(?:,\d+)?", self.realizability)]
        return sum(grades) / len(grades) if grades else None


@dataclass(frozen=True)
class Link:
    domain: str
    indicator: str
    case_id: str
    basis: str


class Catalogue:
    """The cases and the links from indicators to them, checked on construction.

    ``topics`` maps (domain, indicator) to the words of the indicator's subject; a link to an
    indicator with topic words must point at a case whose title or Danish summary holds one.
    """

    def __init__(self, cases: Iterable[Case], links: Iterable[Link],
                 topics: dict[tuple[str, str], tuple[str, ...]] | None = None) -> None:
        self._cases: dict[str, Case] = {}
        for case in cases:
            if case.case_id in self._cases:
                raise ValueError(f"case id {case.case_id!r} appears twice in the catalogue")
            self._cases[case.case_id] = case
        self._links = tuple(links)
        for link in self._links:
            if link.case_id not in self._cases:
                raise ValueError(f"link {link.domain}/{link.indicator} points at unknown case {link.case_id!r}")
            if link.indicator not in known_indicators(link.domain):
                raise ValueError(f"link to {link.case_id} uses unknown {link.domain} indicator {link.indicator!r}")
            if link.basis not in BASES:
                raise ValueError(f"link {link.domain}/{link.indicator}/{link.case_id} has basis {link.basis!r}; "
                                 f"expected one of {', '.join(BASES)}")
        self._topics = dict(topics or {})
        for link in self._links:
            words = self._topics.get((link.domain, link.indicator))
            if words is None and link.indicator not in ADMINISTRATION_CROSS_CUTTING:
                raise ValueError(f"link to {link.case_id} under {link.domain} indicator {link.indicator!r}: it has "
                                 "no topic words in case_topics.csv, so its examples cannot be checked")
            if words is not None and not self.is_about(link.case_id, words):
                case = self._cases[link.case_id]
                raise ValueError(f"{link.case_id} ({case.title}) is linked to {link.domain}/{link.indicator} but "
                                 f"names none of its topic words ({'; '.join(words)}) in its title or summary")

    def is_about(self, case_id: str, words: Iterable[str]) -> bool:
        """Whether the case's title or Danish summary names one of ``words`` (case-insensitive)."""
        return self.topic_word(case_id, words) is not None

    def topic_word(self, case_id: str, words: Iterable[str]) -> str | None:
        """The first of ``words`` the case's title or Danish summary names (case-insensitive), if any."""
        case = self._cases[case_id]
        text = f"{case.title} {case.summary.da}".casefold()
        return next((word for word in words if word.casefold() in text), None)

    def topics(self, domain: str, indicator: str) -> tuple[str, ...]:
        """The topic words of an indicator (empty for administration's cross-cutting dimensions)."""
        return self._topics.get((domain, indicator), ())

    def why_linked(self, case_id: str, domain: str, indicator: str) -> str | None:
        """The topic word that makes the case about ``indicator`` (shown beside it: "ledelse («leder»)"),
        or None when the case is not linked to it."""
        if case_id not in self.links(domain).get(indicator, ()):
            return None
        return self.topic_word(case_id, self.topics(domain, indicator))

    def __len__(self) -> int:
        return len(self._cases)

    def cases(self, catalogue: str | None = None) -> list[Case]:
        """All cases, or those of one catalogue, in id order."""
        return sorted((c for c in self._cases.values() if catalogue in (None, c.catalogue)), key=lambda c: c.case_id)

    def case(self, case_id: str) -> Case:
        """One case by id.

        >>> load_catalogue().case("E026").municipality
        'Ringkøbing-Skjern Kommune'
        """
        try:
            return self._cases[case_id]
        except KeyError:
            raise KeyError(f"no improvement case {case_id!r}: ids look like 'E026' or 'B01'") from None

    def links(self, domain: str) -> dict[str, list[str]]:
        """Indicator -> linked case ids for one domain, in file order.

        >>> load_catalogue().links("jobcenter")["sickness_benefit"]
        ['E068']
        """
        known_indicators(domain)  # rejects an unknown domain
        result: dict[str, list[str]] = {}
        for link in self._links:
            if link.domain == domain:
                result.setdefault(link.indicator, []).append(link.case_id)
        return result

    def cases_for(self, domain: str, indicators: Iterable[str], limit: int | None = None) -> list[Case]:
        """Distinct cases linked to any of ``indicators``: those addressing most of them first,
        then the easiest to realise (unknown last), then by id.

        >>> [c.case_id for c in load_catalogue().cases_for("administration", ["recruitment"])]
        ['E015', 'E039']
        """
        wanted = set(indicators)
        unknown = wanted - known_indicators(domain)
        if unknown:
            raise ValueError(f"unknown {domain} indicator(s) {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(sorted(known_indicators(domain)))}")
        hits: dict[str, set[str]] = {}
        for link in self._links:
            if link.domain == domain and link.indicator in wanted:
                hits.setdefault(link.case_id, set()).add(link.indicator)

        def order(case_id: str) -> tuple:
            rank = self._cases[case_id].realizability_rank
            return (-len(hits[case_id]), rank is None, rank or 0.0, case_id)

        ranked = [self._cases[case_id] for case_id in sorted(hits, key=order)]
        return ranked if limit is None else ranked[:limit]

    def examples_for(self, domain: str, indicator: str, also: Iterable[str] = (), limit: int | None = None
                     ) -> list[Case]:
        """The cases shown under ``indicator``: only those linked to it (so about it), those that also
        address ``also`` (the dimensions it is flagged on: ``centralisation``) first, then the easiest to
        realise, then by id. A case linked only to ``also`` is about the dimension, not this indicator,
        and is never shown under it.

        >>> [c.case_id for c in load_catalogue().examples_for("administration", "billing_debtor_management",
        ...                                                       ["centralisation"])][:2]
        ['E020', 'E026']
        >>> load_catalogue().examples_for("administration", "financing_banking", ["centralisation"])
        []
        """
        own = [case.case_id for case in self.cases_for(domain, [indicator])]
        also_links = self.links(domain)
        extra = {case_id: sum(case_id in also_links.get(other, ()) for other in set(also)) for case_id in own}
        ranked = sorted(own, key=lambda case_id: (-extra[case_id], own.index(case_id)))
        chosen = [self._cases[case_id] for case_id in ranked]
        return chosen if limit is None else chosen[:limit]


@cache
def load_catalogue() -> Catalogue:
    """The shipped catalogues and links (read once)."""
    cases = [
        Case(case_id=row["case_id"], catalogue="efficiency", title=row["title_da"],
             municipality=row["municipality"], theme=row["efficiency_type_da"], gains=row["gains_da"],
             summary=Text(row["summary_da"], row["summary_en"]), realizability=row["realizability"],
             status=row["status_da"], source=f"KL effektiviseringskatalog 2016, eksempel {row['source_row']}",
             sectors=tuple(row["all_sectors"].split(";")))
        for row in read_data_csv("cases_efficiency.csv")
    ] + [
        Case(case_id=row["case_id"], catalogue="botilbud", title=row["title_da"],
             municipality=row["municipality"], theme=row["theme_da"], gains=row["gains_da"],
             summary=Text(row["summary_da"], row["summary_en"]), realizability="", status="",
             source=f"KL casekatalog for botilbud, case {row['number']}")
        for row in read_data_csv("cases_botilbud.csv")
    ]
    links = [Link(row["domain"], row["indicator"], row["case_id"], row["basis"])
             for row in read_data_csv("case_links.csv")]
    topics = {(row["domain"], row["indicator"]): tuple(w.strip() for w in row["words"].split(";") if w.strip())
              for row in read_data_csv("case_topics.csv")}
    return Catalogue(cases, links, topics)


def _case(**changes: str) -> Case:
    """A throwaway case for examples and tests."""
    fields = dict(case_id="X1", catalogue="efficiency", title="", municipality="", theme="", gains="",
                  summary=Text("", ""), realizability="", status="", source="")
    return Case(**{**fields, **changes})
