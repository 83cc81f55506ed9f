"""Validation as the API server words it (pkg/apis/batch/validation, pkg/apis/core/validation)."""
