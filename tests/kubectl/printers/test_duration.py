"""human_duration against every vector of the spec (§5.3) and upstream's tests.

Cases come from TestHumanDuration and TestHumanDurationBoundaries in
k8s.io/apimachinery/pkg/util/duration/duration_test.go.
"""
import pytest

from k8sjobs_edu.kubectl.printers.duration import human_duration

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
YEAR = 365 * DAY
MS = 0.001

CASES = [
    ("just under a second is 0s", 0.999, "0s"),
    ("zero is 0s", 0, "0s"),
    ("one second", 1, "1s"),
    ("seventy seconds stay in seconds", 70, "70s"),
    ("just under two minutes is 119s", 119.999, "119s"),
    ("two minutes exactly drop the seconds", 2 * MINUTE, "2m"),
    ("two minutes one second", 2 * MINUTE + 1, "2m1s"),
    ("190 seconds", 190, "3m10s"),
    ("just under ten minutes keeps seconds", 10 * MINUTE - MS, "9m59s"),
    ("ten minutes", 10 * MINUTE, "10m"),
    ("ten minutes one second drops seconds", 10 * MINUTE + 1, "10m"),
    ("seventy minutes stay in minutes", 70 * MINUTE, "70m"),
    ("just under three hours is 179m", 3 * HOUR - MS, "179m"),
    ("three hours", 3 * HOUR, "3h"),
    ("three hours one minute", 3 * HOUR + MINUTE, "3h1m"),
    ("just under eight hours", 8 * HOUR - MS, "7h59m"),
    ("eight hours", 8 * HOUR, "8h"),
    ("eight hours 59 minutes drops minutes", 8 * HOUR + 59 * MINUTE, "8h"),
    ("47 hours", 47 * HOUR, "47h"),
    ("just under two days", 2 * DAY - MS, "47h"),
    ("two days", 2 * DAY, "2d"),
    ("49 hours", 49 * HOUR, "2d1h"),
    ("just under eight days", 8 * DAY - MS, "7d23h"),
    ("eight days", 8 * DAY, "8d"),
    ("eight days two hours", 8 * DAY + 2 * HOUR, "8d"),
    ("eight days 23 hours", 8 * DAY + 23 * HOUR, "8d"),
    ("367 days", 367 * DAY, "367d"),
    ("just under two years", 2 * YEAR - MS, "729d"),
    ("two years", 2 * YEAR, "2y"),
    ("two years 23 hours", 2 * YEAR + 23 * HOUR, "2y"),
    ("just under two years and a day", 2 * YEAR + DAY - MS, "2y"),
    ("two years one day", 2 * YEAR + DAY, "2y1d"),
    ("two years 25 hours", 2 * YEAR + 25 * HOUR, "2y1d"),
    ("three years", 3 * YEAR, "3y"),
    ("seven years", 7 * YEAR, "7y"),
    ("just under eight years", 8 * YEAR - MS, "7y364d"),
    ("eight years", 8 * YEAR, "8y"),
    ("eight years two hours", 8 * YEAR + 2 * HOUR, "8y"),
    ("eight years 364 days", 8 * YEAR + 364 * DAY, "8y"),
    ("nine years", 9 * YEAR, "9y"),
    ("minus two seconds is invalid", -2, "<invalid>"),
    ("a nanosecond above minus two seconds is 0s", -2 + 1e-9, "0s"),
    ("minus 1.9 seconds is 0s (clock skew allowance)", -1.9, "0s"),
    ("minus one second is 0s", -1, "0s"),
    ("the course notes' oldest pod age", 134, "2m14s"),
    ("the course notes' 100s pod age", 100, "100s"),
]


@pytest.mark.parametrize("seconds, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_human_duration(seconds, expected):
    assert human_duration(seconds) == expected
