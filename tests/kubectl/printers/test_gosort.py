"""``gosort.go_sort`` against real Go, and kubectl's sorter around it (``printers.sort``)."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from fake_cluster import make_job
from k8sjobs_edu.api.quantity import parse_quantity
from k8sjobs_edu.kubectl.common import KubectlError
from k8sjobs_edu.kubectl.printers.gosort import go_sort
from k8sjobs_edu.kubectl.printers.sort import relaxed_jsonpath, sort_objects, value_less

# ---- sort.Sort, as real Go orders ties ------------------------------------------------------

# Made by scripts/go_sort_oracle (compare.py --count 4000 --freeze 60) with go1.24.11, the Go line
# kubectl 1.34 is built with. Each case: the pdqsort paths taken, the keys, then the indices of the keys
# in the order Go's sort.Sort leaves them when it sorts the indices by key (ties show where pdqsort put
# them). The cases were picked to catch plausible slips in the port (compare.py's SLIPS). Go 1.19 to
# 1.23 shifted breakPatterns' xorshift by 13, 17, 5 (not 13, 7, 17) and order most breakPatterns cases
# differently.
GO_ORDERS = [
    ("0 keys: insertionSort only",
     "",
     ""),
    ("1 key: insertionSort only",
     "0",
     "0"),
    ("2 keys: insertionSort only",
     "3 3",
     "0 1"),
    ("3 keys: insertionSort only",
     "0 1 2",
     "0 1 2"),
    ("5 keys: insertionSort only",
     "0 1 2 1 0",
     "0 4 1 3 2"),
    ("8 keys: insertionSort only",
     "0 1 2 3 3 2 1 0",
     "0 7 1 6 2 5 3 4"),
    ("12 keys: insertionSort only",
     "20 18 15 13 12 10 8 5 1 0 0 0",
     "9 10 11 8 7 6 5 4 3 2 1 0"),
    ("12 keys: insertionSort only",
     "0 1 2 3 4 5 5 4 3 2 1 0",
     "0 11 1 10 2 9 3 8 4 7 5 6"),
    ("12 keys: insertionSort only",
     "3 5 6 7 7 11 4 8 0 8 8 11",
     "8 0 6 1 2 3 4 7 9 10 5 11"),
    ("13 keys: quicksort",
     "9 8 7 6 6 5 4 3 3 2 1 0 0",
     "12 11 10 9 7 8 6 5 4 3 2 1 0"),
    ("14 keys: breakPatterns",
     "0 1 2 0 1 2 0 0 2 1 0 2 1 0",
     "6 10 13 3 0 7 4 12 1 9 8 11 5 2"),
    ("14 keys: breakPatterns",
     "1 1 4 0 2 3 0 6 3 4 5 5 2 14",
     "6 3 0 1 12 4 5 8 2 9 10 11 7 13"),
    ("14 keys: breakPatterns",
     "0 1 2 0 1 2 0 4 2 3 3 3 1 14",
     "6 3 0 12 4 1 5 8 2 9 10 11 7 13"),
    ("15 keys: breakPatterns",
     "1 1 4 0 2 3 0 5 3 4 2 5 6 6 15",
     "6 3 1 0 10 4 5 8 2 9 7 11 12 13 14"),
    ("15 keys: breakPatterns",
     "0 1 2 0 1 2 0 3 2 3 1 3 4 4 15",
     "6 3 0 10 4 1 5 8 2 9 7 11 12 13 14"),
    ("16 keys: breakPatterns, partitionEqual",
     "0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1",
     "8 10 2 14 4 12 6 0 9 7 1 11 5 13 3 15"),
    ("16 keys: quicksort",
     "0 0 1 1 1 2 1 2 3 3 3 3 3 4 4 4",
     "0 1 2 3 4 6 5 7 8 9 10 11 12 13 14 15"),
    ("16 keys: partitionEqual",
     "2 3 1 3 1 1 1 0 0 4 3 3 1 4 3 1",
     "7 8 4 12 15 5 6 2 0 1 10 11 3 14 9 13"),
    ("16 keys: breakPatterns",
     "2 3 4 11 0 5 6 9 1 7 10 8 12 13 14 16",
     "4 8 0 1 2 5 6 9 11 7 10 3 12 13 14 15"),
    ("17 keys: breakPatterns, partitionEqual",
     "0 0 1 1 1 2 2 2 0 0 0 2 0 0 2 1 0",
     "12 13 16 10 0 8 9 1 4 3 15 2 7 6 5 11 14"),
    ("17 keys: breakPatterns, partitionEqual",
     "1 1 1 1 1 1 1 1 0 0 0 0 0 0 0 0 0",
     "12 13 16 15 14 10 11 8 9 1 7 6 0 5 4 3 2"),
    ("18 keys: breakPatterns",
     "2 8 12 14 20 23 23 25 29 3 12 10 27 14 0 18 22 2",
     "14 0 17 9 1 11 2 10 13 3 15 4 16 6 5 7 12 8"),
    ("18 keys: quicksort",
     "18 12 9 0 5 26 28 5 5 12 19 6 13 9 29 7 2 23",
     "3 16 8 4 7 11 15 13 2 1 9 12 0 10 17 5 6 14"),
    ("20 keys: quicksort",
     "0 1 1 1 3 3 3 4 4 4 1 2 4 1 3 1 2 0 3 3",
     "0 17 15 10 1 2 13 3 11 16 6 14 5 4 18 19 9 8 7 12"),
    ("20 keys: quicksort",
     "2 9 6 11 11 12 17 14 14 17 17 18 21 23 22 24 24 24 25 28",
     "0 2 1 3 4 5 8 7 10 9 6 11 12 14 13 15 16 17 18 19"),
    ("21 keys: quicksort",
     "19 7 20 8 3 9 19 10 9 10 4 11 6 7 9 4 14 6 3 5 15",
     "4 18 15 10 19 17 12 1 13 3 5 8 14 7 9 11 16 20 0 6 2"),
    ("22 keys: breakPatterns",
     "1 1 2 2 5 0 3 6 6 4 0 3 7 4 7 5 8 8 9 9 10 22",
     "10 5 1 0 2 3 11 6 13 9 15 4 8 7 14 12 16 17 18 19 20 21"),
    ("26 keys: quicksort",
     "0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5",
     "20 0 10 1 21 11 12 2 22 3 13 23 4 24 14 15 25 5 6 16 17 7 18 8 19 9"),
    ("27 keys: quicksort",
     "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26",
     "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26"),
    ("28 keys: breakPatterns, partitionEqual",
     "0 1 0 1 0 1 0 1 0 1 0 1 0 1 1 0 1 0 1 0 1 0 1 0 1 0 1 0",
     "6 12 2 25 4 23 8 15 27 21 10 19 0 17 7 14 16 13 18 11 20 9 22 5 24 3 26 1"),
    ("30 keys: breakPatterns, partitionEqual",
     "0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1",
     "6 10 2 26 4 24 28 8 16 22 0 20 12 18 14 7 15 17 13 19 11 21 9 23 5 25 3 27 1 29"),
    ("30 keys: breakPatterns",
     "1 1 2 2 3 3 6 0 4 7 11 5 9 10 0 7 9 6 8 5 4 11 10 8 12 12 13 13 14 30",
     "14 7 1 0 2 3 4 5 20 8 19 11 6 17 15 9 23 18 16 12 22 13 21 10 24 25 26 27 28 29"),
    ("31 keys: breakPatterns",
     "1 1 2 2 3 3 11 0 4 7 11 10 9 8 0 10 4 6 5 5 7 6 12 8 13 12 9 13 14 14 31",
     "14 7 1 0 2 3 4 5 16 8 19 18 21 17 20 9 23 13 26 12 15 11 10 6 22 25 24 27 28 29 30"),
    ("35 keys: quicksort",
     "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
     "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34"),
    ("36 keys: heapSort, breakPatterns",
     "2 3 4 5 6 7 8 9 14 0 10 13 17 33 34 32 36 11 1 31 15 18 20 12 29 16 19 30 21 22 28 27 26 25 24 23",
     "9 18 0 1 2 3 4 5 6 7 10 17 23 11 8 20 25 12 21 26 22 28 29 35 34 33 32 31 30 24 27 19 15 13 14 16"),
    ("36 keys: heapSort, breakPatterns",
     "1 1 2 2 3 3 4 4 16 0 7 5 8 16 9 36 6 15 0 5 7 9 10 6 15 8 10 14 17 14 13 13 12 12 11 11",
     "18 9 1 0 3 2 4 5 6 7 19 11 23 16 10 20 25 12 14 21 22 26 35 34 32 33 31 30 29 27 24 17 13 8 28 15"),
    ("37 keys: heapSort, breakPatterns",
     "2 3 4 5 6 7 8 9 35 0 10 19 32 21 33 34 37 11 1 22 15 20 16 12 29 26 17 18 31 13 30 28 27 14 25 24 23",
     "9 18 0 1 2 3 4 5 6 7 10 17 23 29 33 20 22 26 27 11 21 13 19 36 35 34 25 32 31 24 30 28 12 14 15 8 16"),
    ("37 keys: heapSort, breakPatterns",
     "1 1 2 2 3 3 4 4 7 0 5 10 37 11 16 17 16 6 0 5 8 10 8 6 15 13 9 9 17 11 15 14 14 7 13 12 12",
     "18 9 1 0 2 3 4 5 6 7 19 10 23 17 33 8 22 20 27 26 21 11 29 13 36 35 34 25 32 31 30 24 14 16 28 15 12"),
    ("38 keys: heapSort, breakPatterns",
     "1 1 2 2 3 3 4 4 8 0 5 10 16 11 38 17 10 6 0 5 7 18 9 6 8 13 17 9 11 15 16 15 14 14 7 13 12 12",
     "18 9 1 0 2 3 4 5 6 7 19 10 23 17 34 20 8 24 27 22 16 11 13 28 37 36 25 35 33 32 31 29 30 12 15 26 21 "
     "14"),
    ("38 keys: heapSort, breakPatterns, partitionEqual",
     "0 1 1 1 2 2 2 3 4 0 3 10 11 12 6 10 7 4 0 3 11 5 10 5 4 8 11 38 6 7 6 9 9 9 5 8 8 7",
     "18 9 0 1 2 3 4 5 6 19 7 10 24 17 8 34 23 21 28 14 30 29 37 16 35 36 25 33 32 31 15 11 22 20 26 12 13 "
     "27"),
    ("40 keys: breakPatterns, partitionEqual",
     "0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0",
     "10 39 2 37 4 35 6 33 31 8 12 29 0 27 14 25 16 23 18 21 20 19 22 17 24 15 26 13 28 11 30 9 32 7 34 5 "
     "36 3 38 1"),
    ("40 keys: quicksort",
     "0 0 0 0 0 0 1 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 2 2 2 2 2 3 3 3 3 3 3 3 4 4 4 4 4 4",
     "7 1 2 3 4 5 0 20 8 9 10 11 12 13 14 15 16 17 18 19 6 21 24 23 22 25 26 31 28 29 30 27 32 33 34 35 36 "
     "37 38 39"),
    ("43 keys: quicksort",
     "0 0 0 0 0 0 0 0 0 0 0 0 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2",
     "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 "
     "37 38 39 40 41 42"),
    ("45 keys: quicksort",
     "29 28 26 25 25 24 22 22 22 21 20 20 19 17 17 16 15 15 15 14 14 13 13 12 12 11 11 11 11 10 9 9 8 8 6 "
     "5 5 4 2 2 1 0 0 0 0",
     "44 43 42 41 40 39 38 37 35 36 34 32 33 30 31 29 28 27 26 25 23 24 22 21 20 19 18 17 16 15 13 14 12 "
     "11 10 9 8 7 6 5 4 3 2 1 0"),
    ("49 keys: quicksort",
     "98 98 94 80 76 76 75 73 73 73 71 71 71 70 70 69 67 63 60 53 53 52 49 49 49 48 44 43 40 40 39 37 31 "
     "30 28 25 23 19 18 17 13 12 11 6 5 4 2 2 1",
     "48 47 46 45 44 43 42 41 40 39 38 37 36 35 34 33 32 31 30 29 28 27 26 25 24 23 22 21 20 19 18 17 16 "
     "15 13 14 12 11 10 9 8 7 6 5 4 3 2 0 1"),
    ("49 keys: breakPatterns, partitionEqual",
     "0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0",
     "24 38 2 48 4 46 6 44 8 42 10 40 12 26 14 36 16 34 18 32 20 30 22 28 0 41 1 27 23 29 21 31 19 33 17 "
     "35 15 37 13 39 11 25 9 43 7 45 5 47 3"),
    ("49 keys: breakPatterns, partitionEqual",
     "0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0",
     "24 38 2 48 4 46 6 44 8 42 10 40 12 26 14 36 16 34 18 32 20 30 22 28 0 41 1 27 23 29 21 31 19 33 17 "
     "35 15 37 13 39 11 25 9 43 7 45 5 47 3"),
    ("49 keys: partitionEqual",
     "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1",
     "21 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 0 24 34 23 20 25 26 27 28 29 30 31 32 33 22 35 36 "
     "37 38 39 40 41 42 43 44 45 46 47 48"),
    ("50 keys: quicksort",
     "0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9",
     "20 10 0 30 40 41 31 21 1 11 42 2 32 12 22 33 3 43 23 13 24 34 44 4 14 35 25 5 45 15 46 16 6 36 26 7 "
     "17 47 37 27 38 8 18 28 48 39 9 19 29 49"),
    ("50 keys: reverseRange",
     "95 94 93 91 91 84 84 84 83 82 79 76 75 74 72 72 71 70 69 67 66 66 65 63 59 57 52 52 50 49 46 45 39 "
     "35 33 32 26 24 24 22 18 17 10 6 5 4 4 3 2 0",
     "49 48 47 46 45 44 43 42 41 40 39 38 37 36 35 34 33 32 31 30 29 28 27 26 25 24 23 22 21 20 19 18 17 "
     "16 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0"),
    ("50 keys: quicksort",
     "99 99 96 92 87 86 85 83 83 82 82 81 81 78 75 71 70 66 65 65 63 63 63 63 62 60 59 55 54 52 48 47 47 "
     "47 44 44 40 38 37 37 30 30 26 25 23 15 15 8 5 2",
     "49 48 47 46 45 44 43 42 40 41 38 39 37 36 34 35 33 32 31 30 29 28 27 26 25 24 23 22 21 20 19 18 17 "
     "16 15 14 13 12 11 10 9 8 7 6 5 4 3 2 0 1"),
    ("50 keys: quicksort",
     "3 3 4 4 5 5 6 6 7 7 8 0 0 8 9 9 10 10 11 11 12 12 13 1 1 13 14 14 15 15 16 16 17 17 18 2 2 18 21 20 "
     "19 20 21 19 22 22 23 23 24 50",
     "11 12 23 24 35 36 0 1 2 3 4 5 7 6 8 9 10 13 14 15 16 17 18 19 21 20 22 25 26 27 28 29 30 31 32 33 37 "
     "34 43 40 39 41 42 38 44 45 46 47 48 49"),
    ("51 keys: quicksort",
     "48 47 47 46 45 44 44 44 43 42 42 41 40 40 38 37 35 35 35 33 30 29 29 28 27 24 24 23 22 20 19 19 19 "
     "18 18 17 16 15 14 13 13 10 9 7 5 5 3 1 1 0 0",
     "50 49 48 47 46 45 44 43 42 41 39 40 38 37 36 35 34 33 32 31 30 29 28 27 26 25 24 23 22 21 20 19 18 "
     "17 16 15 14 12 13 11 10 9 8 7 6 5 4 3 2 1 0"),
    ("53 keys: reverseRange",
     "102 98 96 95 91 91 87 86 82 79 78 75 75 73 72 72 67 66 65 65 63 60 60 59 58 56 54 53 53 53 51 45 35 "
     "32 32 31 29 28 28 27 21 19 18 9 7 6 5 4 4 3 1 1 0",
     "52 51 50 49 48 47 46 45 44 43 42 41 40 39 38 37 36 35 34 33 32 31 30 29 28 27 26 25 24 23 22 21 20 "
     "19 18 17 16 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0"),
    ("53 keys: quicksort",
     "6 7 8 9 10 11 12 13 14 15 16 17 0 1 18 19 20 21 22 23 24 25 26 27 28 2 3 29 30 31 32 33 34 35 36 37 "
     "38 39 4 5 40 41 42 43 44 45 46 47 48 49 50 51 53",
     "12 13 25 26 38 39 0 1 2 3 4 5 6 7 8 9 10 11 14 15 16 17 18 19 20 21 22 23 24 27 28 29 30 31 32 33 34 "
     "35 36 37 40 41 42 43 44 45 46 47 48 49 50 51 52"),
    ("62 keys: partitionEqual",
     "2 2 2 3 3 3 4 4 4 5 5 5 6 6 0 0 6 7 7 7 8 8 8 9 9 9 10 10 10 0 1 11 11 11 12 12 12 13 13 13 14 14 14 "
     "15 1 1 16 16 16 18 15 17 17 17 15 18 18 19 19 19 20 62",
     "15 29 14 45 30 44 1 2 0 3 4 5 6 7 8 9 11 10 12 13 16 19 18 17 20 21 22 23 24 25 27 28 26 31 32 33 36 "
     "35 34 37 38 39 40 41 42 43 54 50 48 46 47 51 52 53 49 55 56 57 58 59 60 61"),
    ("66 keys: quicksort",
     "0 0 0 0 1 2 3 3 4 4 4 5 5 5 5 6 6 7 8 8 8 8 9 9 10 10 10 10 11 11 11 11 12 12 12 13 14 14 14 15 15 "
     "15 16 17 17 18 19 19 19 21 21 22 22 22 23 24 26 26 27 27 28 28 29 29 29 29",
     "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 "
     "37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65"),
    ("200 keys: quicksort",
     "6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 "
     "41 42 43 44 45 46 47 48 49 50 51 52 53 54 0 1 55 56 57 58 59 60 61 62 63 64 65 66 67 68 69 70 71 72 "
     "73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96 97 98 99 100 101 102 2 3 103 "
     "104 105 106 107 108 109 110 111 112 113 114 115 116 117 118 119 120 121 122 123 124 125 126 127 128 "
     "129 130 131 132 133 134 135 136 137 138 139 140 141 142 143 144 145 146 147 148 149 150 4 5 153 154 "
     "155 156 157 158 159 160 161 162 163 164 165 166 167 168 169 170 171 172 173 174 151 152 175 176 177 "
     "178 179 180 181 182 183 184 185 186 187 188 189 190 191 192 193 194 195 196 197 198 200",
     "49 50 99 100 149 150 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 "
     "30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 51 52 53 54 55 56 57 58 59 60 61 62 63 64 "
     "65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96 97 "
     "98 101 102 103 104 105 106 107 108 109 110 111 112 113 114 115 116 117 118 119 120 121 122 123 124 "
     "125 126 127 128 129 130 131 132 133 134 135 136 137 138 139 140 141 142 143 144 145 146 147 148 173 "
     "174 151 152 153 154 155 156 157 158 159 160 161 162 163 164 165 166 167 168 169 170 171 172 175 176 "
     "177 178 179 180 181 182 183 184 185 186 187 188 189 190 191 192 193 194 195 196 197 198 199"),
    ("200 keys: heapSort, breakPatterns",
     "3 3 4 4 5 5 6 6 7 7 8 8 9 9 10 10 11 11 12 12 13 13 14 14 15 15 16 16 17 17 18 18 19 19 20 20 21 21 "
     "22 22 23 23 24 24 25 25 26 26 27 0 0 27 28 28 29 29 30 30 31 31 32 32 33 33 34 34 35 35 36 36 37 37 "
     "38 38 39 39 40 40 41 41 42 42 43 43 44 44 45 45 46 46 47 47 48 48 49 49 50 50 51 1 1 51 52 52 53 53 "
     "54 54 55 55 56 56 57 57 58 58 59 59 60 60 61 61 62 62 63 63 64 64 65 65 66 66 67 67 68 68 69 69 70 "
     "70 71 71 72 72 73 73 74 74 75 2 2 83 81 85 85 84 96 93 95 96 76 77 98 200 97 82 78 94 99 79 80 93 75 "
     "76 81 83 97 79 91 80 95 82 94 84 77 78 90 92 92 91 86 90 98 89 89 88 88 87 87 86",
     "49 50 99 100 149 150 0 1 2 3 4 5 7 6 8 9 10 11 12 13 14 15 16 17 19 18 20 21 22 23 24 25 26 27 28 29 "
     "30 31 32 33 34 35 36 37 38 39 40 41 42 43 45 44 47 46 48 51 52 53 54 55 56 57 58 59 60 61 62 63 64 "
     "65 66 67 68 69 70 71 72 73 75 74 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 97 96 "
     "98 101 102 103 104 105 106 107 108 109 110 111 112 113 114 115 116 117 118 119 120 121 122 123 125 "
     "124 126 127 128 129 130 131 132 133 134 135 136 137 138 139 140 141 142 143 144 145 147 146 148 172 "
     "160 173 161 184 166 185 169 177 179 170 174 152 181 165 151 175 183 155 154 153 190 199 197 198 195 "
     "196 193 194 186 191 178 189 187 188 171 157 182 167 180 158 159 156 164 176 162 192 168 163"),
    ("200 keys: heapSort, breakPatterns, partitionEqual",
     "2 2 2 3 3 3 4 4 4 5 5 5 6 6 6 7 7 7 8 8 8 9 9 9 10 10 10 11 11 11 12 12 12 13 13 13 14 14 14 15 15 "
     "15 16 16 16 17 17 17 18 0 0 18 18 19 19 19 20 20 20 21 21 21 22 22 22 23 23 23 24 24 24 25 25 25 26 "
     "26 26 27 27 27 28 28 28 29 29 29 30 30 30 31 31 31 32 32 32 33 33 33 34 0 1 34 34 35 35 35 36 36 36 "
     "37 37 37 38 38 38 39 39 39 40 40 40 41 41 41 42 42 42 43 43 43 44 44 44 45 45 45 46 46 46 47 47 47 "
     "48 48 48 49 49 49 50 1 1 65 63 55 64 55 54 52 62 63 54 65 200 51 65 51 62 52 53 53 52 58 54 55 50 50 "
     "51 61 53 64 63 62 66 61 64 61 60 60 60 59 59 59 56 58 58 57 57 57 56 56",
     "49 50 99 100 149 150 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 "
     "30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 51 52 53 54 55 56 57 58 59 60 61 62 63 64 "
     "65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 97 96 95 "
     "98 101 102 103 104 105 106 107 108 109 110 111 112 113 114 115 116 117 118 119 120 121 122 123 124 "
     "125 126 127 128 129 130 131 132 133 134 135 136 137 138 139 140 141 142 143 144 145 146 147 148 174 "
     "175 163 165 176 170 157 167 168 169 178 160 156 172 155 173 153 192 199 198 196 195 197 193 171 194 "
     "189 190 191 187 188 186 183 185 177 166 181 158 180 159 152 154 179 184 151 164 161 182 162"),
]


@pytest.mark.parametrize("keys, go_order", [case[1:] for case in GO_ORDERS],
                         ids=[f"#{n} {case[0]}" for n, case in enumerate(GO_ORDERS)])
def test_go_sort_leaves_ties_where_go_does(keys, go_order):
    keys = [int(key) for key in keys.split()]
    indices = list(range(len(keys)))
    go_sort(indices, lambda i, j: keys[i] < keys[j])
    assert indices == [int(index) for index in go_order.split()]


# ---- kubectl's sorter around sort.Sort -----------------------------------------------------


# Whole kubectl tables sorted with --sort-by (one row, no row with the field, a missing field first) are
# in tests/kubectl/test_kubectl.py's SORT_CASES; here the sorter's List path.
NO_FIELD = 'error: couldn\'t find any field with path "{.spec.nothing}" in the list of objects'


def test_a_list_of_one_object_is_still_checked():
    # printGeneric wraps what a list call finds in a List; SortingPrinter.sortObj checks it (SortObjects).
    with pytest.raises(KubectlError, match=re.escape(NO_FIELD)):
        sort_objects([make_job("aa")], ".spec.nothing", table=False, names=0)


def test_one_named_object_is_printed_alone():
    # One name: IntoSingleItemImplied, so no List and nothing to sort.
    job = make_job("aa")
    assert sort_objects([job], ".spec.nothing", table=False, names=1) == [job]


def test_unsortable_values_name_the_object_runtime_sort_compares():
    # kubernetes/kubernetes#103239: "Field {.status.containerStatuses[]} in *unstructured.Unstructured ..."
    with pytest.raises(KubectlError) as raised:
        value_less({"a": 1}, {"a": 2}, "{.x}", table=False)
    assert str(raised.value) == ("Field {.x} in *unstructured.Unstructured is an unsortable type: interface, "
                                 "err: unsortable type: map[string]interface {}")


# isLess: two strings that both parse as quantities compare by amount, else in natural order.
QUANTITY_ORDER_CASES = [
    ("binary and decimal suffixes compare by amount", "1Gi", "2G", True),
    ("a fraction of a binary suffix is exact", "1.5Gi", "1610612737", True),
    ("below a nano both round up to one nano, so they tie", "0.1n", "0.2n", False),
    ("more than 18 digits cap at 2^63-1, so they tie", "10000000000000000000", "20000000000000000000", False),
    ("an exponent keeps the int64 fast path, so it stays exact", "1e19", "2e19", True),
    ("a bare sign is the quantity zero", "-", "1m", True),
    ("a binary suffix alone is zero where the fast path takes it", "Gi", "1", True),
    ("Ei alone overflows into inf.Dec, reads no digits, and sorts as a string", "Ei", "1", False),
    ("only ASCII digits make a quantity", "\u0663", "4", False),
]


@pytest.mark.parametrize("a, b, expected", [case[1:] for case in QUANTITY_ORDER_CASES],
                         ids=[case[0] for case in QUANTITY_ORDER_CASES])
def test_quantity_strings_order(a, b, expected):
    assert value_less(a, b) is expected


PARSE_QUANTITY_CASES = [
    ("milli", "500m", Decimal("0.5")),
    ("a negative amount below a nano rounds away from zero", "-0.0000000001", Decimal("-1e-9")),
    ("an exponent wraps as Go's int32", "1e4294967296", Decimal(1)),
    ("an exponent beyond int64 is no quantity", "1e99999999999999999999", None),
    ("a suffix Go does not know", "1ki", None),
    ("an exponent without digits", "1e+", None),
    ("the empty string", "", None),
]


@pytest.mark.parametrize("text, amount", [case[1:] for case in PARSE_QUANTITY_CASES],
                         ids=[case[0] for case in PARSE_QUANTITY_CASES])
def test_parse_quantity(text, amount):
    assert parse_quantity(text) == amount


RELAXED_CASES = [
    ("a leading dot", ".metadata.name", "{.metadata.name}"),
    ("braces without the dot", "{metadata.name}", "{.metadata.name}"),
    ("a newline after the braces is no match in Go, so the text stays as it is", "{.metadata.name}\n",
     "{.metadata.name}\n"),
]


@pytest.mark.parametrize("expression, expected", [case[1:] for case in RELAXED_CASES],
                         ids=[case[0] for case in RELAXED_CASES])
def test_relaxed_jsonpath(expression, expected):
    assert relaxed_jsonpath(expression) == expected
