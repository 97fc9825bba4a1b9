"""The source's own example (SYSTEMS.md §3.8, tables A–D) reproduced through the whole engine.

Municipality X is built from tables A and C: per category, its process scores have the table's
value as their mean (digital scores exactly; centralisation as near as whole numbers 0–3 over the
category's processes allow). Ten peers are built so that their mean per category is the peer value
the tables imply (own − deviation). All eleven are written as real templates, validated, stored and
computed by ``load_round``; then every cell of the four tables is compared after rounding to one
decimal, as the source shows them. The category cells test the construction; the overall cells
("Samlet", 12 of them) test the method's weighting, which the construction does not decide.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from engine.benchmarks.administration.compute import SCORES, TOTAL, AdministrationParameters, load_round
from engine.benchmarks import get_domain
from engine.reference import municipalities
from engine.spec import TableSheet
from engine.store.database import Store
from engine.templates.writer import write_template
from engine.validation.validate import validate_file

# (own C, DP, DL) per category in catalogue order, then the overall row: tables A and C.
OWN = {
    "finance": [(2.7, 0.1, 0.6), (2.7, 0.9, 0.9), (2.9, 0.9, 0.7), (2.1, 0.9, 0.8), (3.0, 1.0, 1.0), (2.7, 1.0, 1.0),
                (3.0, 1.0, 0.3), (3.0, 1.0, 1.0), (3.0, 0.0, 1.0), (3.0, 1.0, 1.0), (2.8, 0.8, 0.9),
                (2.8, 0.8, 0.8)],
    "hr": [(1.0, 0.8, 1.0), (1.8, 0.7, 0.9), (1.8, 0.4, 0.9), (1.0, 0.7, 0.5), (3.0, 0.0, 1.0), (1.8, 1.0, 0.5),
           (2.3, 0.3, 0.8), (0.0, 1.0, 1.0), (3.0, 0.8, 1.0), (1.2, 1.0, 1.0), (1.0, 1.0, 1.0), (0.0, 1.0, 1.0),
           (2.0, 0.0, 0.7), (0.9, 0.0, 0.0), (0.8, 0.0, 0.0), (3.0, 0.0, 0.3), (3.0, 0.0, 0.0), (3.0, 0.0, 0.2),
           (1.7, 0.5, 0.6)],
}
# Deviations from all other municipalities (ΔC, ΔDP, ΔDL): tables B and D, overall row last.
DEVIATION = {
    "finance": [(0.1, -0.2, 0.1), (0.4, 0.2, 0.2), (0.3, 0.3, 0.3), (0.1, 0.6, 0.0), (0.0, 0.1, 0.0), (0.7, 0.1, 0.0),
                (0.0, 0.5, -0.1), (0.4, 0.3, 0.3), (0.7, -0.7, 0.2), (0.1, 0.5, 0.6), (0.0, 0.0, 0.1),
                (0.2, 0.2, 0.2)],
    "hr": [(0.2, -0.1, 0.0), (-0.2, -0.1, 0.0), (-0.2, -0.3, 0.0), (-0.6, -0.1, -0.3), (0.9, -0.6, 0.1),
           (-0.3, 0.3, -0.2), (-0.6, -0.6, -0.2), (-0.3, 0.1, 0.1), (0.0, 0.0, 0.1), (0.3, 0.1, 0.1), (0.5, 0.1, 0.1),
           (-0.5, 0.1, 0.1), (0.0, -0.6, -0.1), (-0.4, -0.5, -0.5), (-0.3, -0.5, -0.5), (0.4, -0.3, 0.0),
           (1.3, -0.4, -0.3), (0.7, -0.1, 0.0), (0.1, -0.2, -0.1)],
}
PEERS = 10
YEAR = 2026


def shown(value: float) -> Decimal:
    """One decimal, half away from zero, as a spreadsheet shows it."""
    return Decimal(repr(round(float(value), 9))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def whole_numbers(total: int, slots: int) -> list[int]:
    """``slots`` whole numbers 0–3 adding up to ``total``, as even as possible."""
    base, extra = divmod(total, slots)
    return [base + 1 if index < extra else base for index in range(slots)]


def _values(code: str, scores: dict[tuple[str, str], dict[str, float | list[int]]]) -> dict:
    domain = get_domain("administration")
    values: dict = {("front", "municipality"): code, ("front", "year"): YEAR, ("front", "inhabitants"): 50_000,
                    ("front", "employees"): 4_000, ("front", "finance_system"): "kmd_opus",
                    ("front", "payroll_system"): "kmd_opus_loen", ("front", "contact_name"): "X",
                    ("front", "contact_email"): "x@kommune.dk"}
    for sheet in domain.sheets:
        if not isinstance(sheet, TableSheet):
            continue
        seen: dict[str, int] = {}
        for item in sheet.rows:
            index = seen[item.group_id] = seen.get(item.group_id, -1) + 1
            category = scores[(sheet.id, item.group_id)]
            values[(sheet.id, item.key, "centralisation")] = category["centralisation"][index]
            for score in ("digital_process", "digital_solution"):
                values[(sheet.id, item.key, score)] = category[score]
            values[(sheet.id, item.key, "fte")] = 0.5
    return values


def _build_round(tmp_path) -> Store:
    domain = get_domain("administration")
    sizes = {}
    for sheet in domain.sheets:
        if isinstance(sheet, TableSheet):
            for item in sheet.rows:
                sizes[(sheet.id, item.group_id)] = sizes.get((sheet.id, item.group_id), 0) + 1
    order = {area: list(dict.fromkeys(g for a, g in sizes if a == area)) for area in OWN}
    own: dict = {}
    peers: list[dict] = [{} for _ in range(PEERS)]
    for area, categories in order.items():
        for position, category in enumerate(categories):
            n = sizes[(area, category)]
            own_scores, deviations = OWN[area][position], DEVIATION[area][position]
            peer_scores = [o - d for o, d in zip(own_scores, deviations)]
            own[(area, category)] = {"centralisation": whole_numbers(round(own_scores[0] * n), n),
                                     "digital_process": own_scores[1], "digital_solution": own_scores[2]}
            # The peers' whole numbers together have the implied peer mean as nearly as 10 × n slots allow.
            spread = whole_numbers(round(peer_scores[0] * n * PEERS), n * PEERS)
            for index, peer in enumerate(peers):
                peer[(area, category)] = {"centralisation": spread[index::PEERS],
                                          "digital_process": round(peer_scores[1], 6),
                                          "digital_solution": round(peer_scores[2], 6)}
    codes = sorted(municipalities())[: PEERS + 1]
    store = Store(tmp_path / "bench.sqlite")
    for code, scores in zip(codes, [own, *peers]):
        path = write_template(domain, tmp_path / f"{code}.xlsx", "da", _values(code, scores))
        outcome = store.ingest(validate_file(path), YEAR)
        assert outcome.stored, [issue.code for issue in outcome.issues]
    store.x_code = codes[0]
    return store


@pytest.fixture(scope="module")
def example_round(tmp_path_factory):
    store = _build_round(tmp_path_factory.mktemp("source_example"))
    yield store
    store.close()


def _compare(store, weighting: str) -> dict[str, list[bool]]:
    """Per kind of cell (category / overall, own / deviation): whether each cell shows the source's value."""
    results = load_round(store, YEAR, AdministrationParameters(overall_weighting=weighting))
    rows = results.categories[results.categories["participant"] == store.x_code]
    matches: dict[str, list[bool]] = {"category": [], "overall": []}
    for area in OWN:
        area_rows = rows[rows["area"] == area]
        categories = list(area_rows[area_rows["category_id"] != TOTAL]["category_id"]) + [TOTAL]
        for position, category in enumerate(categories):
            row = area_rows[area_rows["category_id"] == category].iloc[0]
            kind = "overall" if category == TOTAL else "category"
            for index, score in enumerate(SCORES):
                matches[kind].append(shown(row[score]) == shown(OWN[area][position][index]))
                matches[kind].append(shown(row[f"dev_{score}"]) == shown(DEVIATION[area][position][index]))
    return matches


def test_the_source_example_table_is_reproduced_with_the_plain_mean_of_categories(example_round):
    matches = _compare(example_round, "categories")
    category, overall = sum(matches["category"]), sum(matches["overall"])
    print(f"\nsource example, plain mean of categories: {category} of {len(matches['category'])} category cells, "
          f"{overall} of {len(matches['overall'])} overall cells")
    assert len(matches["category"]) == 2 * 3 * (11 + 18) and len(matches["overall"]) == 12
    # The category cells miss only where whole-number centralisation over few processes cannot
    # reach the table's value (e.g. 0.8 over 7 processes) and the deviation inherits that.
    assert category >= len(matches["category"]) - 4
    # The source's own overall figures are not all plain means of its (rounded) category figures:
    # finance ΔC is 0.25 from its categories (0.2 shown), HR digital solution 0.66 (0.6 shown).
    assert overall == 10


def test_the_process_weighted_overall_reproduces_fewer_overall_cells(example_round):
    plain = sum(_compare(example_round, "categories")["overall"])
    weighted = sum(_compare(example_round, "processes")["overall"])
    print(f"\nsource example overall cells: plain mean {plain} of 12, process-weighted {weighted} of 12")
    assert weighted < plain
    assert AdministrationParameters().overall_weighting == "categories"


def test_overall_weighting_is_checked():
    with pytest.raises(ValueError, match="overall_weighting"):
        AdministrationParameters(overall_weighting="fte")
