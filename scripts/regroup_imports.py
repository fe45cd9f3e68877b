"""Rewrite old module paths to the feature-folder layout of issue 10 (scripts/regroup_map.txt).

    python scripts/regroup_imports.py FILE...

Idempotent: a dotted name is rewritten only where it stands alone (not followed by a dot or a
word character), so a path that is already new is left as it is.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

MAP_FILE = Path(__file__).with_name("regroup_map.txt")


def load_map() -> list[tuple[str, str]]:
    pairs = []
    for line in MAP_FILE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            old, new = line.split()
            pairs.append((old, new))
    return pairs


def rewrite(text: str, pairs: list[tuple[str, str]]) -> str:
    for old, new in pairs:
        text = re.sub(rf"(?<![\w.]){re.escape(old)}(?![\w.])", new, text)
        # "ui.print_flow.QtPrintSupport" in monkeypatch strings and the like
        guard = ""
        if new.startswith(old + "."):
            guard = rf"(?!{re.escape(new[len(old) + 1 :])}(?![\w]))"
        text = re.sub(rf"(?<![\w.])([\"']){re.escape(old)}\.{guard}", rf"\g<1>{new}.", text)
    return text


def main(paths: list[str]) -> int:
    pairs = load_map()
    for name in paths:
        path = Path(name)
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        new = rewrite(text, pairs)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"rewrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
