"""The command interpreter: each command form, the shells' own messages, bounds."""
from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from k8sjobs_edu.api.timestamps import EPOCH
from k8sjobs_edu.containers.run import DEFAULT_RUN_SECONDS, FOREVER_SECONDS, Image, format_date, image_info, interpret


def sh(script: str, image: str = "busybox", shell: str = "sh", **options):
    """(exit code, steps) of ``shell -c script`` in ``image``."""
    return interpret([shell, "-c", script], image=image, **options)


def output(script: str, **options) -> str:
    return "".join(logs for _, logs in sh(script, **options)[1])


def seconds(script: str, **options) -> float:
    return sum(duration for duration, _ in sh(script, **options)[1])


# ---- simple commands ------------------------------------------------------------


@pytest.mark.parametrize("script, expected", [
    pytest.param("sleep 30", 30.0, id="sleep takes seconds"),
    pytest.param("sleep 1.5", 1.5, id="sleep takes fractions"),
    pytest.param("sleep 30s", 30.0, id="s suffix"),
    pytest.param("sleep 2m", 120.0, id="m suffix"),
    pytest.param("sleep 1h", 3600.0, id="h suffix"),
    pytest.param("sleep 1m 30s", 90.0, id="several arguments add up"),
    pytest.param("sleep 5; sleep 5", 10.0, id="sleeps in a sequence add up"),
    pytest.param("sleep infinity", FOREVER_SECONDS, id="sleep infinity is a very long time"),
    pytest.param("echo hi", 0.0, id="echo takes no time"),
])
def test_sleep_durations(script, expected):
    assert seconds(script) == expected


@pytest.mark.parametrize("script, image, message", [
    pytest.param("sleep abc", "busybox", "sleep: invalid number 'abc'\n", id="busybox sleep"),
    pytest.param("sleep abc", "ubuntu", "sleep: invalid time interval 'abc'\n"
                 "Try 'sleep --help' for more information.\n", id="GNU sleep"),
])
def test_sleep_rejects_bad_durations(script, image, message):
    assert sh(script, image=image) == (1, [(0.0, message)])


@pytest.mark.parametrize("script, expected", [
    pytest.param('echo "Hello world!"', "Hello world!\n", id="double quotes"),
    pytest.param("echo 'a  b'   c", "a  b c\n", id="quotes keep spaces, words are joined by one"),
    pytest.param("echo -n no newline", "no newline", id="-n drops the newline"),
    pytest.param('echo "Start Job!"; sleep 30; echo "Job Done!"', "Start Job!\nJob Done!\n",
                 id="the notes' non-parallel-job"),
    pytest.param('echo "Hello Kubernetes!; sleep 3600"', "Hello Kubernetes!; sleep 3600\n",
                 id="the notes' deadline job echoes its sleep"),
    pytest.param(r"echo a\ b", "a b\n", id="a backslash quotes one character"),
    pytest.param("echo a # a comment", "a\n", id="comments are ignored"),
    pytest.param("echo one\necho two", "one\ntwo\n", id="newlines separate commands"),
    pytest.param("echo `echo inner`", "inner\n", id="backquotes substitute output"),
])
def test_echo(script, expected):
    assert output(script) == expected


@pytest.mark.parametrize("shell, image, expected", [
    pytest.param("sh", "ubuntu", "a\nb\n", id="dash's echo reads backslash escapes"),
    pytest.param("bash", "ubuntu", "a\\nb\n", id="bash's echo does not"),
    pytest.param("sh", "busybox", "a\\nb\n", id="busybox echo does not"),
])
def test_echo_escapes_depend_on_the_shell(shell, image, expected):
    assert output(r'echo "a\nb"', shell=shell, image=image) == expected


def test_echo_dash_e_reads_escapes_in_bash():
    assert output(r'echo -e "a\tb"', shell="bash", image="bash") == "a\tb\n"


# ---- date ------------------------------------------------------------------------


@pytest.mark.parametrize("offset, expected", [
    pytest.param(0, "Wed Jan  1 00:00:00 UTC 2025", id="the epoch"),
    pytest.param(34.9, "Wed Jan  1 00:00:34 UTC 2025", id="fractions are cut"),
    pytest.param(9 * 86400 + 3723, "Fri Jan 10 01:02:03 UTC 2025", id="two-digit days are not padded"),
    pytest.param(59 * 86400, "Sat Mar  1 00:00:00 UTC 2025", id="one-digit days get a space"),
])
def test_date_default_format_is_gnu_and_busybox_date_in_utc(offset, expected):
    moment = EPOCH + timedelta(seconds=int(offset))
    assert format_date(moment) == expected


@pytest.mark.parametrize("script, expected", [
    pytest.param("date", "Wed Jan  1 00:01:40 UTC 2025\n", id="date prints the virtual time"),
    pytest.param("sleep 30; date", "Wed Jan  1 00:02:10 UTC 2025\n", id="time passes while sleeping"),
    pytest.param("date +%Y-%m-%dT%H:%M:%SZ", "2025-01-01T00:01:40Z\n", id="a format"),
    pytest.param("date +%s", "1735689700\n", id="seconds since 1970"),
    pytest.param("date -u", "Wed Jan  1 00:01:40 UTC 2025\n", id="-u changes nothing in UTC"),
    pytest.param("date -R", "Wed, 01 Jan 2025 00:01:40 +0000\n", id="RFC 2822"),
    pytest.param('echo "now: $(date +%T)"', "now: 00:01:40\n", id="inside a command substitution"),
])
def test_date_in_scripts(script, expected):
    assert output(script, start=100.0) == expected


def test_paral_myjob_prints_one_date_line_after_thirty_seconds():
    # The notes' paral-job.yaml: ubuntu, /bin/sh -c "sleep 30; date".
    status, steps = interpret(["/bin/sh", "-c", "sleep 30; date"], image="ubuntu", start=2.0)
    assert (status, steps) == (0, [(30.0, ""), (0.0, "Wed Jan  1 00:00:32 UTC 2025\n")])


# ---- exit codes and lists ------------------------------------------------------------


@pytest.mark.parametrize("script, code", [
    pytest.param("exit 3", 3, id="exit N"),
    pytest.param("exit 300", 44, id="exit codes wrap at 256"),
    pytest.param("false; exit", 1, id="bare exit keeps the last status"),
    pytest.param("true", 0, id="true"),
    pytest.param("false", 1, id="false"),
    pytest.param(":", 0, id="colon"),
    pytest.param("exit 1; exit 2", 1, id="exit stops the script"),
    pytest.param("false && exit 5; exit 6", 6, id="&& skips after a failure"),
    pytest.param("true || exit 5; exit 6", 6, id="|| skips after a success"),
    pytest.param("false || exit 5", 5, id="|| runs after a failure"),
    pytest.param("! true", 1, id="! negates"),
    pytest.param("sh -c 'exit 3'; echo $?", 0, id="a nested shell's status is in $?"),
    pytest.param("set -e; false; exit 9", 1, id="set -e stops at the first failure"),
    pytest.param("set -e; false || true; exit 9", 9, id="set -e ignores failures inside || lists"),
    pytest.param("set -e; if false; then :; fi; exit 9", 9, id="set -e ignores if conditions"),
    pytest.param("set -e; false && true; exit 9", 9, id="set -e ignores a failure before &&"),
    pytest.param("set -e; ! true; exit 9", 9, id="set -e ignores negated pipelines"),
    pytest.param("set -e; true && false; exit 9", 1, id="set -e stops when the last command of && fails"),
])
def test_exit_codes(script, code):
    assert sh(script)[0] == code


def test_nested_shell_status_is_printed():
    assert output("sh -c 'exit 3'; echo $?") == "3\n"


def test_exit_with_a_word_is_an_illegal_number():
    assert sh("exit abc", image="ubuntu") == (2, [(0.0, "sh: 1: exit: Illegal number: abc\n")])
    assert sh("exit abc", shell="bash", image="ubuntu") == (
        2, [(0.0, "bash: line 1: exit: abc: numeric argument required\n")])


# ---- variables, arrays, arithmetic -----------------------------------------------


@pytest.mark.parametrize("script, expected", [
    pytest.param("A=1; echo $A ${A}x", "1 1x\n", id="assignment and braces"),
    pytest.param("echo ${UNSET:-default} ${UNSET-also}", "default also\n", id="defaults"),
    pytest.param("E=; echo ${E:-empty} [${E-unset}]", "empty []\n", id="empty vs unset"),
    pytest.param("echo ${U:=set}; echo $U", "set\nset\n", id="assign a default"),
    pytest.param("A=x; echo ${A:+alt} ${B:+alt}.", "alt .\n", id="alternative value"),
    pytest.param("X='a  b'; echo $X; echo \"$X\"", "a b\na  b\n", id="unquoted values split, quoted do not"),
    pytest.param("A=$(echo hi) B=`echo there`; echo $A $B", "hi there\n", id="command substitution"),
    pytest.param("echo $JOB_COMPLETION_INDEX", "3\n", id="the container's environment"),
    pytest.param("echo ${#JOB_COMPLETION_INDEX} $#", "1 0\n", id="lengths and counts"),
    pytest.param("echo $((1 + 2 * 3)) $((7 / 2)) $((-7 / 2)) $((7 % 3)) $((2 ** 10))",
                 "7 3 -3 1 1024\n", id="arithmetic with C rules"),
    pytest.param("i=4; echo $((i * JOB_COMPLETION_INDEX)) $(($i+1))", "12 5\n", id="arithmetic reads variables"),
    pytest.param("echo $(( 3 > 2 && 1 )) $((3 == 4 ? 10 : 20))", "1 20\n", id="comparisons and ?:"),
    pytest.param("echo $((i = 2)) $((i += 3)) $i $((010)) $((0x10))", "2 5 5 8 16\n",
                 id="assignments, octal and hex"),
    pytest.param("echo $((2 ** 3 ** 2)) $((-2 ** 2))", "512 4\n", id="busybox ** binds right, after unary minus"),
])
def test_variables_and_arithmetic(script, expected):
    assert output(script, env={"JOB_COMPLETION_INDEX": "3"}) == expected


@pytest.mark.parametrize("script, expected", [
    pytest.param("items=(foo bar baz qux xyz); echo ${items[$JOB_COMPLETION_INDEX]}", "qux\n",
                 id="the docs' indexed-job array"),
    pytest.param("a=(x y z); echo ${a[0]} ${a[-1]} ${#a[@]} ${a[@]}", "x z 3 x y z\n", id="array forms"),
    pytest.param('a=("one two" three); for w in "${a[@]}"; do echo "[$w]"; done', "[one two]\n[three]\n",
                 id="quoted [@] keeps elements apart"),
    pytest.param("a=(x y); echo $a ${a[5]}.", "x .\n", id="the bare name is element 0"),
    pytest.param("a=(\n  x\n  y\n); echo ${a[1]}", "y\n", id="arrays over several lines"),
])
def test_bash_arrays(script, expected):
    assert output(script, shell="bash", image="bash", env={"JOB_COMPLETION_INDEX": "3"}) == expected


def test_division_by_zero_stops_the_script():
    status, steps = sh("echo $((1 / 0)); echo after", image="ubuntu")
    assert status == 2
    assert steps == [(0.0, 'sh: 1: arithmetic expression: division by zero: "1 / 0"\n')]


# ---- files, redirections and pipes ----------------------------------------------


@pytest.mark.parametrize("script, expected", [
    pytest.param("echo hi > /tmp/f; cat /tmp/f", "hi\n", id="> writes a file"),
    pytest.param("echo a > f; echo b >> f; cat f", "a\nb\n", id=">> appends"),
    pytest.param("echo a > f; echo b > f; cat f", "b\n", id="> truncates"),
    pytest.param("cd /data; echo x > out; cat /data/out", "x\n", id="relative paths follow cd"),
    pytest.param("echo abc > f; rev f", "cba\n", id="rev reverses each line"),
    pytest.param("echo abc | rev", "cba\n", id="pipes feed stdin"),
    pytest.param("echo hi | cat | cat", "hi\n", id="longer pipes"),
    pytest.param("cat missing 2>/dev/null; echo $?", "1\n", id="2>/dev/null hides errors"),
    pytest.param("cat missing > log 2>&1; cat log", "cat: can't open 'missing': No such file or directory\n",
                 id="2>&1 sends errors where output goes"),
    pytest.param("echo hi > /dev/null", "", id="/dev/null swallows output"),
    pytest.param("printf '%s-%d\\n' a 1 b 2", "a-1\nb-2\n", id="printf reuses its format"),
    pytest.param("seq 3 | tail -n 2", "2\n3\n", id="seq and tail"),
    pytest.param("printf 'b\\na\\n' | sort | head -n 1", "a\n", id="sort and head"),
    pytest.param("echo one two | wc -w", "2\n", id="wc"),
    pytest.param("hostname; pwd; whoami", "indexed-job-3\n/\nroot\n", id="who and where"),
    pytest.param("printenv JOB_COMPLETION_INDEX", "3\n", id="printenv"),
])
def test_files_redirections_and_pipes(script, expected):
    assert output(script, hostname="indexed-job-3", env={"JOB_COMPLETION_INDEX": "3"}) == expected


def test_files_are_shared_through_the_given_dict():
    files = {}
    sh("echo bar > /input/data.txt", files=files)
    assert files == {"/input/data.txt": "bar\n"}
    assert interpret(["rev", "/input/data.txt"], files=files) == (0, [(0.0, "rab\n")])


@pytest.mark.parametrize("script, shell, image, expected", [
    pytest.param("cat < nofile", "sh", "ubuntu", (2, "sh: 1: cannot open nofile: No such file\n"),
                 id="dash cannot open a missing input file"),
    pytest.param("cat < nofile", "bash", "ubuntu", (1, "bash: line 1: nofile: No such file or directory\n"),
                 id="bash cannot open a missing input file"),
    pytest.param("cat missing", "sh", "ubuntu", (1, "cat: missing: No such file or directory\n"),
                 id="GNU cat and a missing file"),
    pytest.param("echo ${U:?}", "sh", "ubuntu", (2, "sh: 1: U: parameter not set or null\n"),
                 id="dash ${U:?}"),
    pytest.param("echo ${U:?}", "bash", "ubuntu", (127, "bash: line 1: U: parameter null or not set\n"),
                 id="bash ${U:?}"),
    pytest.param("[ 1 -lt abc ]", "sh", "ubuntu", (2, "sh: 1: [: Illegal number: abc\n"), id="dash test"),
    pytest.param("[ 1 -lt abc ]", "bash", "ubuntu", (2, "bash: line 1: [: abc: integer expression expected\n"),
                 id="bash test"),
    pytest.param("echo ${a[1]}", "sh", "ubuntu", (2, "sh: 1: Bad substitution\n"), id="dash has no arrays"),
    pytest.param("echo $((2 ** 3))", "sh", "ubuntu", (2, 'sh: 1: arithmetic expression: expecting primary: "2 ** 3"\n'),
                 id="dash has no **"),
    pytest.param("echo $((2 + 3 / 0 + 1))", "bash", "ubuntu",
                 (1, 'bash: line 1: 2 + 3 / 0 + 1: division by 0 (error token is "0 + 1")\n'), id="bash / 0"),
    pytest.param("echo $((010)) $((0x10)) $((i = 4, 1))", "sh", "ubuntu",
                 (2, 'sh: 1: arithmetic expression: expecting EOF: "i = 4, 1"\n'), id="octal, hex, no comma"),
])
def test_runtime_errors_in_each_shells_words(script, shell, image, expected):
    # Checked against dash 0.5.12, bash 5.2 and GNU coreutils 9.1, started as a container
    # runtime starts them (fresh environment, only fds 0-2): bash then names the line.
    status, steps = sh(script, shell=shell, image=image)
    assert (status, "".join(logs for _, logs in steps)) == expected


# ---- compound commands --------------------------------------------------------------


@pytest.mark.parametrize("script, expected", [
    pytest.param("if [ $JOB_COMPLETION_INDEX -eq 0 ]; then echo zero; else echo other; fi", "other\n",
                 id="if/else with test"),
    pytest.param("if false; then echo a; elif [ \"$X\" = \"\" ]; then echo b; fi", "b\n", id="elif"),
    pytest.param("for i in 1 2 3; do echo $i; done", "1\n2\n3\n", id="for over words"),
    pytest.param("for i in $(seq 2); do echo n$i; done", "n1\nn2\n", id="for over a substitution"),
    pytest.param("i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done", "0\n1\n2\n", id="while with a counter"),
    pytest.param("i=0; until [ $i -ge 2 ]; do i=$((i+1)); done; echo $i", "2\n", id="until"),
    pytest.param("for i in 1 2 3; do if [ $i = 2 ]; then break; fi; echo $i; done", "1\n", id="break"),
    pytest.param("for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done", "1\n3\n", id="continue"),
    pytest.param("{ echo a; echo b; } > f; cat f", "a\nb\n", id="a group with a redirection"),
    pytest.param("X=1; (X=2; echo $X); echo $X", "2\n1\n", id="a subshell keeps its changes"),
    pytest.param("[ -f /nope ] || echo missing; [ -n x ] && echo set", "missing\nset\n", id="file and string tests"),
    pytest.param("[[ $JOB_COMPLETION_INDEX == 3 ]] && echo three", "three\n", id="[[ == ]]"),
])
def test_compound_commands(script, expected):
    assert output(script, shell="bash", image="bash", env={"JOB_COMPLETION_INDEX": "3"}) == expected


def test_loops_with_sleeps_take_their_time_step_by_step():
    status, steps = sh("for i in 1 2; do echo tick $i; sleep 10; done; echo done")
    assert (status, steps) == (0, [(10.0, "tick 1\n"), (10.0, "tick 2\n"), (0.0, "done\n")])


@pytest.mark.parametrize("script", [
    pytest.param("while true; do sleep 1; done", id="while true with sleep"),
    pytest.param("while :; do :; done", id="a busy loop"),
    pytest.param("until false; do echo x > /dev/null; done", id="until false"),
])
def test_endless_loops_run_forever(script):
    status, steps = sh(script)
    assert status == 0
    assert sum(duration for duration, _ in steps) >= FOREVER_SECONDS


def test_a_long_but_finite_loop_is_cut_off_at_the_budget():
    # Documented bound: more than MAX_LOOP_ITERATIONS iterations count as running forever.
    assert seconds("for i in $(seq 5000); do :; done") == FOREVER_SECONDS


# ---- shells' messages -------------------------------------------------------------------


@pytest.mark.parametrize("argv, image, expected", [
    pytest.param(["sh", "-c", "this is error commands!!"], "busybox", "sh: this: not found\n",
                 id="busybox ash"),
    pytest.param(["sh", "-c", "this is error commands!!"], "ubuntu", "sh: 1: this: not found\n",
                 id="dash names the line"),
    pytest.param(["/bin/sh", "-c", "echo one\nthis"], "ubuntu", "one\n/bin/sh: 2: this: not found\n",
                 id="dash uses argv[0] and the script's line"),
    pytest.param(["bash", "-c", "this is error commands!!"], "ubuntu", "bash: line 1: this: command not found\n",
                 id="bash"),
    pytest.param(["sh", "-c", "this"], "docker.io/library/bash:5", "sh: this: not found\n",
                 id="sh in the bash image is busybox"),
])
def test_unknown_commands_are_not_found_with_exit_127(argv, image, expected):
    status, steps = interpret(argv, image=image)
    assert status == 127
    assert "".join(logs for _, logs in steps) == expected


@pytest.mark.parametrize("script, shell, image, message", [
    pytest.param('echo "abc', "sh", "ubuntu", "sh: 1: Syntax error: Unterminated quoted string\n",
                 id="dash: unterminated quote"),
    pytest.param('echo "abc', "sh", "busybox", "sh: syntax error: unterminated quoted string\n",
                 id="ash: unterminated quote"),
    pytest.param('echo "abc', "bash", "ubuntu", "bash: -c: line 1: unexpected EOF while looking for matching `\"'\n",
                 id="bash: unterminated quote"),
    pytest.param("items=(a b)", "sh", "ubuntu", 'sh: 1: Syntax error: "(" unexpected\n',
                 id="dash has no arrays"),
    pytest.param("echo $(", "sh", "ubuntu", 'sh: 1: Syntax error: end of file unexpected (expecting ")")\n',
                 id="dash: unclosed $("),
    pytest.param("echo $(", "bash", "ubuntu", "bash: -c: line 2: unexpected EOF while looking for matching `)'\n",
                 id="bash: unclosed $("),
    pytest.param("echo ${a", "sh", "ubuntu", "sh: 1: Syntax error: Missing '}'\n", id="dash: unclosed ${"),
    pytest.param("echo ${a[1]", "bash", "ubuntu", "bash: -c: line 1: unexpected EOF while looking for matching `}'\n",
                 id="bash: unclosed ${"),
    pytest.param("echo $((1+2)", "sh", "ubuntu", "sh: 1: Syntax error: Missing '))'\n", id="dash: unclosed $(("),
    pytest.param("if true; then echo x", "sh", "ubuntu",
                 'sh: 1: Syntax error: end of file unexpected (expecting "fi")\n', id="dash: missing fi"),
    pytest.param("if true; then echo x", "bash", "ubuntu", "bash: -c: line 2: syntax error: unexpected end of file\n",
                 id="bash: missing fi"),
    pytest.param("echo a; ) b", "sh", "ubuntu", 'sh: 1: Syntax error: ")" unexpected\n', id="dash: stray )"),
    pytest.param("echo a; ) b", "bash", "ubuntu",
                 "bash: -c: line 1: syntax error near unexpected token `)'\nbash: -c: line 1: `echo a; ) b'\n",
                 id="bash: stray )"),
    pytest.param("echo a; ) b", "sh", "busybox", 'sh: syntax error: unexpected ")"\n', id="ash: stray )"),
])
def test_syntax_errors_print_the_shells_message_and_exit_2(script, shell, image, message):
    # dash and bash 5.2 messages checked against the real shells.
    assert sh(script, shell=shell, image=image) == (2, [(0.0, message)])


@pytest.mark.parametrize("script, shell, expected", [
    pytest.param("echo start\nsleep 5\nif true; then", "sh",
                 (2, [(5.0, "start\n"), (0.0, 'sh: 3: Syntax error: end of file unexpected (expecting "fi")\n')]),
                 id="dash runs the complete lines before the one it cannot parse"),
    pytest.param("echo start\necho a; ) b", "bash",
                 (2, [(0.0, "start\nbash: -c: line 2: syntax error near unexpected token `)'\n"
                            "bash: -c: line 2: `echo a; ) b'\n")]),
                 id="bash too, line by line"),
    pytest.param("echo start; if", "sh", (2, [(0.0, 'sh: 1: Syntax error: end of file unexpected (expecting "then")\n')]),
                 id="but nothing of the line with the error"),
    pytest.param("for i in 1; echo", "sh", (2, [(0.0, 'sh: 1: Syntax error: word unexpected (expecting "do")\n')]),
                 id="dash calls an ordinary word just word"),
    pytest.param("[[ 1 ]]", "sh", (127, [(0.0, "sh: 1: [[: not found\n")]), id="dash has no [["),
])
def test_how_far_a_broken_script_gets(script, shell, expected):
    assert sh(script, shell=shell, image="ubuntu") == expected


@pytest.mark.parametrize("script", [
    pytest.param("case $X in a) echo a;; esac", id="case"),
    pytest.param("sleep 5 & wait", id="background jobs"),
    pytest.param("cat <<EOF\nhi\nEOF", id="here-documents"),
    pytest.param("f() { echo hi; }; f", id="functions"),
])
def test_unsupported_features_run_like_an_unknown_program(script):
    assert sh(script) == (0, [(DEFAULT_RUN_SECONDS, "")])


@pytest.mark.parametrize("argv, image, expected", [
    pytest.param(["python3", "-c", "import json"], "python", (0, [(DEFAULT_RUN_SECONDS, "")]),
                 id="python beyond the subset"),
    pytest.param(["perl", "-e", "print 1"], "perl", (0, [(DEFAULT_RUN_SECONDS, "")]), id="other perl"),
    pytest.param(["ping", "-c", "1", "example-job-0.headless-svc"], "bash", (0, [(DEFAULT_RUN_SECONDS, "")]),
                 id="a known but unmodelled program"),
    pytest.param(["/usr/local/bin/app"], "ubuntu", (0, [(DEFAULT_RUN_SECONDS, "")]), id="a path we cannot see"),
])
def test_unmodelled_programs_take_the_default_time(argv, image, expected):
    assert interpret(argv, image=image) == expected


# ---- python3 -c and perl --------------------------------------------------------------


@pytest.mark.parametrize("script, expected", [
    pytest.param('print("a", 1, sep="-")', (0, [(0.0, "a-1\n")]), id="print"),
    pytest.param('import os\nprint(f"index {os.environ[\'JOB_COMPLETION_INDEX\']}!")', (0, [(0.0, "index 3!\n")]),
                 id="f-strings and os.environ"),
    pytest.param("import time\nprint('start')\ntime.sleep(5)\nprint('end')", (0, [(5.0, "start\n"), (0.0, "end\n")]),
                 id="time.sleep passes virtual time"),
    pytest.param("import sys\nsys.exit('bad input')", (1, [(0.0, "bad input\n")]), id="sys.exit with a message"),
    pytest.param("total = 0\nfor i in range(4):\n    total += i\nprint(total)", (0, [(0.0, "6\n")]), id="loops"),
    pytest.param("import os\nprint(os.environ['NOPE'])",
                 (1, [(0.0, "Traceback (most recent call last):\n  File \"<string>\", line 2, in <module>\n"
                            "KeyError: 'NOPE'\n")]), id="a Python error prints a traceback"),
    pytest.param("print(1/0)", (1, [(0.0, "Traceback (most recent call last):\n  File \"<string>\", line 1, "
                                          "in <module>\nZeroDivisionError: division by zero\n")]),
                 id="ZeroDivisionError"),
    pytest.param("if True\n  pass", (1, [(0.0, "  File \"<string>\", line 1\n    if True\n           ^\n"
                                               "SyntaxError: expected ':'\n")]), id="a syntax error"),
    pytest.param("break", (1, [(0.0, "  File \"<string>\", line 1\nSyntaxError: 'break' outside loop\n")]),
                 id="break outside a loop, which only the compiler notices"),
    pytest.param("print('x' * 10**9)", (0, [(DEFAULT_RUN_SECONDS, "")]), id="** is not in the subset"),
    pytest.param("while True:\n    pass", (0, [(FOREVER_SECONDS, "")]), id="an endless loop runs forever"),
])
def test_python_subset(script, expected):
    # Messages as CPython 3.11 prints them for python3 -c.
    assert interpret(["python3", "-c", script], image="python:3", env={"JOB_COMPLETION_INDEX": "3"}) == expected


def test_perl_bpi_prints_pi_to_the_asked_accuracy():
    status, steps = interpret(["perl", "-Mbignum=bpi", "-wle", "print bpi(10)"], image="perl")
    assert status == 0
    assert steps[-1] == (0.0, "3.141592654\n")  # Math::BigFloat->bpi(10), rounded


# ---- images --------------------------------------------------------------------------


@pytest.mark.parametrize("reference, expected", [
    ("docker.io/library/bash:5", Image("bash", True, "ash")),
    ("busybox@sha256:0123abcd", Image("busybox", True, "ash")),
    ("perl:5.34.0", Image("perl", True, "dash")),
    ("ubuntu", Image("ubuntu", True, "dash")),
    ("python:3.12-alpine", Image("python", True, "ash")),
    ("gcr.io/myproject/job-wq-2", Image("job-wq-2", False, "dash")),
    (None, Image("", False, "dash")),
])
def test_image_info(reference, expected):
    assert image_info(reference) == expected


# ---- bounds ------------------------------------------------------------------------------


@pytest.mark.parametrize("argv, image, expected", [
    pytest.param(["sh", "-c", "x=ab; while true; do x=$x$x; done"], "busybox", (137, [(0.0, "")]),
                 id="a variable that keeps doubling gets the container OOM-killed"),
    pytest.param(["sh", "-c", "echo start; printf '%999999999s'"], "busybox", (137, [(0.0, "start\n")]),
                 id="a gigantic printf width too"),
    pytest.param(["bash", "-c", "echo $((1 << 64)) $((2 ** 64)) $((9223372036854775807 + 1))"], "ubuntu",
                 (0, [(0.0, "1 0 -9223372036854775808\n")]), id="arithmetic wraps at 64 bits like bash's"),
    pytest.param(["python3", "-c", "x = 2\nfor i in range(100):\n    x = x * x"], "python",
                 (1, [(0.0, 'Traceback (most recent call last):\n  File "<string>", line 3, in <module>\n'
                            "MemoryError\n")]), id="a Python integer that explodes"),
    pytest.param(["perl", "-Mbignum=bpi", "-le", "print bpi(1000000)"], "perl", (0, [(DEFAULT_RUN_SECONDS, "")]),
                 id="pi beyond the digit cap is not modelled"),
])
def test_runaway_scripts_stay_bounded(argv, image, expected):
    assert interpret(argv, image=image) == expected


_SHELL_PIECES = st.sampled_from([
    "echo a", "sleep 1", "date", ";", "&&", "||", "|", "'", '"', "$(", ")", "${", "}", "$((", "))", "1+", "if",
    "then", "else", "fi", "for i in 1 2;", "do", "done", "while false;", "x=1", "$x", "${x:-y}", "\n", "#", ">", "f",
    "<", "2>&1", "(", "`", "\\", "[", "]", "a=(", "${a[$x]}", "exit 3", "cat f", "rev f", "*", "!", "{", "set -e",
    "read v", "break", "sh -c", "python3 -c", "print(1)",
])


@settings(max_examples=400, deadline=None, derandomize=True)
@given(script=st.one_of(st.lists(_SHELL_PIECES, max_size=14).map(" ".join), st.text(max_size=40)),
       shell=st.sampled_from(["sh", "bash"]), image=st.sampled_from(["busybox", "ubuntu"]))
def test_any_script_ends_with_an_exit_code_and_never_raises(script, shell, image):
    status, steps = interpret([shell, "-c", script], image=image)
    assert 0 <= status <= 255
    assert steps and all(duration >= 0 and isinstance(logs, str) for duration, logs in steps)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(source=st.one_of(st.text(max_size=60), st.lists(st.sampled_from([
    "import os", "import sys", "print(", ")", "x = 1", "x", "+", "*", "'a'", "len(", "sys.exit(", "if x:", "\n",
    "    ", "for i in range(3):", "os.environ['A']", "int(", "f'{x}'", "/", "0", "while x:", "break"]),
    max_size=12).map(" ".join)))
def test_any_python_snippet_ends_with_an_exit_code_and_never_raises(source):
    status, steps = interpret(["python3", "-c", source], image="python")
    assert 0 <= status <= 255
    assert steps
