"""Reads shared by several callers: the compliance grid, home panels, a filing's figures."""
