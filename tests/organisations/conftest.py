from tests.organisations.fixtures import *  # noqa: F403 - shared fixtures
