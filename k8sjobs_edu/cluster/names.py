"""How the API server names what it creates: ``generateName`` suffixes and uids.

A Job's pods are created with ``generateName: <job>-`` (``<job>-<index>-`` for
Indexed Jobs); the API server appends 5 random characters from an alphabet
without vowels or look-alikes (k8s.io/apimachinery/pkg/util/rand) and tries
again if the name is taken. A uid is a random (version 4) UUID.
"""
from __future__ import annotations

import random

from ..api.wellknown import MAX_GENERATED_NAME_LENGTH, NAME_ALPHABET

_PAIRS = [a + b for a in NAME_ALPHABET for b in NAME_ALPHABET]


def generate_name(prefix: str, taken, rng: random.Random, suffixes: list[str]) -> str:
    """``prefix`` + 5 random characters, a name not in ``taken``.

    ``suffixes`` (to replay a real transcript) are used up first, in order.
    """
    base = prefix[:MAX_GENERATED_NAME_LENGTH]
    while True:
        if suffixes:
            suffix = suffixes.pop(0)
        else:
            # One draw read as five base-27 digits, so each character is uniform.
            number = rng.getrandbits(24)
            while number >= 27 ** 5:
                number = rng.getrandbits(24)
            suffix = _PAIRS[number % 729] + _PAIRS[number // 729 % 729] + NAME_ALPHABET[number // 531441]
        name = base + suffix
        if name not in taken:
            return name


def new_uid(rng: random.Random) -> str:
    """A version 4 UUID drawn from ``rng``."""
    value = rng.getrandbits(128)
    hex_ = f"{value:032x}"
    return f"{hex_[:8]}-{hex_[8:12]}-4{hex_[13:16]}-{'89ab'[value % 4]}{hex_[17:20]}-{hex_[20:32]}"
