"""Accord: compare international agreements."""
