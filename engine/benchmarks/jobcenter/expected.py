"""The expected public support rate from framework conditions, and each municipality's leave-one-out fit.

``ExpectedRateModel`` is a scikit-learn style estimator: ordinary least squares of the realised
support rate on the framework conditions, standardised (z-scores over the municipalities of the
fit, population SD) so the coefficients compare across variables. Standardising does not change
the predictions — OLS with an intercept is invariant to shifting and scaling a regressor — so the
leave-one-out quantities follow exactly from the one fit through the hat matrix H = D (D'D)⁻¹ D'
(D = [1, Z]):

* leave-one-out prediction: ŷ₍ᵢ₎ = yᵢ − eᵢ / (1 − hᵢᵢ), eᵢ the ordinary residual;
* leave-one-out coefficients: β₍ᵢ₎ = β − (D'D)⁻¹ dᵢ eᵢ / (1 − hᵢᵢ);
* residual SD without i: s₍ᵢ₎² = (SSE − eᵢ² / (1 − hᵢᵢ)) / (n − p − 1), p = number of coefficients;
* standard error of yᵢ − ŷ₍ᵢ₎: s₍ᵢ₎ / √(1 − hᵢᵢ) — so "|effect| > z × SE" is the usual test of the
  externally studentised residual.

>>> X = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0, 5.0]}); y = pd.Series([2.0, 4.1, 5.9, 8.2, 9.8])
>>> model = ExpectedRateModel().fit(X, y)
>>> [round(float(v), 2) for v in model.predict(X)]
[2.06, 4.03, 6.0, 7.97, 9.94]
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.linear_model import LinearRegression
from sklearn.utils.validation import check_is_fitted


class ExpectedRateModel(RegressorMixin, BaseEstimator):
    """Standardised OLS of the support rate on framework conditions, with closed-form leave-one-out.

    Fitted attributes: ``feature_names_in_``, ``means_``, ``scales_`` (z-score parameters),
    ``standardised_coef_`` (per SD of each condition), ``coef_`` and ``intercept_`` (in the
    conditions' own units: rate = intercept + Σ coef × condition), ``index_`` (rows of the fit),
    ``fitted_``, ``leverage_`` (hᵢᵢ), ``loo_prediction_``, ``loo_se_`` and ``loo_coef_`` /
    ``loo_intercept_`` (the fit without each row, own units), ``r2_`` and ``residual_sd_``.
    """

    def fit(self, X: pd.DataFrame, y: pd.Series) -> "ExpectedRateModel":
        values = np.asarray(X, dtype=float)
        target = np.asarray(y, dtype=float)
        n, k = values.shape
        if n < k + 3:  # the leave-one-out residual SD needs n − p − 1 ≥ 1 with p = k + 1
            raise ValueError(f"the expected-rate model has {k} framework conditions and needs at least {k + 3} "
                             f"municipalities with complete register data; got {n}.")
        if not (np.isfinite(values).all() and np.isfinite(target).all()):
            raise ValueError("framework conditions and realised rates must be finite numbers for every row of the fit.")
        means = values.mean(axis=0)
        scales = values.std(axis=0)
        if (scales == 0).any():
            constant = [str(c) for c, s in zip(getattr(X, "columns", range(k)), scales) if s == 0]
            raise ValueError(f"framework condition(s) {', '.join(constant)} are the same for every municipality "
                             "and explain nothing; drop them from the register's framework columns.")
        z = (values - means) / scales
        regression = LinearRegression().fit(z, target)
        design = np.column_stack([np.ones(n), z])
        inverse = np.linalg.pinv(design.T @ design)
        leverage = np.einsum("ij,jk,ik->i", design, inverse, design)
        beta = np.concatenate([[regression.intercept_], regression.coef_])
        fitted = design @ beta
        residual = target - fitted
        p = k + 1
        sse = float(residual @ residual)
        loo_residual = residual / (1 - leverage)
        loo_beta = beta[None, :] - (design @ inverse) * loo_residual[:, None]
        loo_sd = np.sqrt(np.maximum(sse - residual**2 / (1 - leverage), 0.0) / (n - p - 1))

        self.feature_names_in_ = np.asarray(getattr(X, "columns", [f"x{j}" for j in range(k)]), dtype=object)
        self.n_features_in_ = k
        self.means_, self.scales_ = means, scales
        self.standardised_coef_ = regression.coef_
        self.coef_, self.intercept_ = self._own_units(beta[None, :])
        self.coef_, self.intercept_ = self.coef_[0], float(self.intercept_[0])
        self.loo_coef_, self.loo_intercept_ = self._own_units(loo_beta)
        self.index_ = getattr(X, "index", pd.RangeIndex(n))
        self.fitted_ = fitted
        self.leverage_ = leverage
        self.loo_prediction_ = target - loo_residual
        self.loo_se_ = loo_sd / np.sqrt(1 - leverage)
        self.residual_sd_ = float(np.sqrt(sse / (n - p)))
        self.r2_ = float(1 - sse / float(((target - target.mean()) ** 2).sum()))
        return self

    def _own_units(self, beta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Coefficients on z-scores (rows: intercept, slopes) → slopes and intercepts in the conditions' units."""
        slopes = beta[:, 1:] / self.scales_
        return slopes, beta[:, 0] - slopes @ self.means_

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        check_is_fitted(self, "coef_")
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_
