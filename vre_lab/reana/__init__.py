"""Workflows: REANA servers and the local engine."""
