"""PROMETHEE II against published worked examples, each test citing its source.

Conventions of ``ev.promethee_ii``: flows are normalised by 1/(m−1) (Brans & Mareschal's
convention, in [−1, 1]); weights are rescaled to sum to 1; "usual" is Brans' type I and
"linear" is type V (type III when q = 0), both on raw differences in the criterion's units.

Brans, Vincke & Mareschal (1986), EJOR 24(2) 228–238, six power-plant sites, was
considered and left out: its criteria use the level (type IV) and Gaussian (type VI)
functions, which the engine cannot express.
"""

import numpy as np

from jisr.engine import evaluation as ev

# Zhao, H., Peng, Y. & Li, W. (2013). Revised PROMETHEE II for improving efficiency in
# emergency response. Procedia Computer Science 17, 181–188. Three alternatives, three
# benefit criteria, usual criterion. Transcribed from pymcdm's test suite (Shekhovtsov &
# Kizielewicz; class TestPROMETHEE_II), which cites this paper and asserts the net flows
# rounded to 2 decimals. The paper's own table was not available to us.
ZHAO_MATRIX = [
    [4, 3, 2],
    [3, 2, 4],
    [5, 1, 3],
]
ZHAO_WEIGHTS = [0.5, 0.3, 0.2]
ZHAO_BENEFIT = [True, True, True]
ZHAO_NET_FLOWS = [0.1, -0.3, 0.2]
# The published values have 2 decimals, hence half a unit in the last place.
ZHAO_TOLERANCE = 5e-3


def test_promethee_ii_zhao_2013_usual_net_flows():
    """Zhao, Peng & Li (2013), Procedia Computer Science 17:181–188, PROMETHEE II example:
    φ = 0.1, −0.3, 0.2 (usual criterion, φ normalised by 1/(m−1)), so a3 > a1 > a2.

    Checked by hand: π(a1,a2) = .5 + .3 = .8, π(a1,a3) = .3, π(a2,a1) = .2,
    π(a2,a3) = .3 + .2 = .5, π(a3,a1) = .5 + .2 = .7, π(a3,a2) = .5;
    φ(a1) = (1.1 − .9)/2, φ(a2) = (.7 − 1.3)/2, φ(a3) = (1.2 − .8)/2."""
    result = ev.promethee_ii(ZHAO_MATRIX, ZHAO_WEIGHTS, ZHAO_BENEFIT, "usual")

    np.testing.assert_allclose(result, ZHAO_NET_FLOWS, atol=ZHAO_TOLERANCE)
    assert result.ranks == (2, 3, 1)


def test_promethee_ii_zhao_2013_linear_without_indifference_matches_published():
    """Same example and source as above, through the engine's "linear" function.

    Mapping: every evaluation is an integer, so each non-zero difference is at least 1.
    Brans' type III (``"linear"`` with q = 0) with p = 1 then gives P(d) = 1 for every
    d > 0, exactly the usual criterion, and must reproduce the published φ."""
    result = ev.promethee_ii(ZHAO_MATRIX, ZHAO_WEIGHTS, ZHAO_BENEFIT, "linear", q=0, p=1)

    np.testing.assert_allclose(result, ZHAO_NET_FLOWS, atol=ZHAO_TOLERANCE)
    np.testing.assert_allclose(
        result.scores, result.details["positive_flow"] - result.details["negative_flow"]
    )
