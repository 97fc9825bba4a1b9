"""What the public register says of every municipality: its support rate and each target group's
rate realised against the level its framework conditions lead to expect (leave-one-out, weighted by
the 16-66 population: :mod:`engine.benchmarks.jobcenter.expected`), the deviation, its uncertainty,
the verdict and the rank. Derived from public data only, so every figure here is public in effect.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.benchmarks.jobcenter.codes import TARGET_GROUP_CODES
from engine.benchmarks.jobcenter.expected import ExpectedRateModel
from engine.benchmarks.jobcenter.inputs import JobcenterInputs
from engine.benchmarks.jobcenter.parameters import JobcenterParameters
from engine.reference import municipalities

POPULATION = "population_16_66"


def _register_frame(inputs: JobcenterInputs) -> pd.DataFrame:
    register = inputs.register.copy()
    register["municipality"] = register["municipality"].astype(str)
    return register.set_index("municipality").sort_index()


def expected_rates(register: pd.DataFrame, columns, params: JobcenterParameters, participants: pd.Index):
    """Leave-one-out expected rates and effects for every municipality with complete register data
    (weighted by the 16-66 population); the z of the family-wise interval is ``params.z_for(n)``."""
    columns = list(columns)
    complete = register[columns + ["realised_rate", POPULATION]].notna().all(axis=1) & (register[POPULATION] > 0)
    data = register[complete]
    model = ExpectedRateModel().fit(data[columns], data["realised_rate"], sample_weight=data[POPULATION])
    z = params.z_for(len(data))
    frame = register.copy()
    names = municipalities()
    frame["name"] = [names[c].name if c in names else c for c in frame.index]
    for column, values in (("fitted", model.fitted_), ("weight", model.weights_),
                           ("expected_rate", model.loo_prediction_), ("se", model.loo_se_)):
        frame[column] = pd.Series(values, index=data.index).reindex(frame.index)
    frame["effect_pp"] = (frame["expected_rate"] - frame["realised_rate"]) * 100
    frame["uncertainty_pp"] = z * frame["se"] * 100
    frame["verdict"] = verdict(frame["effect_pp"], frame["uncertainty_pp"])
    frame["rank"], frame["rank_n"] = _rank(frame["effect_pp"])
    frame["participant"] = frame.index.isin(participants)
    coefficients = pd.DataFrame(model.loo_coef_, index=data.index, columns=columns)
    coefficients.insert(0, "intercept", model.loo_intercept_)
    return frame, coefficients, model, z


def group_rates(register: pd.DataFrame, columns, z: float) -> pd.DataFrame:
    """Per target group and municipality: full-year persons per 1,000 16-66-year-olds, realised
    against expected (the same leave-one-out weighted model, one per group), the deviation
    (expected − realised: positive = fewer on the benefit than expected), its uncertainty, verdict,
    rank among all municipalities (1 = furthest below expected), the deviation in persons and the
    coefficients of the fit without the municipality (``coef_intercept``, ``coef_<condition>``)."""
    columns = list(columns)
    rows = []
    for group in TARGET_GROUP_CODES:
        persons = register[f"persons_{group}"]
        usable = (register[columns].notna().all(axis=1) & persons.notna() & (register[POPULATION] > 0))
        data = register[usable]
        frame = pd.DataFrame(index=register.index)
        frame["target_group"] = group
        frame["rate_realised"] = persons / register[POPULATION] * 1000
        if len(data) >= len(columns) + 3 and data[f"persons_{group}"].std() > 0:
            rate = data[f"persons_{group}"] / data[POPULATION] * 1000
            model = ExpectedRateModel().fit(data[columns], rate, sample_weight=data[POPULATION])
            frame["rate_expected"] = pd.Series(model.loo_prediction_, index=data.index).reindex(frame.index)
            frame["rate_se"] = pd.Series(model.loo_se_, index=data.index).reindex(frame.index)
            # The fit without each municipality, in the conditions' own units: the report's live formula.
            frame["coef_intercept"] = pd.Series(model.loo_intercept_, index=data.index).reindex(frame.index)
            for j, column in enumerate(columns):
                frame[f"coef_{column}"] = pd.Series(model.loo_coef_[:, j], index=data.index).reindex(frame.index)
        else:
            frame["rate_expected"] = frame["rate_se"] = np.nan
            for column in ("intercept", *columns):
                frame[f"coef_{column}"] = np.nan
        frame["deviation"] = frame["rate_expected"] - frame["rate_realised"]
        frame["uncertainty"] = z * frame["rate_se"]
        frame["verdict"] = verdict(frame["deviation"], frame["uncertainty"])
        frame["rank"], frame["rank_n"] = _rank(frame["deviation"])
        frame["persons_deviation"] = frame["deviation"] * register[POPULATION] / 1000
        rows.append(frame.reset_index())
    return pd.concat(rows, ignore_index=True)


def _rank(deviation: pd.Series) -> tuple[pd.Series, int]:
    """1 = the largest deviation (most better than expected), over the municipalities with one."""
    return deviation.rank(ascending=False, method="min"), int(deviation.notna().sum())


def verdict(effect_pp: pd.Series, uncertainty_pp: pd.Series) -> pd.Series:
    """better / worse than expected beyond the uncertainty, else within_noise (NaN effect: unknown)."""
    result = np.select([effect_pp > uncertainty_pp, effect_pp < -uncertainty_pp], ["better", "worse"], "within_noise")
    return pd.Series(np.where(effect_pp.isna(), "unknown", result), index=effect_pp.index)
