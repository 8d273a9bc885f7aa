"""Multi-criteria evaluation: AHP weights and WSM / TOPSIS / PROMETHEE II rankings.

Pure numpy, no Django. The numeric methods are re-exported here:

    from jisr.engine import evaluation as ev
    r = ev.ahp(matrix)                  # r.weights, r.lambda_max, r.consistency_ratio
    g = ev.ahp_group(matrices)          # element-wise geometric mean of the judges
    c = ev.topsis(matrix, weights, benefit)   # closeness; vector normalisation
    c[0], np.asarray(c)                 # a MethodResult behaves like its score array...
    c.contributions, c.ranking, c.ranks # ...and explains itself (see result.py)

Product-level modules, imported by name:
- ``scorecard``: default partner criteria, must-have screening, weights (direct, AHP,
  group AHP) with a consistency warning, ``rank`` and ``compare_methods``;
- ``destinations``: a GSLI-style destination index with per-pillar contributions;
- ``destination_data``: sourced default data (GSLI ranks, "Why Morocco" facts).

Bad input raises a subclass of ``EvaluationError`` (a ValueError) with a stable ``code``
and ``params`` for translation; see errors.py.
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
