"""Store rows and time registrations -> the frames the botilbud computation works on.

:func:`frames_from_values` turns the store's rows of both templates (questionnaire and time
registration) into plain frames; :func:`time_registration_figures` aggregates the registrations
(minutes per category, the direct share per staff member and per day); :func:`hourly_arrays`
lays the staffing profile out as facilities × 48 hourly slots. All vectorised with pandas/numpy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.benchmarks.botilbud.indicators import DAY_TYPES
from engine.benchmarks.botilbud.questionnaire_text import NEED_KEYS
from engine.benchmarks.botilbud.time_registration_text import CATEGORIES, DOCUMENTATION, USER_ORIENTED

MINUTE_FIELDS = tuple(field_id for field_id, *_ in CATEGORIES)
TIME_GROUPS = ("direct", "indirect", "documentation", "meetings", "transport", "administration", "other")


def _values_frame(rows: list[tuple]) -> pd.DataFrame:
    values = pd.DataFrame(rows, columns=["facility", "sheet_id", "row_key", "field_id", "number", "text", "location"])
    values["value"] = values["number"].astype(object).where(values["number"].notna(), values["text"])
    return values


def frames_from_values(rows: list[tuple], submissions: list[dict], time_rows: list[tuple] = (),
                       time_submissions: list[dict] = ()) -> tuple[pd.DataFrame, ...]:
    """Store rows -> (facilities, citizens, staffing, registrations, provenance), as compute_botilbud takes them."""
    values = _values_frame(rows)
    front = values[values["sheet_id"] == "front"]
    facilities = front.pivot(index="facility", columns="field_id", values="value")
    meta = pd.DataFrame(submissions).set_index("participant")[["file_name", "sha256"]]
    facilities = facilities.join(meta, how="left")
    citizens = (values[values["sheet_id"] == "citizens"]
                .pivot(index="facility", columns="row_key", values="number").reindex(columns=list(NEED_KEYS)))
    staffing_values = values[values["sheet_id"] == "staffing"]
    wide = staffing_values.pivot(index=["facility", "row_key"], columns="field_id", values="number").reset_index()
    wide["hour"] = wide["row_key"].str[:2].astype(int)
    staffing = pd.concat([
        pd.DataFrame({"facility": wide["facility"], "day": day, "hour": wide["hour"],
                      "staff": wide[f"staff_{day}"], "citizens": wide[f"citizens_{day}"]})
        for day in DAY_TYPES], ignore_index=True)

    time = _values_frame(list(time_rows))
    records = time[time["sheet_id"] == "registrations"]
    if len(records):
        registrations = records.pivot(index=["facility", "row_key"], columns="field_id", values="value").reset_index()
        registrations = registrations.drop(columns="row_key")
    else:
        registrations = pd.DataFrame(columns=["facility", "staff", "date"])
    for column in MINUTE_FIELDS:
        registrations[column] = pd.to_numeric(registrations.get(column), errors="coerce")
    registrations = registrations[["facility", "staff", "date", *MINUTE_FIELDS]]
    time_front = time[time["sheet_id"] == "front"].pivot(index="facility", columns="field_id", values="value")
    if len(time_front):
        time_meta = pd.DataFrame(list(time_submissions)).set_index("participant")[["file_name", "sha256"]]
        time_front = time_front.join(time_meta.add_prefix("time_"), how="left")
        for column in ("period_start", "period_end", "time_file_name", "time_sha256"):
            if column in time_front:
                facilities[column] = time_front[column].reindex(facilities.index)
    provenance = pd.concat([values.assign(domain="botilbud"), time.assign(domain="botilbud_tid")],
                           ignore_index=True)[["domain", "facility", "sheet_id", "row_key", "field_id", "location"]]
    return facilities, citizens, staffing, registrations, provenance


def time_registration_figures(ids: pd.Index, registrations: pd.DataFrame):
    """Minutes per category and facility, and the direct share per staff member and per day."""
    rows = registrations.copy()
    rows["facility"] = rows["facility"].astype(str)
    rows = rows[rows["facility"].isin(ids)]
    minutes = rows[list(MINUTE_FIELDS)].apply(pd.to_numeric, errors="coerce").fillna(0.0)
    rows[list(MINUTE_FIELDS)] = minutes
    rows["minutes"] = minutes.sum(axis=1)
    rows["documentation"] = minutes[list(DOCUMENTATION)].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        rows["direct_share"] = np.where(rows["minutes"] > 0, rows["direct"] / rows["minutes"], np.nan)

    totals = rows.groupby("facility")[[*MINUTE_FIELDS, "documentation", "minutes"]].sum().reindex(ids)
    time_use = _share_frame(totals, TIME_GROUPS, totals["minutes"])
    documentation = _share_frame(totals, DOCUMENTATION, totals["documentation"])

    def direct_by(key: str) -> pd.DataFrame:
        grouped = rows.groupby(["facility", key])
        out = grouped.agg(minutes=("minutes", "sum"), direct_minutes=("direct", "sum"),
                          **({"days": ("date", "nunique")} if key == "staff" else {"staff": ("staff", "nunique")}))
        out["direct_share"] = out["direct_minutes"] / out["minutes"].where(out["minutes"] > 0)
        return out.reset_index()

    staff_shares, day_shares = direct_by("staff"), direct_by("date")
    figures = pd.DataFrame(index=ids)
    with np.errstate(divide="ignore", invalid="ignore"):
        figures["user_share"] = totals[list(USER_ORIENTED)].sum(axis=1) / totals["minutes"].where(totals["minutes"] > 0)
        figures["direct_share"] = totals["direct"] / totals["minutes"].where(totals["minutes"] > 0)
        figures["documentation_share"] = totals["documentation"] / totals["minutes"].where(totals["minutes"] > 0)
    figures["direct_share_sd_staff"] = staff_shares.groupby("facility")["direct_share"].std(ddof=1).reindex(ids)
    figures["direct_share_sd_days"] = day_shares.groupby("facility")["direct_share"].std(ddof=1).reindex(ids)
    quartiles = rows.groupby("facility")["direct_share"].quantile([0.25, 0.75]).unstack()
    if len(quartiles):
        figures["direct_share_iqr"] = (quartiles[0.75] - quartiles[0.25]).reindex(ids)
    else:
        figures["direct_share_iqr"] = np.nan
    figures["n_registrations"] = rows.groupby("facility").size().reindex(ids).fillna(0).astype(int)
    figures["n_staff"] = rows.groupby("facility")["staff"].nunique().reindex(ids).fillna(0).astype(int)
    figures["registered_minutes"] = totals["minutes"].fillna(0.0)
    return time_use, documentation, staff_shares, day_shares, figures


def _share_frame(totals: pd.DataFrame, categories, denominator: pd.Series) -> pd.DataFrame:
    minutes = totals[list(categories)]
    shares = minutes.div(denominator.where(denominator > 0), axis=0)
    frame = pd.DataFrame({
        "facility": np.repeat(totals.index.to_numpy(), len(categories)),
        "category": np.tile(list(categories), len(totals)),
        "minutes": minutes.to_numpy().ravel(),
        "share": shares.to_numpy().ravel(),
    })
    return frame


def hourly_arrays(ids: pd.Index, staffing: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Staff and citizens present as (facilities × 48) arrays: weekday hours 0-23, then weekend 0-23."""
    frame = staffing.copy()
    frame["facility"] = frame["facility"].astype(str)
    frame["slot"] = frame["day"].map({day: i * 24 for i, day in enumerate(DAY_TYPES)}) + frame["hour"].astype(int)
    grid = frame.pivot_table(index="facility", columns="slot", values=["staff", "citizens"], aggfunc="sum")
    staff = grid["staff"].reindex(index=ids, columns=range(48)).to_numpy(dtype=float)
    present = grid["citizens"].reindex(index=ids, columns=range(48)).to_numpy(dtype=float)
    return staff, present


def registrations_frame(registrations: pd.DataFrame) -> pd.DataFrame:
    rows = registrations.copy()
    rows["facility"] = rows["facility"].astype(str)
    for column in MINUTE_FIELDS:
        rows[column] = pd.to_numeric(rows[column], errors="coerce")
    return rows.sort_values(["facility", "staff", "date"]).reset_index(drop=True)
