"""`rasa train` with TensorFlow's op determinism on, so the same data gives the same model.

    .venv/bin/python -m rasa_plugins.train --fixed-model-name ... --config ... --domain ... --data ...

takes exactly `rasa train`'s arguments (scripts/train.sh calls it). DIET's and TED's
`random_seed` fix the starting weights and the batches, but on the CPU TensorFlow still adds up in
whatever order its threads finish, so two trainings of the same data differed: the held-out
macro-F1 of one NLU data set came out 0.94678, 0.94810 and 0.95473 on three trainings (docs/
measurements.md). With `tf.config.experimental.enable_op_determinism()` (TensorFlow 2.9+) two
trainings of the same data gave the same figure to the last digit (0.95364 twice, 28 Nov), in
about the same time. No Rasa patch is installed: training runs Rasa as released.
"""

from __future__ import annotations

import sys


def deterministic() -> None:
    """Make every TensorFlow op this process runs give the same result for the same input."""
    import tensorflow as tf

    tf.config.experimental.enable_op_determinism()


def main(argv: list[str] | None = None) -> None:
    deterministic()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", "train", *(sys.argv[1:] if argv is None else argv)]
    rasa_main()


if __name__ == "__main__":
    main()
