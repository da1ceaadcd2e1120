"""Program tests (``stridelift test``): test files that name a program, a log or a
simulated athlete and assert what the engine prescribes. :mod:`.results` is what a
run produces and every output format renders."""
