#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A stand-in for the LRS organisation web service (LearnerServiceR9,
# GetLearnerLearningEvents), built from its public description, for the
# integration tests only. It listens on 127.0.0.1 on a port the system
# picks and prints "Listening on http://127.0.0.1:PORT/" first.
#
# It checks the SOAPAction header and the invoking organisation (UKPRN,
# username, password given on the command line) and answers by the ULN
# asked for: one learner per response code, and some that fail (HTTP 500,
# a SOAP fault, a slow answer, a body cut short, the wrong namespace).

import argparse
import os
import sys
import threading
import time
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "http://tempuri.org/"
MODEL = "http://api.lrs.qcf.gov.uk/model"
ACTION = "http://tempuri.org/ILearnerServiceR9/GetLearnerLearningEvents"


def uln_with_check_digit(first_nine):
    total = sum((10 - i) * int(d) for i, d in enumerate(first_nine))
    remainder = total % 11
    assert remainder != 0
    return first_nine + str((10 - remainder) % 10)


def make_ulns():
    # Valid ULNs (ILR rule ULN_04), one per behaviour, made from a stem.
    names = ["exact", "linked", "found", "no-match", "too-many", "possible",
             "not-shared", "not-verified", "server-error", "fault", "slow",
             "truncated", "wrong-namespace", "big", "unknown-code"]
    ulns = {}
    stem = 100000000
    for name in names:
        while True:
            nine = str(stem)
            stem += 1
            total = sum((10 - i) * int(d) for i, d in enumerate(nine))
            if total % 11 != 0:
                break
        ulns[name] = uln_with_check_digit(nine)
    return ulns


ULNS = make_ulns()
BEHAVIOUR = {uln: name for name, uln in ULNS.items()}


def event(i):
    return (
        "<a:LearningEvent>"
        "<a:AchievementAwardDate>2016-08-25</a:AchievementAwardDate>"
        "<a:AchievementProviderName>Riverside Academy</a:AchievementProviderName>"
        "<a:AchievementProviderUkprn>10012345</a:AchievementProviderUkprn>"
        "<a:AwardingOrganisationName>Example Awarding Body</a:AwardingOrganisationName>"
        "<a:AwardingOrganisationUkprn>10034567</a:AwardingOrganisationUkprn>"
        "<a:Credits>0</a:Credits>"
        "<a:DateLoaded>2016-10-03 09:14:27</a:DateLoaded>"
        "<a:Grade>B</a:Grade>"
        "<a:ID>%d</a:ID>"
        "<a:LanguageForAssessment>English</a:LanguageForAssessment>"
        "<a:Level>Level 1/2</a:Level>"
        "<a:ParticipationEndDate i:nil=\"true\"/>"
        "<a:QualificationType>GCSE</a:QualificationType>"
        "<a:Source>NPD</a:Source>"
        "<a:Subject>GCSE in Subject %d</a:Subject>"
        "<a:SubjectCode>50079116</a:SubjectCode>"
        "<a:UnderDataChallenge>N</a:UnderDataChallenge>"
        "</a:LearningEvent>" % (4800000 + i, i))


def response(code, incoming, found, n_events, model=MODEL):
    events = "".join(event(i) for i in range(n_events))
    found_xml = ("<a:FoundULN>%s</a:FoundULN>" % found) if found else "<a:FoundULN i:nil=\"true\"/>"
    return (
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        "<s:Envelope xmlns:s=\"%s\"><s:Body>"
        "<GetLearnerLearningEventsResponse xmlns=\"%s\">"
        "<GetLearnerLearningEventsResult xmlns:a=\"%s\" "
        "xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">"
        "<a:ResponseCode>%s</a:ResponseCode>"
        "%s<a:IncomingULN>%s</a:IncomingULN>"
        "<a:LearnerRecord>%s</a:LearnerRecord>"
        "</GetLearnerLearningEventsResult></GetLearnerLearningEventsResponse>"
        "</s:Body></s:Envelope>" % (SOAP, TNS, model, code, found_xml, incoming, events)
    ).encode("utf-8")


def fault(code, text):
    return (
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        "<s:Envelope xmlns:s=\"%s\"><s:Body><s:Fault>"
        "<faultcode>%s</faultcode><faultstring>%s</faultstring>"
        "</s:Fault></s:Body></s:Envelope>" % (SOAP, escape(code), escape(text))
    ).encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass  # the tests scan output for personal data: log nothing

    def send(self, status, body, length=None):
        self.send_response(status)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def do_GET(self):
        # How many requests the LRS has had, so a test can tell that a
        # gateway answered from its store without asking again.
        if self.path != "/requests":
            return self.send(404, b"")
        with self.server.lock:
            body = str(self.server.requests).encode("ascii")
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        with self.server.lock:
            self.server.requests += 1

        if self.headers.get("SOAPAction", "").strip('"') != ACTION:
            return self.send(500, fault("s:Client", "Unknown SOAPAction"))

        try:
            root = ET.fromstring(body)
            op = root.find("{%s}Body/{%s}GetLearnerLearningEvents" % (SOAP, TNS))
            org = op.find("{%s}invokingOrganisation" % TNS)
            get = lambda parent, ns, name: (parent.findtext("{%s}%s" % (ns, name)) or "")
            ukprn, user, password = (get(org, MODEL, "Ukprn"), get(org, MODEL, "Username"),
                                     get(org, MODEL, "Password"))
            fields = {n: get(op, TNS, n) for n in ("userType", "vendorId", "language", "uln",
                                                  "givenName", "familyName", "dateOfBirth",
                                                  "gender", "getType")}
        except Exception:
            return self.send(500, fault("s:Client", "The request is not a GetLearnerLearningEvents envelope"))

        if (ukprn, user, password) != (self.server.ukprn, self.server.username, self.server.password):
            return self.send(500, fault("s:Client", "The invoking organisation could not be authenticated"))
        if (fields["userType"], fields["language"], fields["getType"]) != ("ORG", "ENG", "FULL") \
           or not fields["vendorId"] or not fields["givenName"] or not fields["familyName"] \
           or not fields["dateOfBirth"]:
            return self.send(500, fault("s:Client", "The request is incomplete"))

        uln = fields["uln"]
        what = BEHAVIOUR.get(uln, "no-match")
        if what == "exact":
            return self.send(200, response("WSRC0004", uln, uln, 3))
        if what == "big":
            return self.send(200, response("WSRC0004", uln, uln, self.server.big))
        if what == "linked":
            return self.send(200, response("WSRC0022", uln, ULNS["found"], 2))
        if what == "no-match":
            return self.send(200, response("WSRC0001", uln, None, 0))
        if what == "too-many":
            return self.send(200, response("WSRC0002", uln, None, 0))
        if what == "possible":
            return self.send(200, response("WSRC0003", uln, None, 0))
        if what == "not-shared":
            return self.send(200, response("WSEC0206", uln, uln, 0))
        if what == "not-verified":
            return self.send(200, response("WSEC0208", uln, None, 0))
        if what == "unknown-code":
            return self.send(200, response("WSRC0999", uln, None, 0))
        if what == "server-error":
            return self.send(500, b"<html>Internal Server Error</html>")
        if what == "fault":
            return self.send(500, fault("s:Server", "The service is temporarily unavailable"))
        if what == "slow":
            time.sleep(self.server.slow)
            return self.send(200, response("WSRC0004", uln, uln, 1))
        if what == "truncated":
            whole = response("WSRC0004", uln, uln, 3)
            self.send(200, whole[: len(whole) // 2], length=len(whole))
            self.close_connection = True
            return
        if what == "wrong-namespace":
            return self.send(200, response("WSRC0004", uln, uln, 3,
                                           model="http://example.org/not-the-lrs"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ukprn", default="10099999")
    parser.add_argument("--username", default="provider-user")
    parser.add_argument("--password", default="Stand-in-Pa55word")
    parser.add_argument("--big", type=int, default=1000)
    parser.add_argument("--slow", type=float, default=5.0)
    parser.add_argument("--print-ulns", action="store_true")
    args = parser.parse_args()

    if args.print_ulns:
        for name, uln in ULNS.items():
            print(name, uln)
        return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.lock = threading.Lock()
    server.requests = 0
    server.ukprn, server.username, server.password = args.ukprn, args.username, args.password
    server.big, server.slow = args.big, args.slow
    print("Listening on http://127.0.0.1:%d/" % server.server_address[1], flush=True)

    # A test that fails half way cannot stop its stand-in; it must not
    # outlive the test, holding the test runner's pipes open.
    parent = os.getppid()

    def exit_with_parent():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=exit_with_parent, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
