"""`dlint_dockerfile._memo`: the read-once attribute and the bounded first-in-first-out table."""

from __future__ import annotations

from dlint_dockerfile._memo import cached_property, keep


def test_keep_is_bounded_and_drops_the_oldest_first() -> None:
    limit = 640
    table: dict[int, str] = {}
    for key in range(10_000):
        keep(table, key, str(key), limit)
        assert table[key] == str(key)  # the newest is always kept
        # full, it holds all but a sixty-fourth of the limit at least, after every
        # insertion: dropping more at once shrinks what it holds (the parser's table of
        # known instructions, at 2,048, then misses most of a corpus it saw just before)
        assert min(key + 1, limit - limit // 64) <= len(table) <= limit
    kept = sorted(table)
    assert kept == list(range(10_000 - len(kept), 10_000))  # the most recent run of keys


def test_keep_drops_nothing_below_the_limit() -> None:
    table: dict[str, int] = {}
    for key in "abcdefgh":
        keep(table, key, ord(key), 8)
    assert list(table) == list("abcdefgh")
    keep(table, "i", 0, 8)
    assert list(table) == list("bcdefghi")  # the oldest went first


def test_keep_with_a_limit_under_four_still_drops_one() -> None:
    table: dict[int, int] = {}
    for key in range(5):
        keep(table, key, key, 2)
    assert table == {3: 3, 4: 4}


def test_cached_property_computes_once() -> None:
    calls: list[int] = []

    class Thing:
        @cached_property
        def value(self) -> int:
            calls.append(1)
            return 42

    thing = Thing()
    assert thing.value == 42 and thing.value == 42
    assert calls == [1]
    assert isinstance(Thing.value, cached_property)
