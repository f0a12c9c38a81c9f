#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpus of the fuzz targets into tests/fuzz/corpus/.

    tests/fuzz/make-corpus.py [BUILD_DIR]

The seeds are the test fixtures (tests/fixtures/, data/sample-learner.json),
small records from BUILD_DIR/bench/plr-generate (default _build), protocol
responses made from those records in the shape the reference service sends
them (src/service/), records whose values hold markup and awkward text,
tiny PDF, PNG and JPEG files made here, and a few hand-made edge cases. Files it writes are named seed-*;
files that fuzzing found and tests/fuzz/run.sh --merge added are left alone.
"""

import base64
import json
import os
import struct
import subprocess
import sys
import zlib

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


for target in ("record-json", "lrs-xml", "learner", "events-page", "responses", "view-render",
               "evidence"):
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

# The hostile files of issue 20 (tests/fixtures/strict/): duplicate members,
# wrapping integers, duplicate event IDs, impossible dates, a raw NUL
for name in sorted(os.listdir(os.path.join(fixtures, "strict"))):
    with open(os.path.join(fixtures, "strict", name), "rb") as f:
        data = f.read()
    if name.endswith(".xml"):
        put("lrs-xml", "strict-" + name, data)
    else:
        put("record-json", "strict-" + name, data)
        put("view-render", "strict-" + name, data)

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

# The other responses of the protocol, as src/service/ writes them
# (json_to_string(), compact), and problem+json errors
def cursor(kind, a, b):
    plain = ("%s:%d:%d" % (kind, a, b)).encode("ascii")
    return base64.urlsafe_b64encode(plain).decode("ascii").rstrip("=")


sha_pdf = "9f2d1c7e0b8a4d6f3e5c2a1b0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e"
sha_png = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
event_id = records[3]["events"][0]["id"]
challenge = {
    "id": "ch_7Q2M9K4XW1", "status": "under-review",
    "submitted_at": "2026-11-02T09:31:12Z", "updated_at": "2026-11-03T14:05:00Z",
    "history": [{"status": "submitted", "at": "2026-11-02T09:31:12Z", "note": None},
                {"status": "under-review", "at": "2026-11-03T14:05:00Z",
                 "note": "Passed to the awarding organisation."}],
    "event_id": event_id, "learner_field": None, "field": "grade", "current_value": "B",
    "proposed_value": "A", "reason": "wrong-grade",
    "details": "My certificate from AQA shows grade A.",
    "evidence": [{"name": "certificate.pdf", "media_type": "application/pdf",
                  "sha256": sha_pdf, "size": 48213},
                 {"name": "results slip.png", "media_type": "image/png",
                  "sha256": sha_png, "size": 120488}],
}
learner_challenge = {
    "id": "ch_3H8N5R2VB6", "status": "accepted",
    "submitted_at": "2026-10-01T08:00:00Z", "updated_at": "2026-10-20T16:45:10Z",
    "history": [{"status": "submitted", "at": "2026-10-01T08:00:00Z", "note": None},
                {"status": "needs-information", "at": "2026-10-05T10:00:00Z",
                 "note": "Please send a copy of your deed poll."},
                {"status": "accepted", "at": "2026-10-20T16:45:10Z", "note": None}],
    "event_id": None, "learner_field": "family_name", "field": None,
    "current_value": "Jones", "proposed_value": "Siôn-Jones", "reason": "other",
    "details": None, "evidence": [],
}
missing_challenge = dict(learner_challenge, id="ch_9Z1", status="rejected", learner_field=None,
                         current_value=None, proposed_value=None, reason="missing",
                         details="BTEC Level 3 in Engineering, 2021, Coleg Gwent",
                         updated_at=None, history=[])
put("responses", "challenges.json",
    compact({"challenges": [challenge, learner_challenge, missing_challenge]}))
put("responses", "challenges-empty.json", compact({"challenges": []}))
put("responses", "challenge-created.json", compact(dict(challenge, status="submitted",
                                                        updated_at=None,
                                                        history=challenge["history"][:1])))
put("responses", "edge-challenge-draft.json",
    compact({"challenges": [dict(challenge, status="draft")]}))
put("responses", "edge-challenge-bad-sha.json",
    compact({"challenges": [dict(challenge, evidence=[dict(challenge["evidence"][0],
                                                            sha256=sha_pdf.upper(),
                                                            size=10 * 1024 * 1024 + 1)])]}))
put("responses", "edge-challenge-bad-id.json",
    compact({"challenges": [dict(challenge, id="ch_../../etc")]}))
put("responses", "edge-challenge-local-time.json",
    compact({"challenges": [dict(challenge, submitted_at="2026-11-02T09:31:12",
                                 updated_at="2026-11-02T09:31:12.5+05:30")]}))

base_url = "http://127.0.0.1:8080/"
share = {"code": "7KQ4-M2XP-9RTA", "url": base_url + "s/7KQ4-M2XP-9RTA",
         "recipient": "Acme Ltd", "purpose": "Job application",
         "created_at": "2026-11-02T09:30:00Z", "expires_at": "2026-12-31T23:59:59Z",
         "revoked": False, "views": 3}
put("responses", "shares.json",
    compact({"shares": [share,
                        dict(share, code="H3JD-9QWE-2LMN", url=base_url + "s/H3JD-9QWE-2LMN",
                             recipient="Coleg Cambria", purpose=None, revoked=True, views=0),
                        dict(share, code="Z9XC-4VBN-7MKL", url=base_url + "s/Z9XC-4VBN-7MKL",
                             recipient=None, purpose=None, expires_at=None, views=12)]}))
put("responses", "shares-empty.json", compact({"shares": []}))
put("responses", "share-created.json", compact(dict(share, views=0)))
put("responses", "edge-share-types.json",
    compact({"shares": [dict(share, views=-1, revoked="yes", expires_at="never")]}))

log_entries = [
    {"at": "2026-11-20T14:03:11Z", "organisation": "Coleg Gwent", "ukprn": "10001548",
     "user": "staff-1234", "action": "learner-view", "purpose": "Enrolment check"},
    {"at": "2026-11-20T02:15:00Z", "organisation": "Acme Screening Ltd", "ukprn": None,
     "user": "batch", "action": "learner-view", "purpose": None},
    {"at": "2026-11-19T09:00:00Z", "organisation": "Learning Record (you)", "ukprn": None,
     "user": None, "action": "learner-view", "purpose": None},
    {"at": "2026-11-18T11:20:00Z", "organisation": "Acme Ltd", "ukprn": None, "user": None,
     "action": "share-view", "purpose": "Job application"},
]
many = [dict(log_entries[1], at="2026-11-21T%02d:10:00Z" % hour) for hour in (1, 3, 9, 15, 22)]
put("responses", "access-log-first.json",
    compact({"entries": log_entries[:2], "next_cursor": cursor("a1", 1763604900, 42)}))
put("responses", "access-log-last.json", compact({"entries": log_entries[2:],
                                                  "next_cursor": None}))
put("responses", "access-log-empty.json", compact({"entries": [], "next_cursor": None}))
put("responses", "access-log-many-reads.json", compact({"entries": many, "next_cursor": None}))
put("responses", "edge-access-log-empty-not-last.json",
    compact({"entries": [], "next_cursor": cursor("a1", 1, 1)}))
put("responses", "edge-access-log-bad-cursor.json",
    compact({"entries": log_entries[:1], "next_cursor": "a b"}))
put("responses", "edge-access-log-extra.json",
    compact({"entries": log_entries[:1], "next_cursor": None, "total": 1}))

for name, status, title, detail in (
        ("invalid-token", 401, "The access token is missing, expired or revoked", None),
        ("rate-limited", 429, "Too many requests", "Try again in 30 seconds."),
        ("record-changed", 409, "The record changed while it was being paged",
         "Start the fetch again."),
        ("server-error", 500, "The service failed", None)):
    problem = {"type": "/problems/" + name, "title": title, "status": status}
    if detail:
        problem["detail"] = detail
    put("responses", "problem-%s.json" % name, compact(problem))
put("responses", "problem-about-blank.json",
    compact({"type": "about:blank", "title": "Method Not Allowed", "status": 405}))
put("responses", "edge-problem-deep.json",
    compact({"type": "/problems/invalid-token", "x": [[[[1]]]]}))
put("responses", "edge-problem-type-number.json", compact({"type": 401, "status": "401"}))

# Hostile records to render as a share view (fuzz-view-render.c), and a few
# plain ones, JSON and LRS XML
for seed, events in ((1, 0), (2, 1), (4, 3), (6, 8)):
    put("view-render", "generated-%d-%d.json" % (seed, events), generated(seed, events))
put("view-render", "fixture-valid-full.json",
    open(os.path.join(fixtures, "records", "valid-full.json"), "rb").read())
put("view-render", "sample-learner.json", sample)
for name in ("full.xml", "linked.xml"):
    with open(os.path.join(fixtures, "lrs", name), "rb") as f:
        put("view-render", "fixture-" + name, f.read())


def hostile(text_for):
    """records[4] with every text value replaced by text_for(member, max)."""
    record = json.loads(json.dumps(records[4]))
    limits = {"title": 35, "last_known_post_code": 16, "email_address": 254}
    for member, value in list(record["learner"].items()):
        if isinstance(value, str) and member not in ("uln", "date_of_birth",
                                                     "date_of_address_capture",
                                                     "created_date", "last_updated_date"):
            size = limits.get(member, 100 if "name" in member and "school" not in member
                              else 64 if member in ("scottish_candidate_number",
                                                    "verification_type", "learner_status")
                              else 255)
            record["learner"][member] = text_for(member, size)
    for event in record["events"]:
        for member, value in list(event.items()):
            if isinstance(value, str) and "date" not in member:
                size = (1000 if member == "subject" else
                        255 if member in ("qualification_type", "awarding_organisation_name",
                                          "achievement_provider_name") else 64)
                event[member] = text_for(member, size)
    return record


markup = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "</title><iframe src=//evil>",
    "</style><style>body{display:none}",
    "&amp; &lt; &#60; &#x3C; ' \" & < >",
    "<!-- --><![CDATA[ ]]>",
    "x\" onmouseover=\"alert(1)",
]
put("view-render", "markup.json",
    json.dumps(hostile(lambda m, n: markup[len(m) % len(markup)][:n]), ensure_ascii=False))
put("view-render", "markup-ascii.json",
    json.dumps(hostile(lambda m, n: markup[(len(m) + 3) % len(markup)][:n])))
put("view-render", "rtl.json",
    json.dumps(hostile(lambda m, n: ("\u202eفدپ.exe \u05e9\u05dc\u05d5\u05dd "
                                     "\u0645\u0631\u062d\u0628\u0627 \u200f(A*)")[:n]),
               ensure_ascii=False))
put("view-render", "long.json",
    json.dumps(hostile(lambda m, n: ("W" if n < 200 else "\u00c5\u00df\u1e9e ") * (n // (
        1 if n < 200 else 4)))))
put("view-render", "long-word.json",
    json.dumps(hostile(lambda m, n: "\u0634" * n), ensure_ascii=False))
put("view-render", "combining.json",
    json.dumps(hostile(lambda m, n: ("Z\u0351\u0360\u0313\u0310a\u036b\u0352l\u0364\u0301"
                                     "g\u0489o\u0300\u0301\u0302\u0303" * 20)[:n]),
               ensure_ascii=False))
put("view-render", "whitespace.json",
    json.dumps(hostile(lambda m, n: "\tline one\nline two\n\n\t  "[:n])))
put("view-render", "emoji.json",
    json.dumps(hostile(lambda m, n: "\U0001f469\u200d\U0001f393\U0001f3f4\U000e0067"
                                    "\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"[:n]),
               ensure_ascii=False))
put("view-render", "edge-c1-control.json",
    json.dumps(hostile(lambda m, n: "a\u0085b\u009fc")))
put("view-render", "edge-no-events.json", compact(dict(records[4], events=[])))
put("view-render", "edge-duplicate-ids.json",
    compact(dict(records[4], events=[records[4]["events"][0]] * 3)))
put("view-render", "edge-future-and-odd.json",
    compact(dict(records[4], events=[dict(e, grade="9999999999", achievement_award_date="2099-12-31",
                                         awarding_organisation_ukprn="UNKNWN", credits=100000,
                                         under_data_challenge=True, level=None)
                                    for e in records[4]["events"]])))


# Evidence files: tiny PDF, PNG and JPEG made here, and files that are not
def png(width, height):
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    raw = b"".join(b"\0" + bytes(x * 40 % 256 for x in range(width * 3))
                   for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                             0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def pdf():
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               None,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    text = b"BT /F1 12 Tf 20 50 Td (Certificate: grade A) Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream"
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, body in enumerate(objects):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return out


def jpeg():
    """A baseline 8x8 grey JPEG: every coefficient zero, a mid-grey block."""
    def segment(marker, data):
        return b"\xff" + marker + struct.pack(">H", len(data) + 2) + data
    app0 = segment(b"\xe0", b"JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    dqt = segment(b"\xdb", b"\x00" + b"\x01" * 64)
    sof = segment(b"\xc0", b"\x08\x00\x08\x00\x08\x01\x01\x11\x00")
    # one code of length 1 for each table: DC category 0, AC end of block
    dht = segment(b"\xc4", b"\x00" + b"\x01" + b"\x00" * 15 + b"\x00" +
                  b"\x10" + b"\x01" + b"\x00" * 15 + b"\x00")
    sos = segment(b"\xda", b"\x01\x01\x00\x00\x3f\x00")
    return b"\xff\xd8" + app0 + dqt + sof + dht + sos + b"\x3f" + b"\xff\xd9"


evidence_files = {
    "certificate.pdf": pdf(),
    "slip.png": png(4, 3),
    "photo.jpg": jpeg(),
    "magic-pdf-only": b"%PDF-",
    "magic-png-only": b"\x89PNG\r\n\x1a\n",
    "magic-jpeg-only": b"\xff\xd8\xff",
    "edge-empty": b"",
    "edge-text.txt": "Tystysgrif: gradd A. Certificate: grade A.\n".encode("utf-8"),
    "edge-truncated-pdf": b"%PDF",
    "edge-truncated-png": b"\x89PNG\r\n\x1a",
    "edge-truncated-jpeg": b"\xff\xd8",
    "edge-lowercase-pdf": b"%pdf-1.4\n",
    "edge-bom-pdf": b"\xef\xbb\xbf%PDF-1.4\n",
    "edge-space-pdf": b" %PDF-1.4\n",
    "edge-html.pdf": b"<!DOCTYPE html><script>alert(1)</script>",
    "edge-gif.gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    "edge-zip.docx": b"PK\x03\x04" + b"\0" * 26,
}
for name, data in evidence_files.items():
    put("evidence", name, data)

for target in sorted(os.listdir(corpus)):
    print("%s: %d files" % (target, len(os.listdir(os.path.join(corpus, target)))))
