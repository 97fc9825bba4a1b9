"""Where a round stands, per participant: received, replaced, refused or missing.

A benchmark collects one or more documents per participant (administration: one workbook per
municipality; botilbud: a questionnaire and a time registration per facility; jobcenter:
several templates per municipality). Which documents, and how the participant is named, is a
:class:`StatusSpec`: derived from the benchmark's declarations (``Benchmark.declarations``), so a
new benchmark plugs in without a line here, or registered with :func:`register_status` for shorter
labels. The state of every document comes from the store: its current submission, the
submissions it replaced, and the refusals recorded by ``ingest``. Participants are matched
against the expected list (from the prefill CSV or the round configuration) so the consultant
sees who has not answered.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from engine.store.refusals import Refusal, refusals
from engine.text import Text, plural

State = Literal["received", "replaced", "refused", "missing"]
STATES: tuple[State, ...] = ("received", "replaced", "refused", "missing")
STATE_LABELS: dict[str, Text] = {
    "received": Text("modtaget", "received"),
    "replaced": Text("erstattet", "replaced"),
    "refused": Text("afvist", "refused"),
    "missing": Text("mangler", "missing"),
}


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
    stored submission that names the participant (a choice field shows its label).
    """

    benchmark: str
    documents: tuple[Document, ...]
    participant_label: Text
    name_field: str | None = None


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


@dataclass(frozen=True)
class DocumentStatus:
    """The state of one document of one participant.

    ``errors`` counts the errors of the latest refusal; ``refused_later`` is True when a file
    refused after the current submission was stored (the current one still counts).
    """

    state: State
    file_name: str | None = None
    submissions: int = 0
    refusals: int = 0
    errors: int = 0
    refused_later: bool = False

    def describe(self, lang: str) -> str:
        """E.g. "afvist (3 fejl)", "erstattet (2 filer)", "modtaget; senere fil afvist (1 fejl)"."""
        text = STATE_LABELS[self.state](lang)
        if self.state == "refused":
            text += f" ({errors_text(self.errors, lang)})"
        elif self.state == "replaced":
            text += f" ({count_text(self.submissions, 'fil', 'filer', 'file', 'files', lang)})"
        if self.refused_later:
            text += Text("; senere fil afvist", "; later file refused")(lang) + f" ({errors_text(self.errors, lang)})"
        return text


@dataclass(frozen=True)
class ParticipantStatus:
    participant: str
    name: str
    expected: bool | None  # None: no expected list was given
    documents: tuple[DocumentStatus, ...]

    @property
    def state(self) -> State:
        """The participant as a whole: missing or refused if any document is, else replaced or received."""
        states = {d.state for d in self.documents}
        return next((state for state in ("refused", "missing", "replaced") if state in states), "received")

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

    def count(self, state: State) -> int:
        return sum(1 for p in self.participants if p.state == state)

    def summary(self, lang: str) -> str:
        """E.g. "Runde 2026, administration: 30 forventede; 28 modtaget (heraf 1 erstattet), 1 afvist, 1 mangler"."""
        received, replaced = self.count("received") + self.count("replaced"), self.count("replaced")
        of_them = Text(f" (heraf {replaced} erstattet)", f" ({replaced} of them replaced)")(lang) if replaced else ""
        parts = [f"{received} {STATE_LABELS['received'](lang)}{of_them}"]
        parts += [f"{self.count(state)} {STATE_LABELS[state](lang)}" for state in ("refused", "missing")]
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
    only documents that are missing beside received ones (a facility's time registration) show.
    """
    spec = status_spec(benchmark)
    domains = [d.domain for d in spec.documents]
    submitted = _submissions(store.db, domains, year)
    names = _stored_names(store.db, domains, year, spec.name_field)
    round_refusals = refusals(store.db, year)
    refused: dict[tuple[str, str], list[Refusal]] = {}
    unidentified = []
    for refusal in round_refusals:
        if refusal.domain in domains and refusal.participant is not None:
            refused.setdefault((refusal.domain, refusal.participant), []).append(refusal)
        elif refusal.domain is None or refusal.domain in domains:
            unidentified.append(refusal)
    keys = {key for _, key in submitted} | {key for _, key in refused} | set(expected or ())
    expected_set = set(expected) if expected is not None else None
    status = RoundStatus(benchmark, year, spec, unidentified=unidentified, expected_given=expected is not None)
    for key in sorted(keys, key=_natural):
        documents = tuple(_document_status(submitted.get((d, key)), refused.get((d, key), [])) for d in domains)
        name = names.get(key) or (expected_names or {}).get(key) or _choice_label(domains[0], spec.name_field, key)
        status.participants.append(ParticipantStatus(
            key, name, None if expected_set is None else key in expected_set, documents))
    return status


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


def _stored_names(db, domains: Sequence[str], year: int, name_field: str | None) -> dict[str, str]:
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


# -- the expected participants --------------------------------------------------------------------
class ExpectedListError(Exception):
    """The expected-participant list cannot be read; ``text`` (bilingual) names the file and the problem."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def expected_participants(benchmark: str, csv_path: Path | None, config: Path | None
                          ) -> tuple[list[str] | None, dict[str, str]]:
    """The expected participants (and names) from the prefill CSV, else the configuration; (None, {}) if neither."""
    if csv_path:
        return expected_from_csv(csv_path, benchmark)
    return (expected_from_config(config, benchmark) if config else None), {}


def expected_from_csv(path: Path, benchmark: str) -> tuple[list[str], dict[str, str]]:
    """Participant ids (and names, where a name column has them) from a prefill CSV.

    The column is the first document's participant field (``municipality``, ``facility_id``); a
    municipality may be given by code or name, as in the prefill CSV.
    """
    from engine.benchmarks import get_domain
    from engine.templates.prefill import PrefillError, read_csv_records
    from engine.validation.checks import check_value

    spec = status_spec(benchmark)
    domain = get_domain(spec.documents[0].domain)
    _, participant = domain.form_field(domain.participant_field)
    try:
        _, rows = read_csv_records(path)
    except PrefillError as error:
        raise ExpectedListError(error.text) from None
    ids: list[str] = []
    names: dict[str, str] = {}
    for line, row in enumerate(rows, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if domain.participant_field not in row:
            raise ExpectedListError(Text(f"{path}: kolonnen {domain.participant_field!r} skal være der",
                                         f"{path}: the column {domain.participant_field!r} is required"))
        raw = row[domain.participant_field]
        if not raw:
            continue
        checked = check_value(participant, raw, "en")
        if checked.value is None:
            raise ExpectedListError(Text(f"{path}, linje {line}, kolonne {domain.participant_field}: {raw!r} er ikke "
                                         f"en kendt {participant.label.da.lower()}",
                                         f"{path}, line {line}, column {domain.participant_field}: {raw!r} is not "
                                         f"a known {participant.label.en.lower()}"))
        key = str(checked.value)
        ids.append(key)
        if spec.name_field and row.get(spec.name_field) and not participant.choices:
            names[key] = row[spec.name_field]
    return ids, names


def expected_from_config(path: Path, benchmark: str) -> list[str] | None:
    """``[expected] <benchmark> = [...]`` from a round configuration file; None if it has none."""
    try:
        with open(path, "rb") as handle:
            section = tomllib.load(handle).get("expected", {})
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ExpectedListError(Text(f"{path}: konfigurationen kan ikke læses: {error}",
                                     f"{path}: cannot read the configuration: {error}")) from None
    example = 'administration = ["101", "751"]'
    if not isinstance(section, dict):
        raise ExpectedListError(Text(f"{path}: [expected] skal være en tabel, fx {example}",
                                     f"{path}: [expected] must be a table, e.g. {example}"))
    if benchmark not in section:
        return None
    values = section[benchmark]
    if not isinstance(values, list):
        raise ExpectedListError(Text(f"{path}: expected.{benchmark} skal være en liste af deltager-id'er",
                                     f"{path}: expected.{benchmark} must be a list of participant ids"))
    return [str(value) for value in values]


def errors_text(n: int, lang: str) -> str:
    return count_text(n, "fejl", "fejl", "error", "errors", lang)


def count_text(n: int, da_one: str, da_many: str, en_one: str, en_many: str, lang: str) -> str:
    """'1 fil', '2 filer' / '1 file', '2 files'."""
    return plural(n, Text(da_one, en_one), Text(da_many, en_many), lang)
