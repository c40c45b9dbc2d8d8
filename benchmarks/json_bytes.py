"""Where the time of JSON bytes -> answer goes (issue 16 target 2).

    python benchmarks/json_bytes.py

Each step of ``evaluate_answers(net, blob, ...)`` timed alone: CPU time a profile, best of
7 alternating rounds over the benchmark's 30,000 profiles (roster.py), and in units of the
tuned baseline's time. Reads private functions of baji.profile.fast (the steps of
``decode``): a measuring tool, not an API.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import roster
import tuned

import baji
from baji.engine.answers import evaluate_answers
from baji.engine.program import program_for
from baji.profile import fast
from baji.profile.model import Profile

data = roster.profiles(30000)
blobs = [json.dumps(d).encode() for d in data]
people = [Profile.model_validate(d) for d in data]
net = baji.get_pack("shanghai-2026")
L = baji.Level.SPECIAL_TECHNICIAN
AS = roster.AS_OF
dec, keys = fast._reader()  # keys: the key count, checking across fields on its way
lp = program_for(net).select(L)[0]
structs = [fast.decode(b) for b in blobs]
def d1(b): return dec(b)
def d2(b): f = dec(b); keys(f); return f
def d3(b): f = dec(b); _ = b.count(b":") != keys(f); return f
cases = [
 ("tuned baseline (Profile)", lambda p: tuned.special_technician(p, AS), people),
 ("json.loads", json.loads, blobs),
 ("msgspec decode into the Structs", d1, blobs),
 ("  + checks and key count (one walk)", d2, blobs),
 ("  + colons of the bytes", d3, blobs),
 ("fast.decode (all of it)", fast.decode, blobs),
 ("answer function on a Struct", lambda s: lp.table[lp.values(s, AS, False)], structs),
 ("evaluate_answers on a Struct", lambda s: evaluate_answers(net, s, AS, levels=L, earliest=False)[0], structs),
 ("JSON bytes -> answer", lambda b: evaluate_answers(net, b, AS, levels=L, earliest=False)[0], blobs),
 ("tuned baseline on a Struct", lambda s: tuned.special_technician(s, AS), structs),
]
try:  # the fastest native reader that refuses a repeated key (dicts, nothing validated)
    import jiter
except ImportError:
    print("(jiter not installed: pip install -e '.[bench]' for the repeated-key floor)")
else:
    cases.insert(2, ("jiter, repeated keys refused", lambda b: jiter.from_json(
        b, catch_duplicate_keys=True, cache_mode="keys"), blobs))
res = {n: 9.0 for n, _, _ in cases}
for r in range(7):
    for n, fn, items in cases:
        for x in items: fn(x)
        s = time.process_time()
        for x in items: fn(x)
        res[n] = min(res[n], (time.process_time() - s) / len(items) * 1e6)
unit = res["tuned baseline (Profile)"]
for n, _, _ in cases:
    print(f"{n:34s} {res[n]:6.2f} µs  {res[n] / unit:5.2f}")
print("ratio json.loads / bytes->answer:", round(res["json.loads"] / res["JSON bytes -> answer"], 3))
