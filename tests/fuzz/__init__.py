"""Fuzzing the fix loop and the ``dlint`` command with mutated corpus files (issue 18).

Inputs are corpus Dockerfiles (``real/``, ``wild/``, ``buildkit-parser/``) cut to a window
of lines and mutated the ways Dockerfiles differ (`tests.fuzz.mutations`); the properties
(`tests.fuzz.properties`) are checked on `dlint_dockerfile.lint.fixing.fix_text` (safe and unsafe)
and on ``dlint`` itself (a file and standard input; ``--fix``, ``--diff``, ``--add-ignore``).

Short run, part of ``python -m pytest`` (derandomized, no example database, a few
seconds)::

    python -m pytest tests/fuzz

Long run with hypothesis (random, stops at the first failure of each test and shrinks it;
``DLINT_FUZZ_EXAMPLES`` inputs per test, default 2000; whole files as well as windows)::

    DLINT_FUZZ=long python -m pytest tests/fuzz

Long campaign that keeps going after failures, groups them by property and minimizes one
reproducer per group (one process per job; reproducers and ``report.json`` under --out)::

    python -m tests.fuzz --minutes 30 --jobs 2 --out /tmp/dlint-fuzz
"""
