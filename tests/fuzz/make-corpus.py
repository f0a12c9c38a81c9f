#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpus of the fuzz targets into tests/fuzz/corpus/.

    tests/fuzz/make-corpus.py [BUILD_DIR]

The seeds are the test fixtures (tests/fixtures/, data/sample-learner.json),
small records from BUILD_DIR/bench/plr-generate (default _build), protocol
responses made from those records in the shape the reference service sends
them, and a few hand-made edge cases. Files it writes are named seed-*;
files that fuzzing found and tests/fuzz/run.sh --merge added are left alone.
"""

import json
import os
import shutil
import subprocess
import sys

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
corpus = os.path.join(top, "tests", "fuzz", "corpus")
build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, "_build"))
generate = os.path.join(build, "bench", "plr-generate")


def put(target, name, data):
    os.makedirs(os.path.join(corpus, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(corpus, target, "seed-" + name), "wb") as f:
        f.write(data)


def generated(seed, events):
    out = subprocess.run([generate, "--seed", str(seed), "--events", str(events)],
                         check=True, stdout=subprocess.PIPE).stdout
    return out


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


for target in ("record-json", "lrs-xml", "learner", "events-page"):
    if os.path.isdir(os.path.join(corpus, target)):
        for name in os.listdir(os.path.join(corpus, target)):
            if name.startswith("seed-"):
                os.unlink(os.path.join(corpus, target, name))

# The record file, JSON form
fixtures = os.path.join(top, "tests", "fixtures")
for name in sorted(os.listdir(os.path.join(fixtures, "records"))):
    with open(os.path.join(fixtures, "records", name), "rb") as f:
        put("record-json", "fixture-" + name, f.read())
with open(os.path.join(top, "data", "sample-learner.json"), "rb") as f:
    sample = f.read()
put("record-json", "sample-learner.json", sample)

records = []
for seed, events in ((1, 0), (2, 1), (3, 2), (4, 3), (5, 5), (6, 8)):
    data = generated(seed, events)
    records.append(json.loads(data))
    put("record-json", "generated-%d-%d.json" % (seed, events), data)
    put("record-json", "generated-%d-%d-compact.json" % (seed, events),
        compact(json.loads(data)))

base = records[2]
edge = {
    "bom.json": b"\xef\xbb\xbf" + compact(base).encode("utf-8"),
    "minimal.json": compact({"format": "io.github.learningrecord.record", "version": 1,
                             "learner": {"uln": "9276308686"}, "events": []}),
    "unknown-top-member.json": compact(dict(base, extra=1)),
    "version-2.json": compact(dict(base, version=2)),
    "incoming-uln.json": compact(dict(base, incoming_uln="1000000043", etag="\"v7\"",
                                      fetched_at="2026-11-02T09:30:00.123456+05:30")),
    "wrong-type.json": compact(dict(base, events=[dict(base["events"][0], grade=5)])),
    "odd-values.json": compact(dict(base, events=[dict(base["events"][0], grade="9999999999",
                                                       awarding_organisation_ukprn="UNKNWN",
                                                       achievement_award_date="2099-12-31",
                                                       credits=100000,
                                                       under_data_challenge=True)])),
    "nul-escape.json": compact(dict(base, source="a")).replace('"source":"a"',
                                                                '"source":"a\\u0000b"'),
    "deep.json": "[" * 17 + "]" * 17,
    "not-json.json": "{\"format\": ",
    "escapes.json": compact(dict(base, learner=dict(base["learner"],
                                                    given_name="Si\u00e2n \\ \"O'Neil\"\t\n"))),
    "surrogates.json": compact(base).replace('"source":"sample"',
                                              '"source":"\\ud83d\\ude00 \\ud800"'),
    "linked-ulns.json": compact(dict(base, learner=dict(base["learner"],
                                                        linked_ulns=["1000000043",
                                                                     "9276308686"]))),
    "dates.json": compact(dict(base, learner=dict(base["learner"],
                                                  date_of_birth="2000-02-29",
                                                  date_of_address_capture="2025-08-21T10:02:33Z",
                                                  created_date="2017-10-22 17:24:41"))),
    "numbers.json": compact(dict(base, events=[dict(base["events"][0], id=9007199254740993,
                                                    credits=-1)])),
}
for name, data in edge.items():
    put("record-json", "edge-" + name, data)

# The LRS XML form
for name in sorted(os.listdir(os.path.join(fixtures, "lrs"))):
    with open(os.path.join(fixtures, "lrs", name), "rb") as f:
        put("lrs-xml", "fixture-" + name, f.read())

# GET /v1/learner, as the reference service answers it, and learner objects
for i, record in enumerate(records[1:4] + [json.loads(sample)]):
    put("learner", "response-%d.json" % i,
        compact({"learner": record["learner"], "incoming_uln": None,
                 "updated_at": "2026-11-02T09:30:00Z"}))
    put("learner", "object-%d.json" % i, json.dumps(record["learner"], indent=2,
                                                     ensure_ascii=False))
put("learner", "response-incoming.json",
    compact({"learner": dict(base["learner"], linked_ulns=["1000000043"]),
             "incoming_uln": "1000000043", "updated_at": "2026-11-02T09:30:00Z"}))
put("learner", "edge-wrong-types.json",
    compact({"learner": dict(base["learner"], gender="1", ability_to_share=True)}))
put("learner", "edge-bad-uln.json", compact({"learner": dict(base["learner"], uln="1234567890")}))

# GET /v1/learner/events, as the reference service answers it
big = records[-1]
events = big["events"]
put("events-page", "page-first.json",
    compact({"events": events[:3], "total": len(events), "next_cursor": "djE6MTox"}))
put("events-page", "page-last.json",
    compact({"events": events[3:], "total": len(events), "next_cursor": None}))
put("events-page", "page-empty.json", compact({"events": [], "total": 0, "next_cursor": None}))
put("events-page", "event.json", json.dumps(events[0], indent=2, ensure_ascii=False))
put("events-page", "edge-wrong-types.json",
    compact({"events": [dict(events[0], credits="3", under_data_challenge="N")], "total": 1}))
put("events-page", "edge-unknown-member.json",
    compact({"events": [dict(events[0], AchievementAwardDate="2024-08-15")], "total": 1}))
put("events-page", "edge-nulls.json",
    compact({"events": [{k: (v if k in ("id", "subject") else None)
                         for k, v in events[0].items()}], "total": 1}))

for target in sorted(os.listdir(corpus)):
    print("%s: %d files" % (target, len(os.listdir(os.path.join(corpus, target)))))
