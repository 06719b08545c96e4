"""Hypothesis profiles for the fuzz tests.

``ci`` (the default): few examples, derandomized (the same inputs on every run, so CI is reproducible), no
deadline (a shared CI core is slow) and no example database. ``HYPOTHESIS_PROFILE=long`` explores far more
inputs with fresh randomness (``HYPOTHESIS_SCALE`` times each test's CI budget, 40 by default) and remembers
failing ones in ``var/hypothesis`` for the next run::

    HYPOTHESIS_PROFILE=long TESTING=1 .venv/bin/pytest tests/fuzz -q
    HYPOTHESIS_PROFILE=long HYPOTHESIS_SCALE=5 DATABASE_URL=postgres://… TESTING=1 .venv/bin/pytest tests/fuzz -q
"""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from tests.organisations.fixtures import make_manager, manager_a, tree  # noqa: F401 - shared fixtures

_QUIET = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large,
          HealthCheck.large_base_example, HealthCheck.filter_too_much]

settings.register_profile("ci", max_examples=50, derandomize=True, deadline=None, database=None,
                          suppress_health_check=_QUIET, print_blob=True)
settings.register_profile(
    "long", max_examples=2000, deadline=None, suppress_health_check=_QUIET, print_blob=True,
    database=DirectoryBasedExampleDatabase(str(Path(__file__).resolve().parents[2] / "var" / "hypothesis")),
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """The fuzz tests post hundreds of bodies a minute; the limiters have their own tests."""
    settings.RATE_LIMITS_ENABLED = False
    settings.H5P_XAPI_RATE_PER_MINUTE = 10**9
