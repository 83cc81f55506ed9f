"""Shared by every test folder: pytest puts this folder on sys.path, so tests import the helpers beside this
file (cluster_helpers, controller_cases, fake_cluster, strategies) by name."""
