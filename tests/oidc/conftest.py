from tests.oidc.harness import identity_settings, oidc_provider  # noqa: F401  (the provider on loopback)
