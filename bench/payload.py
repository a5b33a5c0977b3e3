#!/usr/bin/python3
# Writes the benchmark message text shared by every party: `payload.py BYTES` prints BYTES octets
# of readable text in 72-character lines (so no party has to fold long lines). Contract: the same
# BYTES gives the same text; nodemailer.js and smtplib_bench.py build the same text themselves.
import sys

LINE = "The quick brown fox jumps over the lazy dog; mailflow bench 0123456789.\n"


def text(size: int) -> str:
    reps = size // len(LINE) + 1
    return (LINE * reps)[:size]


if __name__ == "__main__":
    sys.stdout.write(text(int(sys.argv[1])))
