"""Typing mistakes: a string distance that counts a transposition as one edit, the
known instruction a mistyped keyword was meant to be, and did-you-mean hints."""

from __future__ import annotations

from dlint_dockerfile.syntax.nodes import KNOWN_INSTRUCTIONS

__all__ = ["closest", "closest_instruction", "suggest", "typo_distance"]


def typo_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (a transposition counts as one edit)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def closest_instruction(keyword: str) -> str | None:
    """The one known instruction a typing mistake away from ``keyword`` (upper case), or
    None: one edit for words of up to 7 letters, two for longer ones; a word shorter
    than 3 letters (``cd``) or with two candidates at the best distance gets none."""
    word = keyword.upper()
    if len(word) < 3 or not word.isalpha():
        return None
    limit = 1 if len(word) <= 7 else 2
    scored = sorted((typo_distance(word, name), name) for name in KNOWN_INSTRUCTIONS)
    best = [name for distance, name in scored if distance == scored[0][0]]
    if scored[0][0] > limit or len(best) != 1:
        return None
    return best[0]


def closest(name: str, candidates: list[str]) -> str | None:
    """The candidate one or two typing mistakes away from ``name``, or None."""
    limit = min(2, max(1, len(name) // 4))
    best: tuple[int, str] | None = None
    for candidate in candidates:
        if candidate == name or abs(len(candidate) - len(name)) > limit:
            continue
        distance = typo_distance(name.lower(), candidate.lower())
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


def suggest(name: str, candidates: list[str]) -> str:
    """`` (did you mean 'X'?)`` for a candidate one or two typing mistakes away."""
    best = closest(name, candidates)
    return f" (did you mean '{best}'?)" if best else ""
