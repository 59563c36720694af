"""Providers and accounts: registration, a gemeente's approval and suspension (onboarding), and
passwords and API tokens for every kind of user (accounts).

No Flask: imports the models, the auction's domain modules and libraries. Kept import-free so
importing a submodule loads nothing else."""
