"""Where a round stands, per participant: received, replaced, refused or missing.

A benchmark collects one or more documents per participant (administration: one workbook per
municipality; botilbud: a questionnaire and a time registration per facility; jobcenter: a staff
list, a konto 5 budget and one allocation per department). Which documents, and how the participant
is named, is a :class:`StatusSpec`: derived from the benchmark's declarations
(``Benchmark.declarations``), so a new benchmark plugs in without a line here, or registered with
:func:`register_status` for shorter labels. The state of every document comes from the store: its
current submission, the submissions it replaced, and the refusals recorded by ``ingest``.
Participants are matched against the expected list (from the prefill CSV or the round
configuration) so the consultant sees who has not answered.

A document whose template names a detail besides the participant (``Domain.participant_detail``:
jobcenter's allocation, one per department) is one column with a part per detail; a benchmark's
``checks`` hook says which details are expected (the departments of the staff list) and what is
wrong across a participant's documents (an employee nobody allocated), which makes the
participant ``inconsistent`` even when every file was received.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from engine.store.refusals import Refusal, refusals
from engine.text import Text, plural
from engine.validation.issues import Issue
from engine.validation.submission import PARTICIPANT_SEPARATOR

State = Literal["received", "replaced", "refused", "missing", "inconsistent"]
STATES: tuple[State, ...] = ("received", "replaced", "refused", "missing", "inconsistent")
STATE_LABELS: dict[str, Text] = {
    "received": Text("modtaget", "received"),
    "replaced": Text("erstattet", "replaced"),
    "refused": Text("afvist", "refused"),
    "missing": Text("mangler", "missing"),
    "inconsistent": Text("fejl på tværs", "errors across"),
}
# A participant (or a document of several parts) is as far from done as its worst part.
_WORST_FIRST: tuple[State, ...] = ("refused", "missing", "replaced")


@dataclass(frozen=True)
class Document:
    """One kind of workbook a participant sends: the store domain it is ingested into."""

    domain: str
    label: Text


@dataclass(frozen=True)
class StatusSpec:
    """How a benchmark's round status is put together.

    ``documents`` are the workbooks each participant sends (all expected); ``participant_label``
    names the participant column ("Kommune", "Tilbud"); ``name_field`` is the form field of a
    stored submission that names the participant (a choice field shows its label). ``checks`` is
    a ``"module:function"`` reference to ``(store, year) -> {participant: (details, findings)}``:
    ``details`` maps a detailed document's domain to the detail names expected (a municipality's
    departments), ``findings`` are the issues across the participant's stored documents.
    """

    benchmark: str
    documents: tuple[Document, ...]
    participant_label: Text
    name_field: str | None = None
    checks: str | None = None


_SPECS: dict[str, StatusSpec] = {}


def register_status(spec: StatusSpec) -> None:
    """Declare (or redeclare) how the round status of ``spec.benchmark`` is put together."""
    _SPECS[spec.benchmark] = spec


def status_spec(benchmark: str) -> StatusSpec:
    """How the round status of ``benchmark`` is put together: as registered, else derived."""
    return _SPECS.get(benchmark) or derived_status_spec(benchmark)


def derived_status_spec(benchmark: str) -> StatusSpec:
    """The status spec a benchmark's declarations imply.

    One document per template the benchmark declares, the participants' template first, each
    labelled with its title; the participant column labelled like that template's participant
    field; names from that field when it is a choice (a municipality's code shows its name), else
    from a form field ``*_name``.
    """
    from engine.benchmarks import get_benchmark
    from engine.spec import FormSheet

    declared = get_benchmark(benchmark)  # KeyError, naming the known ones, for an unknown id
    main = declared.declaration(declared.domain)
    _, participant = main.form_field(main.participant_field)
    domains = [declared.domain, *(d for d in declared.declarations if d != declared.domain)]
    documents = tuple(Document(d, declared.declaration(d).title) for d in domains)
    names = [f.id for sheet in main.sheets if isinstance(sheet, FormSheet) for f in sheet.fields
             if f.id.endswith("_name")]
    name_field = participant.id if participant.choices else next(iter(names), None)
    return StatusSpec(benchmark, documents, participant.label, name_field)


register_status(StatusSpec(
    "administration", (Document("administration", Text("Besvarelse", "Submission")),),
    Text("Kommune", "Municipality"), name_field="municipality"))
register_status(StatusSpec(
    "botilbud", (Document("botilbud", Text("Spørgeskema", "Questionnaire")),
                 Document("botilbud_tid", Text("Tidsregistrering", "Time registration"))),
    Text("Tilbud", "Facility"), name_field="facility_name"))
register_status(StatusSpec(
    "jobcenter", (Document("jobcenter_staff", Text("Medarbejderliste", "Staff list")),
                  Document("jobcenter_konto5", Text("Konto 5", "Account 5")),
                  Document("jobcenter_fte", Text("Afdelingernes fordeling", "Departments' allocation"))),
    Text("Kommune", "Municipality"), name_field="municipality",
    checks="engine.benchmarks.jobcenter.status:status_checks"))


@dataclass(frozen=True)
class DocumentStatus:
    """The state of one document of one participant.

    ``errors`` counts the errors of the latest refusal; ``refused_later`` is True when a file
    refused after the current submission was stored (the current one still counts). A document
    of several parts (one per department) has them in ``parts`` as (detail name, status) and
    sums them up.
    """

    state: State
    file_name: str | None = None
    submissions: int = 0
    refusals: int = 0
    errors: int = 0
    refused_later: bool = False
    parts: tuple[tuple[str, "DocumentStatus"], ...] | None = None

    def describe(self, lang: str) -> str:
        """E.g. "afvist (3 fejl)", "erstattet (2 filer)", "modtaget; senere fil afvist (1 fejl)";
        of parts: "2 af 3 modtaget; afvist: Ydelse (1 fejl); mangler: Integration"."""
        if self.parts is not None:
            return self._describe_parts(lang)
        text = STATE_LABELS[self.state](lang)
        if self.state == "refused":
            text += f" ({errors_text(self.errors, lang)})"
        elif self.state == "replaced":
            text += f" ({count_text(self.submissions, 'fil', 'filer', 'file', 'files', lang)})"
        if self.refused_later:
            text += Text("; senere fil afvist", "; later file refused")(lang) + f" ({errors_text(self.errors, lang)})"
        return text

    def _describe_parts(self, lang: str) -> str:
        parts = self.parts or ()
        if not parts:
            return STATE_LABELS["missing"](lang)
        received = sum(1 for _, part in parts if part.state in ("received", "replaced"))
        text = Text(f"{received} af {len(parts)} modtaget", f"{received} of {len(parts)} received")(lang)
        for state in ("refused", "missing"):
            names = [name + (f" ({errors_text(part.errors, lang)})" if state == "refused" else "")
                     for name, part in parts if part.state == state]
            if names:
                text += f"; {STATE_LABELS[state](lang)}: {', '.join(names)}"
        return text


@dataclass(frozen=True)
class ParticipantStatus:
    participant: str
    name: str
    expected: bool | None  # None: no expected list was given
    documents: tuple[DocumentStatus, ...]
    findings: tuple[Issue, ...] = ()  # across the participant's stored documents (the benchmark's checks)

    @property
    def state(self) -> State:
        """The participant as a whole: refused or missing if any document is; with errors across its
        documents inconsistent; else replaced or received."""
        state = _worst(d.state for d in self.documents)
        if state in ("received", "replaced") and any(i.severity == "error" for i in self.findings):
            return "inconsistent"
        return state

    @property
    def errors(self) -> int:
        return sum(d.errors for d in self.documents if d.state == "refused")

    def describe(self, lang: str) -> str:
        return STATE_LABELS[self.state](lang)


@dataclass
class RoundStatus:
    benchmark: str
    year: int
    spec: StatusSpec
    participants: list[ParticipantStatus] = field(default_factory=list)
    # Refused files that did not say which participant (or template) they are.
    unidentified: list[Refusal] = field(default_factory=list)
    expected_given: bool = False
    round_findings: list[Issue] = field(default_factory=list)  # about the round's own files (a register)

    @property
    def complete(self) -> bool:
        """Everyone received, no refused file unaccounted for, no error in the round's own files."""
        return (all(p.state in ("received", "replaced") for p in self.participants) and not self.unidentified
                and not any(i.severity == "error" for i in self.round_findings))

    def count(self, state: State) -> int:
        return sum(1 for p in self.participants if p.state == state)

    def summary(self, lang: str) -> str:
        """E.g. "Runde 2026, administration: 30 forventede; 28 modtaget (heraf 1 erstattet), 1 afvist, 1 mangler"."""
        received, replaced = self.count("received") + self.count("replaced"), self.count("replaced")
        of_them = Text(f" (heraf {replaced} erstattet)", f" ({replaced} of them replaced)")(lang) if replaced else ""
        parts = [f"{received} {STATE_LABELS['received'](lang)}{of_them}"]
        parts += [f"{self.count(state)} {STATE_LABELS[state](lang)}" for state in ("refused", "missing")]
        if self.count("inconsistent"):
            parts.append(f"{self.count('inconsistent')} {STATE_LABELS['inconsistent'](lang)}")
        head = Text(f"Runde {self.year}, {self.benchmark}: ", f"Round {self.year}, {self.benchmark}: ")(lang)
        if self.expected_given:
            expected = sum(1 for p in self.participants if p.expected)
            head += Text(f"{expected} forventede; ", f"{expected} expected; ")(lang)
        return head + ", ".join(parts)

    @property
    def unexpected(self) -> list[ParticipantStatus]:
        return [p for p in self.participants if p.expected is False]


def round_status(store, benchmark: str, year: int, expected: Sequence[str] | None = None,
                 expected_names: dict[str, str] | None = None) -> RoundStatus:
    """Every participant of ``benchmark``'s round ``year`` that sent anything or was expected.

    ``expected`` (participant ids) adds the participants who sent nothing, as missing; without it
    only documents that are missing beside received ones (a facility's time registration, a
    department of the staff list) show.
    """
    spec = status_spec(benchmark)
    domains = [d.domain for d in spec.documents]
    detailed = {d for d in domains if _declares_detail(d)}
    submitted = _submissions(store.db, domains, year)
    names = _stored_names(store.db, domains, year, spec.name_field, detailed)
    refused: dict[tuple[str, str], list[Refusal]] = {}
    unidentified = []
    for refusal in refusals(store.db, year):
        if refusal.domain in domains and refusal.participant is not None:
            refused.setdefault((refusal.domain, refusal.participant), []).append(refusal)
        elif refusal.domain is None or refusal.domain in domains:
            unidentified.append(refusal)
    checks = _load(spec.checks)(store, year) if spec.checks else {}
    keys = {_main_key(key, domain in detailed) for domain, key in [*submitted, *refused]}
    keys |= set(expected or ()) | set(checks)
    expected_set = set(expected) if expected is not None else None
    status = RoundStatus(benchmark, year, spec, unidentified=unidentified, expected_given=expected is not None)
    for key in sorted(keys, key=_natural):
        details, findings = checks.get(key, ({}, ()))
        documents = tuple(
            _parts_status(submitted, refused, domain, key, details.get(domain, ())) if domain in detailed
            else _document_status(submitted.get((domain, key)), refused.get((domain, key), []))
            for domain in domains)
        name = names.get(key) or (expected_names or {}).get(key) or _choice_label(domains[0], spec.name_field, key)
        status.participants.append(ParticipantStatus(
            key, name, None if expected_set is None else key in expected_set, documents, tuple(findings)))
    return status


def _parts_status(submitted: dict, refused: dict, domain: str, key: str, expected_details) -> DocumentStatus:
    """One document per detail (department): the expected ones, and any other that was sent."""
    prefix = key + PARTICIPANT_SEPARATOR
    sent = {stored[len(prefix):] for d, stored in [*submitted, *refused] if d == domain and stored.startswith(prefix)}
    by_key: dict[str, tuple[str, list[str]]] = {}
    for detail in [*expected_details, *sorted(sent)]:
        name, stored = by_key.setdefault(detail_key(detail), (detail, []))
        if detail in sent and detail not in stored:
            stored.append(detail)
    parts = []
    for name, stored in by_key.values():
        found = [submitted[(domain, prefix + d)] for d in stored if (domain, prefix + d) in submitted]
        refusals_of = sorted((r for d in stored for r in refused.get((domain, prefix + d), [])),
                             key=lambda r: r.after_submission)
        parts.append((name, _document_status(max(found, key=lambda s: s.submission_id, default=None), refusals_of)))
    if not parts:
        return DocumentStatus("missing", parts=())
    return DocumentStatus(
        _worst(part.state for _, part in parts), ", ".join(p.file_name for _, p in parts if p.file_name) or None,
        sum(p.submissions for _, p in parts), sum(p.refusals for _, p in parts),
        sum(p.errors for _, p in parts if p.state == "refused"), any(p.refused_later for _, p in parts), tuple(parts))


def detail_key(detail: str) -> str:
    """Details (department names) match regardless of case and spacing, as Excel's SUMIF does."""
    return " ".join(detail.split()).casefold()


def _worst(states) -> State:
    states = set(states)
    return next((state for state in _WORST_FIRST if state in states), "received")


def _main_key(key: str, detailed: bool) -> str:
    return key.partition(PARTICIPANT_SEPARATOR)[0] if detailed else key


def _declares_detail(domain_id: str) -> bool:
    from engine.benchmarks import get_domain

    try:
        return get_domain(domain_id).participant_detail is not None
    except KeyError:  # a registered spec for a domain no benchmark declares (tests)
        return False


def _load(reference: str):
    import importlib

    module, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module), attribute)


@dataclass(frozen=True)
class _Submitted:
    file_name: str
    submission_id: int
    count: int


def _submissions(db, domains: Sequence[str], year: int) -> dict[tuple[str, str], _Submitted]:
    marks = ",".join("?" * len(domains))
    rows = db.execute(
        "SELECT r.domain, p.key, count(*), max(CASE WHEN s.replaced_at IS NULL THEN s.file_name END), "
        "max(CASE WHEN s.replaced_at IS NULL THEN s.id END) "
        "FROM submissions s JOIN rounds r ON r.id = s.round_id JOIN participants p ON p.id = s.participant_id "
        f"WHERE r.year = ? AND r.domain IN ({marks}) GROUP BY r.domain, p.key", (year, *domains)).fetchall()
    return {(domain, key): _Submitted(file_name, submission_id, count)
            for domain, key, count, file_name, submission_id in rows if file_name is not None}


def _stored_names(db, domains: Sequence[str], year: int, name_field: str | None,
                  detailed: set[str] = frozenset()) -> dict[str, str]:
    if name_field is None:
        return {}
    marks = ",".join("?" * len(domains))
    rows = db.execute(
        "SELECT r.domain, p.key, v.text FROM submission_values v JOIN submissions s ON s.id = v.submission_id "
        "JOIN rounds r ON r.id = s.round_id JOIN participants p ON p.id = s.participant_id "
        f"WHERE r.year = ? AND r.domain IN ({marks}) AND s.replaced_at IS NULL AND v.row_key = '' "
        "AND v.field_id = ? AND v.text IS NOT NULL", (year, *domains, name_field)).fetchall()
    names: dict[str, str] = {}
    for domain, key, text in sorted(rows, key=lambda row: domains.index(row[0]), reverse=True):
        key = _main_key(key, domain in detailed)
        names[key] = _choice_label(domain, name_field, text) if text == key else text
    return names


def _choice_label(domain_id: str, field_id: str | None, value: str) -> str:
    """The Danish label of a choice value (a municipality code becomes its name); otherwise ''."""
    if field_id is None:
        return ""
    from engine.benchmarks import get_domain

    try:
        _, found = get_domain(domain_id).form_field(field_id)
    except KeyError:
        return ""
    return next((c.label.da for c in found.choices if c.id == value), "")


def _document_status(submitted: _Submitted | None, refused: list[Refusal]) -> DocumentStatus:
    latest = refused[-1] if refused else None
    if submitted is None:
        if latest is None:
            return DocumentStatus("missing")
        return DocumentStatus("refused", latest.file_name, 0, len(refused), latest.errors)
    later = latest is not None and latest.after_submission >= submitted.submission_id
    return DocumentStatus("replaced" if submitted.count > 1 else "received", submitted.file_name, submitted.count,
                          len(refused), latest.errors if later else 0, later)


def _natural(key: str) -> tuple:
    """Numeric ids in numeric order (101 before 1001), others alphabetically."""
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def errors_text(n: int, lang: str) -> str:
    return count_text(n, "fejl", "fejl", "error", "errors", lang)


def count_text(n: int, da_one: str, da_many: str, en_one: str, en_many: str, lang: str) -> str:
    """'1 fil', '2 filer' / '1 file', '2 files'."""
    return plural(n, Text(da_one, en_one), Text(da_many, en_many), lang)
