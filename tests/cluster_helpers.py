"""Small helpers shared by the cluster scenario tests."""
from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent.parent / "data"


def manifest(name: str, replacements: dict[str, str]) -> str:
    """A data/ manifest as text, with each ``old`` text replaced by ``new``."""
    text = (DATA / name).read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text
