"""Differential test of k8sjobs_edu.kubectl.printers.gosort.go_sort against real Go (dev only).

Makes test vectors (integer keys with many ties), has main.go sort their
indices with Go's sort.Sort, and checks that go_sort leaves every tie in the
same place. ``--freeze N`` prints N vectors with Go's permutations, in the
form tests/kubectl/printers/test_gosort.py keeps them.

    python scripts/go_sort_oracle/compare.py [--count 3000] [--go go] [--freeze 60]
"""
from __future__ import annotations

import argparse
import json
import pathlib
import random
import subprocess
import textwrap
import types
from collections import Counter

from k8sjobs_edu.kubectl.printers import gosort

HERE = pathlib.Path(__file__).parent


def random_vector(rng: random.Random) -> list[int]:
    """A vector of one of the shapes pdqsort treats specially."""
    n = rng.choice([rng.randint(0, 13), rng.randint(0, 60), rng.randint(0, 200)])
    distinct = rng.choice([1, 2, 3, 5, 10, 30, max(n, 1)])
    keys = [rng.randrange(distinct) for _ in range(n)]
    shape = rng.choice(["random", "sorted", "reversed", "nearly sorted", "sorted then random", "organ pipe",
                        "sawtooth", "descending"])
    if shape == "descending":  # choosePivot's decreasing hint: reversed whole, ties only far apart
        keys = sorted((rng.randrange(2 * n + 1) for _ in range(n)), reverse=True)
    elif shape == "sorted":
        keys.sort()
    elif shape == "reversed":
        keys.sort(reverse=True)
    elif shape == "nearly sorted":  # partialInsertionSort shifts a few pairs back
        keys.sort()
        for _ in range(rng.randint(1, 6)):
            if n > 1:
                i = rng.randrange(n - 1)
                keys[i], keys[i + 1] = keys[i + 1], keys[i]
    elif shape == "sorted then random":
        keys[: n // 2] = sorted(keys[: n // 2])
    elif shape == "organ pipe":
        keys = [min(i, n - 1 - i) % distinct for i in range(n)]
    elif shape == "sawtooth":
        keys = [i % distinct for i in range(n)]
    return keys


def adversary_vector(n: int, tie: int = 1) -> list[int]:
    """McIlroy's killer adversary ("A Killer Adversary for Quicksort", 1999), played against go_sort.

    Keys are fixed lazily while go_sort compares them, so that the pivot is
    always near the bottom; the keys found make Go's pdqsort unbalanced too
    (breakPatterns, then heapsort). ``tie`` keys in a row get the same value:
    any fixed keys agree with the comparisons made, and ties show where
    heapsort leaves equal keys.
    """
    gas = n
    value = [gas] * n
    frozen = [0]
    candidate = [0]

    def freeze(x: int) -> None:
        value[x] = frozen[0] // tie
        frozen[0] += 1

    def less(x: int, y: int) -> bool:
        if value[x] == gas and value[y] == gas:
            freeze(x if x == candidate[0] else y)
        if value[x] == gas:
            candidate[0] = x
        elif value[y] == gas:
            candidate[0] = y
        return value[x] < value[y]

    gosort.go_sort(list(range(n)), less)
    return value


def run_go(go: str, vectors: list[list[int]]) -> tuple[str, list[list[int]]]:
    result = subprocess.run([go, "run", "main.go"], cwd=HERE, input=json.dumps(vectors), capture_output=True,
                            text=True, check=True)
    answer = json.loads(result.stdout)
    return answer["go"], answer["permutations"]


def python_permutation(keys: list[int], paths: Counter) -> list[int]:
    """go_sort's permutation, counting which pdqsort paths the vector took."""
    taken = set()
    originals = {name: getattr(gosort, name) for name in
                 ("_break_patterns", "_heap_sort", "_partition_equal", "_reverse_range")}

    def counting(name):
        def wrapper(*args):
            taken.add(name)
            return originals[name](*args)
        return wrapper

    for name in originals:
        setattr(gosort, name, counting(name))
    try:
        indices = list(range(len(keys)))
        gosort.go_sort(indices, lambda i, j: keys[i] < keys[j])
    finally:
        for name, function in originals.items():
            setattr(gosort, name, function)
    paths.update(taken)
    return indices


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000, help="random vectors (adversary ones come on top)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--go", default="go", help="the go command to use")
    parser.add_argument("--freeze", type=int, default=0, help="print this many vectors for the tests")
    options = parser.parse_args()
    rng = random.Random(options.seed)
    vectors = [random_vector(rng) for _ in range(options.count)]
    vectors += [adversary_vector(n, tie) for n in range(0, 201) for tie in (1, 2, 3)]
    version, expected = run_go(options.go, vectors)
    paths, tied, mismatches = Counter(), 0, []
    per_vector = []
    for keys, go_order in zip(vectors, expected):
        before = Counter(paths)
        order = python_permutation(keys, paths)
        per_vector.append(set((paths - before).keys()))
        tied += len(set(keys)) < len(keys)
        if order != go_order:
            mismatches.append(keys)
    print(f"{version}: {len(vectors)} vectors ({tied} with ties), {len(mismatches)} differ from go_sort")
    print("vectors taking each path:", dict(paths))
    for keys in mismatches[:5]:
        print("differs:", keys)
    if options.freeze:
        print_frozen(vectors, expected, per_vector, options.freeze, rng)


GO_NAMES = {"_heap_sort": "heapSort", "_break_patterns": "breakPatterns", "_partition_equal": "partitionEqual",
            "_reverse_range": "reverseRange"}
# Plausible slips in porting zsortinterface.go and sort.go; the frozen cases include vectors that catch each.
SLIPS = [
    ("random >> 7", "random >> 17"),  # Go 1.19-1.23's xorshift
    ("n.bit_length())", "n.bit_length() - 1)"),
    ("if length >= 50:", "if length >= 49:"),
    ("threshold = length // 8", "threshold = length // 7"),
    ("if length <= 12:", "if length <= 11:"),
    ("if a > 0 and not", "if a > 0 and False and not"),
    ("if other >= length:", "if other > length:"),
    ("max_steps, shortest_shifting = 5, 50", "max_steps, shortest_shifting = 4, 50"),
    ("max_steps, shortest_shifting = 5, 50", "max_steps, shortest_shifting = 5, 49"),
    ("if swaps[0] == 12:", "if swaps[0] >= 11:"),
    ("was_balanced = left >= threshold", "was_balanced = left > threshold"),
    ("if left < right:", "if left <= right:"),
    ("limit -= 1", "limit -= 0"),
    ("if child + 1 < hi and _less(items, less, first + child, first + child + 1)",
     "if child + 1 < hi and not _less(items, less, first + child + 1, first + child)"),
]


def slip_catchers(vectors: list[list[int]], by_length: list[int], each: int) -> list[int]:
    """For each slip, the ``each`` shortest vectors whose order it changes."""
    source = pathlib.Path(gosort.__file__).read_text()
    chosen: list[int] = []
    for old, new in SLIPS:
        slipped = types.ModuleType("slipped")
        exec(source.replace(old, new, 1), slipped.__dict__)  # a dev tool: a variant of the port, not the port
        catching = [i for i in by_length if i not in chosen and order(slipped, vectors[i]) != order(gosort, vectors[i])]
        chosen += catching[:each]
    return chosen


def order(module, keys: list[int]) -> list[int] | None:
    indices = list(range(len(keys)))
    try:
        module.go_sort(indices, lambda i, j: keys[i] < keys[j])
    except IndexError:
        return None
    return indices


def print_frozen(vectors, expected, per_vector, count, rng) -> None:
    """Vectors that catch each slip or take each special path, short ones, the longest ones, then a random spread."""
    by_length = sorted(range(len(vectors)), key=lambda i: (len(vectors[i]), i))
    chosen = slip_catchers(vectors, by_length, each=2)
    for path in GO_NAMES:
        chosen += [i for i in by_length if path in per_vector[i] and i not in chosen][:2]
    for length in (0, 1, 2, 3, 5, 8, 12):  # insertion sort only
        chosen.append(next(i for i in by_length if len(vectors[i]) == length and i not in chosen))
    chosen += [i for i in reversed(by_length) if i not in chosen][:3]
    rest = [i for i in by_length if i not in chosen and 12 < len(vectors[i]) <= 100]
    chosen += rng.sample(rest, count - len(chosen))
    for i in sorted(chosen, key=lambda i: (len(vectors[i]), i)):
        paths = ", ".join(go_name for path, go_name in GO_NAMES.items() if path in per_vector[i])
        paths = paths or ("insertionSort only" if len(vectors[i]) <= 12 else "quicksort")
        plural = "" if len(vectors[i]) == 1 else "s"
        print(f'    ("{len(vectors[i])} key{plural}: {paths}",')
        print(quoted(vectors[i]) + ",")
        print(quoted(expected[i]) + "),")


def quoted(numbers: list[int]) -> str:
    """Space-separated numbers as Python string literals of at most 100 characters, one a line."""
    lines = textwrap.wrap(" ".join(map(str, numbers)), 100) or [""]
    return "\n".join(f'     "{line}{" " if n < len(lines) - 1 else ""}"' for n, line in enumerate(lines))


if __name__ == "__main__":
    main()
