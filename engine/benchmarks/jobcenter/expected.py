"""The expected level of a register rate from framework conditions, and each municipality's leave-one-out fit.

``ExpectedRateModel`` is a scikit-learn style estimator: weighted least squares of a rate (the
public support rate, or the share of the 16-66-year-olds in one target group) on the framework
conditions, standardised (weighted z-scores over the municipalities of the fit) so the coefficients
compare across variables. Standardising does not change the predictions.

* **Weights** (``sample_weight``, normalised to mean 1): the 16-66 population, so the relation is
  the one that holds for the country's people — København counts as its 400,000 working-age
  inhabitants, Læsø as its 1,000 — and not one municipality, one vote.
* **Leave-one-out**: each municipality's expected value comes from the fit *without* it (98 small
  solves; cheap and plainly the definition), so its own result cannot pull its expectation.
* **Standard error** of yᵢ − ŷ₍ᵢ₎: the residual variance is taken as the same for every municipality
  (what differs between municipalities is mostly local policy and conditions the model does not
  see, not sampling noise, which is small for rates over thousands of people), estimated without i
  from the unweighted residuals: s₍ᵢ₎² = Σⱼ≠ᵢ eⱼ² / (n − 1 − p). The prediction's own variance is the
  WLS sandwich s₍ᵢ₎² dᵢ'A⁻¹BA⁻¹dᵢ (A = D'WD, B = D'W²D without i), so se = s₍ᵢ₎ √(1 + dᵢ'A⁻¹BA⁻¹dᵢ);
  with equal weights this is the textbook OLS prediction error s √(1 + dᵢ'(D'D)⁻¹dᵢ).

>>> X = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0, 5.0]}); y = pd.Series([2.0, 4.1, 5.9, 8.2, 9.8])
>>> model = ExpectedRateModel().fit(X, y)
>>> [round(float(v), 2) for v in model.predict(X)]
[2.06, 4.03, 6.0, 7.97, 9.94]
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted


def _solve(design: np.ndarray, target: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted least squares: the coefficients and (D'WD)⁻¹."""
    inverse = np.linalg.pinv(design.T @ (design * weight[:, None]))
    return inverse @ (design.T @ (weight * target)), inverse


class ExpectedRateModel(RegressorMixin, BaseEstimator):
    """Standardised WLS of a rate on framework conditions, with leave-one-out predictions and errors.

    Fitted attributes: ``feature_names_in_``, ``means_``, ``scales_`` (z-score parameters),
    ``standardised_coef_`` (per SD of each condition), ``coef_`` and ``intercept_`` (in the
    conditions' own units: rate = intercept + Σ coef × condition), ``weights_`` (mean 1),
    ``index_`` (rows of the fit), ``fitted_``, ``loo_prediction_``, ``loo_se_`` and ``loo_coef_`` /
    ``loo_intercept_`` (the fit without each row, own units), ``r2_`` (weighted) and
    ``residual_sd_`` (unweighted residuals, n − p degrees of freedom).
    """

    def fit(self, X: pd.DataFrame, y: pd.Series, sample_weight=None) -> "ExpectedRateModel":
        values = np.asarray(X, dtype=float)
        target = np.asarray(y, dtype=float)
        n, k = values.shape
        if n < k + 3:  # the leave-one-out residual SD needs n − p − 1 ≥ 1 with p = k + 1
            raise ValueError(f"the expected-rate model has {k} framework conditions and needs at least {k + 3} "
                             f"municipalities with complete register data; got {n}.")
        weight = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        if not (np.isfinite(values).all() and np.isfinite(target).all() and np.isfinite(weight).all()):
            raise ValueError("framework conditions, rates and weights must be finite numbers for every row of the fit.")
        if (weight <= 0).any():
            raise ValueError("every weight (the 16-66 population) must be positive.")
        weight = weight / weight.mean()
        means = np.average(values, axis=0, weights=weight)
        scales = np.sqrt(np.average((values - means) ** 2, axis=0, weights=weight))
        if (scales == 0).any():
            constant = [str(c) for c, s in zip(getattr(X, "columns", range(k)), scales) if s == 0]
            raise ValueError(f"framework condition(s) {', '.join(constant)} are the same for every municipality "
                             "and explain nothing; drop them from the register's framework columns.")
        self.means_, self.scales_ = means, scales
        design = np.column_stack([np.ones(n), (values - means) / scales])
        beta, _ = _solve(design, target, weight)
        residual = target - design @ beta
        p = k + 1
        loo_beta = np.empty((n, p))
        loo_se = np.empty(n)
        for i in range(n):
            keep = np.arange(n) != i
            d, w = design[keep], weight[keep]
            beta_i, inverse = _solve(d, target[keep], w)
            loo_beta[i] = beta_i
            rest = target[keep] - d @ beta_i
            sd2 = rest @ rest / (n - 1 - p)
            sandwich = inverse @ (d.T @ (d * (w ** 2)[:, None])) @ inverse
            loo_se[i] = np.sqrt(sd2 * (1 + design[i] @ sandwich @ design[i]))

        self.feature_names_in_ = np.asarray(getattr(X, "columns", [f"x{j}" for j in range(k)]), dtype=object)
        self.n_features_in_ = k
        self.weights_ = weight
        self.standardised_coef_ = beta[1:]
        self.coef_, self.intercept_ = self._own_units(beta[None, :])
        self.coef_, self.intercept_ = self.coef_[0], float(self.intercept_[0])
        self.loo_coef_, self.loo_intercept_ = self._own_units(loo_beta)
        self.index_ = getattr(X, "index", pd.RangeIndex(n))
        self.fitted_ = design @ beta
        self.loo_prediction_ = np.einsum("ij,ij->i", design, loo_beta)
        self.loo_se_ = loo_se
        self.residual_sd_ = float(np.sqrt(residual @ residual / (n - p)))
        centre = np.average(target, weights=weight)
        self.r2_ = float(1 - (weight * residual**2).sum() / (weight * (target - centre) ** 2).sum())
        return self

    def _own_units(self, beta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Coefficients on z-scores (rows: intercept, slopes) → slopes and intercepts in the conditions' units."""
        slopes = beta[:, 1:] / self.scales_
        return slopes, beta[:, 0] - slopes @ self.means_

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        check_is_fitted(self, "coef_")
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_
