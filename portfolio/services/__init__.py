"""Writes of the portfolio, one typed function per action (see the sub-modules)."""
