"""Multi-criteria evaluation: AHP weights and WSM / TOPSIS / PROMETHEE II rankings.

Pure numpy, no Django. Every scoring method returns a ``MethodResult`` that behaves like
its score array and explains itself (``contributions``, ``ranking``, ``ranks``); see
``result.py``. Bad input raises a subclass of ``EvaluationError`` with a stable ``code``.

    from jisr.engine import evaluation as ev
    r = ev.ahp(matrix); r.weights, r.consistency_ratio
    ev.topsis(matrix, weights, benefit)          # closeness, vector normalisation
"""

from .errors import (
    EmptyInputError,
    EvaluationError,
    InvalidParameterError,
    InvalidWeightsError,
    MissingValueError,
    NoCandidatesError,
    NoCompleteIndicatorError,
    NonFiniteValueError,
    NormalizationDomainError,
    NotPositiveError,
    NotReciprocalError,
    ShapeError,
    TooManyItemsError,
    UnknownCriterionError,
)
from .pairwise import (
    CONSISTENCY_THRESHOLD,
    SAATY_1980_RANDOM_INDEX,
    AhpResult,
    GroupAhpResult,
    ahp,
    ahp_group,
)
from .promethee import promethee_ii
from .result import MethodResult
from .topsis import topsis
from .weighted_sum import weighted_sum

__all__ = [
    "CONSISTENCY_THRESHOLD",
    "SAATY_1980_RANDOM_INDEX",
    "AhpResult",
    "EmptyInputError",
    "EvaluationError",
    "GroupAhpResult",
    "InvalidParameterError",
    "InvalidWeightsError",
    "MethodResult",
    "MissingValueError",
    "NoCandidatesError",
    "NoCompleteIndicatorError",
    "NonFiniteValueError",
    "NormalizationDomainError",
    "NotPositiveError",
    "NotReciprocalError",
    "ShapeError",
    "TooManyItemsError",
    "UnknownCriterionError",
    "ahp",
    "ahp_group",
    "promethee_ii",
    "topsis",
    "weighted_sum",
]
