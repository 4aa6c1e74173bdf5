"""Training runs with TensorFlow's op determinism on (rasa_plugins/train.py), before Rasa runs,
with `rasa train`'s own arguments; scripts/train.sh trains through it and keys its model cache on
it. (That two trainings then agree is measured, not tested here: a training takes minutes;
docs/measurements.md, 28 November, gives the two figures.)"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from rasa_plugins import train

ROOT = Path(__file__).resolve().parents[2]


def test_determinism_is_on_before_rasa_trains(monkeypatch: pytest.MonkeyPatch) -> None:
    import rasa.__main__
    import tensorflow as tf

    seen: list[Any] = []
    monkeypatch.setattr(
        tf.config.experimental,
        "enable_op_determinism",
        lambda: seen.append("determinism"),
    )
    monkeypatch.setattr(rasa.__main__, "main", lambda: seen.append(list(sys.argv)))
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    train.main(["--fixed-model-name", "m", "--out", "models"])
    assert seen == ["determinism", ["rasa", "train", "--fixed-model-name", "m", "--out", "models"]]


def test_train_sh_trains_through_it_and_keys_the_model_on_it() -> None:
    script = (ROOT / "scripts" / "train.sh").read_text()
    assert "-m rasa_plugins.train " in script
    assert "-m rasa train" not in script
    assert "rasa_plugins/train.py" in script and "train.py &&" in script
