#!/usr/bin/env python3
"""Writes seed programs for fuzz-report (see Fuzz/Sources/FuzzSupport/DatabaseProgram.swift):
ordinary recordings, for the fuzzer to spoil. Usage: report-seeds.py DIR"""
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


def main():
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
