"""A message's sparse features put side by side in one step.

Replaces, for two plain COO matrices, `rasa.shared.nlu.training_data.features.Features.
_combine_sparse_features` (Rasa 3.6.21):

    def _combine_sparse_features(self, additional_features):
        from scipy.sparse import hstack
        if self.features.shape[0] != additional_features.features.shape[0]:
            raise ValueError(...)
        self.features = hstack([self.features, additional_features.features])
        self._cached_fingerprint = None

Written for Rasa 3.6.21 with scipy 1.10.1 (it uses `scipy.sparse._sputils`, private to scipy: the
reason this patch is pinned to that exact scipy). No upstream issue found.

Why: `scipy.sparse.hstack`'s general path (`bmat`) re-wraps and re-checks each input as a new COO
matrix; Rasa calls it three times for each of a message's sequence and sentence features with our
four featurizers, for every message: about 6% of the Rasa server's Python time. `hstack_coo`
builds the same matrix (tests/patches/test_turn_cost.py compares them, with hypothesis). Anything but two
plain COO matrices, and Rasa's check for a different number of rows, go to Rasa's own method.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import scipy.sparse
from scipy.sparse._sputils import get_index_dtype, upcast

NAME = "sparse_features"


def hstack_coo(left: scipy.sparse.coo_matrix, right: scipy.sparse.coo_matrix) -> Any:
    """`scipy.sparse.hstack([left, right])` for two COO matrices with the same number of rows.

    The same matrix as scipy's general path (`bmat`): the same shape, data type (`upcast`), index
    type, and entries in the same order, left's then right's with its columns moved along, built as
    one COO matrix; without first re-wrapping and re-checking each input as a new COO matrix."""
    dtype = upcast(left.dtype, right.dtype)
    shape = (left.shape[0], left.shape[1] + right.shape[1])
    index = get_index_dtype(maxval=max(shape))
    data = np.concatenate((left.data, right.data), dtype=dtype, casting="unsafe")
    row = np.concatenate((left.row, right.row), dtype=index, casting="unsafe")
    col = np.concatenate(
        (left.col, right.col + np.int64(left.shape[1])), dtype=index, casting="unsafe"
    )
    return scipy.sparse.coo_matrix((data, (row, col)), shape=shape)


def is_installed() -> bool:
    from rasa.shared.nlu.training_data.features import Features

    return getattr(Features._combine_sparse_features, "rasa_original", None) is not None


def install() -> None:
    """Make Rasa combine two featurizers' COO features for a message with `hstack_coo`."""
    from rasa.shared.nlu.training_data.features import Features

    if is_installed():
        return
    combine = Features._combine_sparse_features

    @functools.wraps(combine)
    def _combine_sparse_features(self: Features, additional_features: Features) -> None:
        left, right = self.features, additional_features.features
        if not (
            type(left) is scipy.sparse.coo_matrix
            and type(right) is scipy.sparse.coo_matrix
            and left.shape[0] == right.shape[0]
        ):
            combine(self, additional_features)
            return
        self.features = hstack_coo(left, right)
        self._cached_fingerprint = None

    _combine_sparse_features.rasa_original = combine  # type: ignore[attr-defined]
    Features._combine_sparse_features = _combine_sparse_features  # type: ignore[method-assign]


def uninstall() -> None:
    from rasa.shared.nlu.training_data.features import Features

    if is_installed():
        Features._combine_sparse_features = Features._combine_sparse_features.rasa_original  # type: ignore[method-assign,attr-defined]
