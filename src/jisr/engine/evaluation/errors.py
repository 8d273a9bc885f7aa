"""Typed errors of the evaluation engine.

Every error carries a stable ``code`` and a ``params`` mapping of plain values, so the web
layer can translate the message; the English ``str()`` is for logs and developers only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

ParamValue = str | int | float | bool | tuple[str, ...] | tuple[int, ...] | None


class EvaluationError(ValueError):
    """Base class: bad input that the engine refuses to turn into numbers."""

    code: ClassVar[str] = "evaluation.invalid"

    def __init__(self, message: str, /, **params: ParamValue) -> None:
        super().__init__(message)
        self.params: Mapping[str, ParamValue] = dict(params)


class EmptyInputError(EvaluationError):
    """No alternatives, no criteria or no judges to work with."""

    code = "evaluation.empty"


class ShapeError(EvaluationError):
    """Arrays whose sizes do not fit together (e.g. 5 weights for 4 criteria)."""

    code = "evaluation.shape_mismatch"


class NonFiniteValueError(EvaluationError):
    """A NaN or an infinity where a number is needed."""

    code = "evaluation.non_finite"


class NotPositiveError(EvaluationError):
    """A pairwise judgment that is zero or negative."""

    code = "evaluation.not_positive"


class NotReciprocalError(EvaluationError):
    """A pairwise matrix with ``a[i][j] * a[j][i] != 1`` or a diagonal other than 1."""

    code = "evaluation.not_reciprocal"


class InvalidWeightsError(EvaluationError):
    """Negative weights, or weights that are all zero."""

    code = "evaluation.invalid_weights"


class TooManyItemsError(EvaluationError):
    """A pairwise matrix larger than the random-index table (no CR can be computed)."""

    code = "evaluation.too_many_items"


class InvalidParameterError(EvaluationError):
    """An unknown method or preference function, or thresholds that make no sense."""

    code = "evaluation.invalid_parameter"


class NormalizationDomainError(EvaluationError):
    """Values outside what a normalisation accepts (e.g. a zero cost under max-ratio)."""

    code = "evaluation.normalization_domain"


class UnknownCriterionError(EvaluationError):
    """A weight, threshold or judgment names a criterion that is not in the list."""

    code = "evaluation.unknown_criterion"


class MissingValueError(EvaluationError):
    """A candidate or country has no value for a criterion that is being used."""

    code = "evaluation.missing_value"


class NoCandidatesError(EvaluationError):
    """Nothing left to rank (empty list, or every candidate failed a must-have)."""

    code = "evaluation.no_candidates"


class NoCompleteIndicatorError(EvaluationError):
    """No destination category has a value for every compared country."""

    code = "evaluation.no_complete_indicator"
