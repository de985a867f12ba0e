#!/usr/bin/env python3
"""Writes seed programs for fuzz-report (see Fuzz/Sources/FuzzSupport/DatabaseProgram.swift):
ordinary recordings, for the fuzzer to spoil. Usage: report-seeds.py DIR

With --crashes, writes instead the hand-made reproducers of Fuzz/FINDINGS.md: an ordinary
recording with one extreme value each."""
import os
import sys

TEXTS = ["leak", "/usr/bin/leak --size 1M", "[heap]", "[anon]", "[stack]", "/usr/lib/libc.so.6", "[anon:dalvik]",
         "file", "heap", "anonymous", "stack", "memfd", "grouped", "mappings", "", "é名😀", "a\0b", "x" * 300,
         "7f0000000000", "duration"]
OPS = {"session": 0, "process": 1, "sample": 2, "region": 3, "region_sample": 4, "host_sample": 5, "series": 6}


def ordinary_id(i): return bytes([0, (i - 1) % 4])          # selector 0, then 1 + b % 4
def time(step): return bytes([0, step])                       # the clock moves by step * 50 ms
def size(pages): return bytes([0, pages & 0xFF, pages >> 8 & 0xFF])
def count(n): return bytes([0, n])
def detail(d): return bytes([0, d - 1])
def text(t): return bytes([0, TEXTS.index(t)])
def null(): return bytes([22])
def extreme(selector): return bytes([selector])               # 14 Int64.max, 15 min, 16 4e18 …
def odd_text(t): return bytes([20, ["", "abc", "12", "-5", "1e400", "9223372036854775808", "0x10", " 7", "4e18",
                                    "NaN"].index(t)])
def negative(n): return bytes([13, (n - 1) & 0xFF, (n - 1) >> 8])  # -n


def header(low_thresholds=True, windows=b"\0\0\0\0"):
    return bytes([1 if low_thresholds else 0]) + windows


def session(i, mode="grouped"):
    return bytes([OPS["session"]]) + ordinary_id(i) + time(1) + null() + null() + text("leak") + text("leak") \
        + size(1) + count(100) + time(1) + count(250) + text("leak") + text(mode) + count(10) + text("leak")


def process(i, s, name="leak", command="/usr/bin/leak --size 1M"):
    return bytes([OPS["process"]]) + ordinary_id(i) + ordinary_id(s) + count(40 + i) + count(7) + time(0) \
        + count(1) + text(name) + text(command) + null() + time(0) + time(200) + null() + null()


def region(i, label, kind):
    return bytes([OPS["region"]]) + ordinary_id(i) + text(label) + text(kind)


def series(p, n, step, base, slope, noise=0):
    return bytes([OPS["series"]]) + ordinary_id(p) + bytes([n, step, base & 0xFF, base >> 8, slope & 0xFF]) \
        + bytes([noise]) * n


def sample(p, step, pages, d=2):
    return bytes([OPS["sample"]]) + ordinary_id(p) + time(step) + detail(d) + count(9) + size(pages) * 10 \
        + count(1) + count(0) + size(pages) + count(3) + null() * 4


def host(s, step, total, available):
    return bytes([OPS["host_sample"]]) + ordinary_id(s) + time(step) + size(total) + size(available) \
        + size(0) + size(0) + size(available // 2) + null()


def write(directory, name, data):
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def crashes(out):
    """One program per finding: a recording of 10 samples, spoiled by one row."""
    base = session(1) + process(1, 1) + region(1, "[heap]", "heap") + series(1, 10, 10, 100, 8)

    def spoiled_sample(time_value, pss_value):
        return bytes([OPS["sample"]]) + ordinary_id(1) + time_value + detail(2) + count(9) + size(2000) \
            + pss_value + size(2000) * 8 + count(1) + count(0) + size(2000) + count(3) + null() * 4

    write(out, "levels-time-4e18", header() + base + spoiled_sample(extreme(16), size(2000)))
    write(out, "csv-pss-int64-max", header() + base + spoiled_sample(time(10), extreme(14)))
    # --since -1s when every process was last seen at Int64.min.
    last_seen_min = bytes([OPS["process"]]) + ordinary_id(1) + ordinary_id(1) + count(41) + count(7) + time(0) \
        + count(1) + text("leak") + text("leak") + null() + time(0) + extreme(15) + null() + null()
    write(out, "since-before-end-min-last-seen",
          header(True, bytes([4, 10, 0, 0, 0, 0])) + session(1) + last_seen_min + series(1, 10, 10, 100, 8))
    cgroup = bytes([OPS["host_sample"]]) + ordinary_id(1) + time(0) + size(60000) + size(30000) + size(0) \
        + size(0) + negative(1) + extreme(14)
    write(out, "forecast-cgroup-headroom", header() + base + cgroup)
    write(out, "trend-time-int64-min", header() + base + spoiled_sample(extreme(15), size(2000)))


def custom_sample(p, step, d, resident, pss):
    """A sample whose resident and proportional sizes are given as encoded values."""
    return bytes([OPS["sample"]]) + ordinary_id(p) + time(step) + detail(d) + count(9) + resident + pss \
        + size(100) * 8 + count(1) + count(0) + size(100) + count(3) + null() * 4


def region_row(p, step, r, pss):
    return bytes([OPS["region_sample"]]) + ordinary_id(p) + time(step) + ordinary_id(r) + text("") + count(1) \
        + size(100) * 2 + pss + size(100) * 8


def more_crashes(out):
    """Findings of a closer look at the code the fuzzer reached, checked through fuzz-report."""
    # A region whose PSS goes from -1 to Int64.max between the first and last region captures.
    growth = header() + session(1) + process(1, 1) + region(1, "[heap]", "heap") \
        + region_row(1, 1, 1, negative(1)) + custom_sample(1, 1, 3, size(100), size(100)) \
        + region_row(1, 1, 1, extreme(14)) + custom_sample(1, 1, 3, size(100), size(100))
    write(out, "region-growth-overflow", growth)
    # Two runs of the same command: peak resident -5 bytes, then Int64.max.
    peak = header() + session(1) + session(2) + process(1, 1) + process(2, 2) \
        + b"".join(custom_sample(1, 10, 2, negative(5), size(100)) for _ in range(3)) \
        + b"".join(custom_sample(2, 10, 2, extreme(14), size(100)) for _ in range(3))
    write(out, "compare-peak-change-overflow", peak)


def main():
    if sys.argv[1] == "--crashes":
        os.makedirs(sys.argv[2], exist_ok=True)
        crashes(sys.argv[2])
        more_crashes(sys.argv[2])
        return
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    regions = region(1, "[heap]", "heap") + region(2, "[anon]", "anonymous")
    leak = header() + session(1) + process(1, 1) + regions + series(1, 40, 10, 200, 8, 1) \
        + host(1, 0, 60000, 50000) + host(1, 200, 60000, 40000)
    write(out, "seed-leak", leak)
    flat = header(False) + session(1) + process(1, 1) + regions + series(1, 30, 5, 300, 0, 3)
    write(out, "seed-flat", flat)
    two = header(True, bytes([4, 20, 0, 2, 0, 0])) + session(1) + session(2) + process(1, 1) + process(2, 2) \
        + process(3, 2, "leak", "leak") + regions + series(1, 20, 10, 100, 4) + series(2, 20, 10, 100, 16) \
        + series(3, 10, 10, 50, 255) + host(2, 0, 60000, 30000)
    write(out, "seed-two-sessions", two)
    mixed = header() + session(1) + process(1, 1) + b"".join(sample(1, 20, 100 + 7 * k, 1 + k % 3) for k in range(12))
    write(out, "seed-status-ticks", mixed)


main()
