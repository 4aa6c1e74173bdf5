"""DIET's traced prediction step called directly.

Replaces, after a model's first prediction, the call in `rasa.utils.tensorflow.models.RasaModel.
_rasa_predict` (Rasa 3.6.21):

    if self._tf_predict_step is None:
        self._tf_predict_step = tf.function(
            self.predict_step, input_signature=self._dynamic_signature(batch_in)
        )
    outputs = tf_utils.sync_to_numpy_or_python_type(self._tf_predict_step(batch_in))

Written for Rasa 3.6.21 with TensorFlow 2.12.0 (it calls `ConcreteFunction._call_flat`, a
private TensorFlow method: the reason this patch is pinned to that exact TensorFlow). No upstream
issue found.

Why: every call goes through TensorFlow's dispatch for polymorphic functions, which flattens the
inputs, works out a cache key from them and looks up the one concrete function Rasa's fixed
signature allows: about 7% of the Rasa server's Python time, all of it DIET's (TED has no model
while there are no stories). Here the concrete function is found once and called with the inputs
as tensors of the signature's types, as TensorFlow's dispatch does; inputs that do not fit the
signature go through the `tf.function` as before, for TensorFlow's own error.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import tensorflow as tf

NAME = "direct_prediction"


class DirectPrediction:
    """Stands in for a Rasa model's traced prediction step (`RasaModel._tf_predict_step`).

    Rasa traces each model's `predict_step` once as a `tf.function` with a fixed input signature
    (every dimension open but the last) and calls it for every prediction. Each call goes through
    TensorFlow's dispatch for polymorphic functions, which flattens the inputs, works out a cache
    key from them and looks up the one concrete function it traced (about 7% of the Rasa server's
    Python time, all of it DIET's: TED has no model while there are no stories). Here the concrete
    function is found once and called with the inputs as tensors of the signature's types, as
    TensorFlow's dispatch does. A `FeatureArray` (Rasa's subclass of a numpy array, which DIET gets
    for some inputs) fits like a plain array of its type and shape: until 27 November it did not,
    so every prediction of the model trained then went the long way round. Inputs that do not fit the signature (another count, type or rank,
    another last dimension) go through the `tf.function` as before, for TensorFlow's own error."""

    def __init__(self, function: Any) -> None:
        self.function = function
        self.concrete = function.get_concrete_function()
        self.specs = [
            (spec.dtype.as_numpy_dtype, spec.shape.rank, spec.shape[-1])
            for spec in tf.nest.flatten(self.concrete.structured_input_signature)
        ]

    def fits(self, batch_in: Any) -> bool:
        return (
            isinstance(batch_in, (tuple, list))
            and len(batch_in) == len(self.specs)
            and all(
                # A plain array or Rasa's subclass of one (`FeatureArray`, which Rasa's model
                # data gives DIET for some inputs): TensorFlow converts either to the same tensor.
                isinstance(value, np.ndarray)
                and value.dtype == dtype
                and value.ndim == rank
                and (last is None or value.shape[-1] == last)
                for value, (dtype, rank, last) in zip(batch_in, self.specs, strict=True)
            )
        )

    def __call__(self, batch_in: Any) -> Any:
        if not self.fits(batch_in):
            return self.function(batch_in)
        tensors = [tf.convert_to_tensor(np.asarray(value)) for value in batch_in]
        return self.concrete._call_flat(tensors, self.concrete.captured_inputs)


def is_installed() -> bool:
    from rasa.utils.tensorflow.models import RasaModel

    return getattr(RasaModel._rasa_predict, "rasa_original", None) is not None


def install() -> None:
    """After a Rasa model's first prediction (which traces its step), call the step directly."""
    from rasa.utils.tensorflow.models import RasaModel

    if is_installed():
        return
    rasa_predict = RasaModel._rasa_predict

    @functools.wraps(rasa_predict)
    def _rasa_predict(self: RasaModel, batch_in: Any) -> Any:
        outputs = rasa_predict(self, batch_in)
        step = self._tf_predict_step
        if step is not None and not isinstance(step, DirectPrediction):
            self._tf_predict_step = DirectPrediction(step)
        return outputs

    _rasa_predict.rasa_original = rasa_predict  # type: ignore[attr-defined]
    RasaModel._rasa_predict = _rasa_predict  # type: ignore[method-assign]


def uninstall() -> None:
    """Rasa's own `_rasa_predict` again (a model already loaded keeps its direct step until it is
    loaded again)."""
    from rasa.utils.tensorflow.models import RasaModel

    if is_installed():
        RasaModel._rasa_predict = RasaModel._rasa_predict.rasa_original  # type: ignore[method-assign,attr-defined]
