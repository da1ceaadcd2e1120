"""The fuzzing harness: hypothesis strategies for hostile input (:mod:`.strategies`) and
the properties every command must keep on it (:mod:`.properties`).

``tests/test_fuzz.py`` runs each property at a bounded number of examples;
``tools/fuzz.py`` runs the same ones for a time budget. See docs/fuzzing.md.
"""
