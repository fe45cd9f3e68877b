"""Right-to-left text: embedding levels (Unicode bidirectional algorithm) and visual order.

ReportLab's own bidi needs ``rlbidi``, which is not on PyPI, and even with it ReportLab skips
bidi for paragraphs of more than one font, which is every paragraph that mixes an English
sentence with an Arabic name. So levels come from python-bidi's implementation of the
algorithm (rules P2-P3, X1-X10, W1-W7, N1-N2, I1-I2) and lines are reordered here (L1-L2)
after they are broken, as the algorithm requires.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TypeVar

from bidi import algorithm

RTL_CLASSES = {"R", "AL", "AN", "RLE", "RLO", "RLI"}
T = TypeVar("T")


def has_rtl(text: str) -> bool:
    return any(ord(ch) >= 0x0590 and unicodedata.bidirectional(ch) in RTL_CLASSES for ch in text)


def base_level(text: str) -> int:
    """0 for a paragraph whose first strong character is left to right (or that has none)."""
    return int(algorithm.get_base_level(text))


def embedding_levels(text: str, base: int | None = None) -> tuple[list[int], int]:
    """Each character's resolved embedding level (odd: right to left) and the base level."""
    paragraph = base_level(text) if base is None else base
    if not has_rtl(text):
        return [paragraph] * len(text), paragraph
    storage = algorithm.get_empty_storage()
    storage["base_level"] = paragraph
    storage["base_dir"] = ("L", "R")[paragraph]
    algorithm.get_embedding_levels(text, storage)
    for index, entry in enumerate(storage["chars"]):
        entry["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    levels: list[int | None] = [None] * len(text)
    for entry in storage["chars"]:
        levels[entry["index"]] = entry["level"]
    # Characters X9 removed (embedding controls) take the level before them.
    resolved: list[int] = []
    for level in levels:
        resolved.append(level if level is not None else (resolved[-1] if resolved else paragraph))
    return resolved, paragraph


def visual_order(items: Sequence[T], levels: Sequence[int]) -> list[T]:
    """Rule L2 on one line: from the highest level down to the lowest odd level, reverse every
    run of items at that level or higher."""
    order = list(range(len(items)))
    if not levels:
        return []
    highest = max(levels)
    odd = [level for level in levels if level % 2]
    if not odd:
        return list(items)
    lowest_odd = min(odd)
    current = list(levels)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if current[i] >= level:
                j = i
                while j < len(order) and current[j] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                current[i:j] = current[i:j][::-1]
                i = j
            else:
                i += 1
    return [items[k] for k in order]
