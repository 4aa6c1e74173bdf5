"""Rasa's own checks: the training data and domain validate, and the test stories replay exactly."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.servers import ROOT, trained_model


def test_rasa_data_validate_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate", "--fail-on-warnings"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


@pytest.mark.servers
def test_every_test_story_is_predicted_exactly(tmp_path):
    """tests/test_stories.yml: every flow, each provider; any wrong prediction fails."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "test",
            "core",
            "--model",
            str(trained_model()),
            "--stories",
            "tests/test_stories.yml",
            "--fail-on-prediction-errors",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = tmp_path / "failed_test_stories.yml"
    failed = report.read_text() if report.exists() else ""
    assert result.returncode == 0, failed[-6000:] or (result.stdout[-4000:] + result.stderr[-4000:])
