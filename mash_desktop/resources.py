"""Locate files shipped in ``resources/``, from a wheel, an editable install or a bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder holding icons, fonts, the stylesheet and demo data."""
    here = Path(__file__).resolve().parent
    candidates = [
        here / "_resources",  # installed wheel (force-included by hatch)
        here.parent / "resources",  # source tree / editable install
    ]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "resources")
    for candidate in candidates:
        if (candidate / "README.md").is_file():
            return candidate
    raise FileNotFoundError(
        "MASH Desktop resources folder not found; the installation is incomplete"
    )


def resource_path(*parts: str) -> Path:
    """Path of one shipped resource file; raises if it is missing."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"missing resource: {'/'.join(parts)}")
    return path
