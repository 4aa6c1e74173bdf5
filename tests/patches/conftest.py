"""tests/patches/: the Rasa patches (rasa_plugins/patches/), the tracker store endpoints.yml selects
(rasa_plugins/turn_cost.py), the policies (the outage and name-answer policies), the private-events
tracker store and the action server's shared secret (rasa_plugins/, rasa_sdk_plugins/), each
checked against Rasa's own code in the test process. A few tests here load the trained model
(marked `model`).

`rasa_as_released`: for a test that installs patches, removes every one afterwards, so the rest of
the run sees Rasa as released.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture
def rasa_as_released() -> Iterator[None]:
    """For tests that install Rasa patches (rasa_plugins/patches/): every patch is removed after
    the test, so the rest of the run sees Rasa as released."""
    yield
    from rasa_plugins import patches

    patches.uninstall()
