"""Procedure scripts: their format, validation, the tailoring engine, search.

Scripts are data (YAML under ``procedures/``), read with the safe loader and
checked by our own code. Nothing from a script is ever executed: conditions
are a small declarative language evaluated here.
"""
