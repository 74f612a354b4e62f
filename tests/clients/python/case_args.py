"""The command line every case script shares: `<script> <case-name> | --list`."""

import sys


def pick(argv, cases, script):
    """The case function argv names, or the exit code to return (after --list printed the names, or a usage error)."""
    if len(argv) != 2:
        print(f"usage: {script} <case-name> | --list", file=sys.stderr)
        return 2
    if argv[1] == "--list":
        print("\n".join(cases))
        return 0
    function = cases.get(argv[1])
    if function is None:
        print(f"unknown case {argv[1]!r}; --list shows the cases", file=sys.stderr)
        return 2
    return function
