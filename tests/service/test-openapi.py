#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# docs/protocol.openapi.json against the reference service:
# 1. every route the service's router serves (src/service/plr-service.c,
#    route()) is in the OpenAPI file with the same methods, and every path
#    and method of the file is served;
# 2. answers recorded from the running service (on 127.0.0.1 only, signed
#    in through the real OAuth flow) validate against the described
#    schemas, with a small checker of the JSON Schema subset the file uses.
#
# Usage: test-openapi.py SOURCE_ROOT SERVICE_BINARY
# Output is TAP.

import base64
import hashlib
import html.parser
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import urllib.parse

ROOT, BINARY = sys.argv[1], sys.argv[2]
CLIENT_ID = 'io.github.learningrecord.LearningRecord'
REDIRECT_URI = 'http://127.0.0.1:9/callback'
METHODS = {'get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'}

results = []


def check(ok, name, detail=''):
    results.append((ok, name, detail))


# ---------------------------------------------------------------------------
# 1. Routes

def served_routes():
    source = open(os.path.join(ROOT, 'src', 'service', 'plr-service.c'), encoding='utf-8').read()
    body = source[source.index('\nroute (PlrServiceRequest *req)'):]
    body = body[:body.index('\n}\n')]
    routes = {}
    pattern = re.compile(r'(?:g_str_equal \(path, "([^"]+)"\)|segment_after \(path, "([^"]+)"\))'
                         r'.*?allow \(req, "([^"]+)"\)', re.S)
    for exact, prefix, methods in pattern.findall(body):
        path = exact if exact else prefix + '{}'
        routes[path] = {m.strip().lower() for m in methods.split(',')}
    return routes


def documented_routes(doc):
    routes = {}
    for path, item in doc['paths'].items():
        routes[re.sub(r'\{[^}]+\}', '{}', path)] = {m for m in item if m in METHODS}
    return routes


# ---------------------------------------------------------------------------
# 2. A small JSON Schema checker: $ref, type, const, enum, properties,
# required, additionalProperties: false, items, minimum, maximum, pattern.

def resolve(doc, schema):
    while '$ref' in schema:
        node = doc
        for part in schema['$ref'].lstrip('#/').split('/'):
            node = node[part]
        schema = node
    return schema


def type_ok(value, name):
    return {
        'object': lambda v: isinstance(v, dict),
        'array': lambda v: isinstance(v, list),
        'string': lambda v: isinstance(v, str),
        'integer': lambda v: isinstance(v, int) and not isinstance(v, bool),
        'number': lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        'boolean': lambda v: isinstance(v, bool),
        'null': lambda v: v is None,
    }[name](value)


def validate(doc, schema, value, path, errors):
    schema = resolve(doc, schema)
    if 'type' in schema:
        types = schema['type'] if isinstance(schema['type'], list) else [schema['type']]
        if not any(type_ok(value, t) for t in types):
            errors.append('%s: expected %s' % (path, ' or '.join(types)))
            return
    if 'const' in schema and value != schema['const']:
        errors.append('%s: expected %r' % (path, schema['const']))
    if 'enum' in schema and value not in schema['enum']:
        errors.append('%s: not one of %r' % (path, schema['enum']))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 'minimum' in schema and value < schema['minimum']:
            errors.append('%s: below %s' % (path, schema['minimum']))
        if 'maximum' in schema and value > schema['maximum']:
            errors.append('%s: above %s' % (path, schema['maximum']))
    if isinstance(value, str) and 'pattern' in schema and not re.search(schema['pattern'], value):
        errors.append('%s: does not match %s' % (path, schema['pattern']))
    if isinstance(value, dict):
        props = schema.get('properties', {})
        for member in schema.get('required', []):
            if member not in value:
                errors.append('%s.%s: required but missing' % (path, member))
        for member, member_value in value.items():
            if member in props:
                validate(doc, props[member], member_value, path + '.' + member, errors)
            elif schema.get('additionalProperties') is False:
                errors.append('%s.%s: not in the schema' % (path, member))
    if isinstance(value, list) and 'items' in schema:
        for i, element in enumerate(value):
            validate(doc, schema['items'], element, '%s[%d]' % (path, i), errors)


# ---------------------------------------------------------------------------
# The running service

class FormReader(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.action = None
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'form' and attrs.get('method', '').lower() == 'post':
            self.action = attrs.get('action')
        elif tag == 'input' and attrs.get('type') == 'hidden':
            self.fields[attrs['name']] = attrs.get('value', '')


class Service:
    def __init__(self, data_dir):
        self.process = subprocess.Popen([BINARY, '--data', data_dir, '--seed-demo', '--port', '0'],
                                        stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        assert line.startswith('Listening on http://127.0.0.1:'), line
        self.base = line[len('Listening on '):]
        self.port = urllib.parse.urlsplit(self.base).port

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection('127.0.0.1', self.port, timeout=30)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response, data

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def sign_in(service):
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode()
    query = urllib.parse.urlencode({
        'response_type': 'code', 'client_id': CLIENT_ID, 'redirect_uri': REDIRECT_URI,
        'scope': 'plr', 'state': 'openapi-state', 'code_challenge': challenge.rstrip('='),
        'code_challenge_method': 'S256'})
    response, page = service.request('GET', '/oauth/authorize?' + query)
    assert response.status == 200, response.status
    form = FormReader()
    form.feed(page.decode('utf-8'))
    fields = dict(form.fields, username='demo', password='demo', action='sign-in')
    response, _ = service.request('POST', form.action, urllib.parse.urlencode(fields),
                                  {'Content-Type': 'application/x-www-form-urlencoded'})
    assert response.status == 302, response.status
    answer = urllib.parse.parse_qs(urllib.parse.urlsplit(response.getheader('Location')).query)
    form = urllib.parse.urlencode({
        'grant_type': 'authorization_code', 'code': answer['code'][0],
        'redirect_uri': REDIRECT_URI, 'client_id': CLIENT_ID, 'code_verifier': verifier})
    response, body = service.request('POST', '/oauth/token', form,
                                     {'Content-Type': 'application/x-www-form-urlencoded'})
    return response, body


def response_schema(doc, path, method, status, content_type):
    operation = doc['paths'][path][method]
    answer = operation['responses'].get(str(status))
    if answer is None:
        return None, 'status %d is not described' % status
    content = answer.get('content', {})
    if content_type not in content:
        return None, 'content type %s is not described for %d' % (content_type, status)
    return content[content_type]['schema'], None


def main():
    doc = json.load(open(os.path.join(ROOT, 'docs', 'protocol.openapi.json'), encoding='utf-8'))
    check(doc.get('openapi', '').startswith('3.1'), 'the file is OpenAPI 3.1')

    served = served_routes()
    documented = documented_routes(doc)
    check(len(served) > 10, 'the router has routes', '%d found' % len(served))
    for path, methods in sorted(served.items()):
        check(documented.get(path) == methods, 'served route %s %s is documented' %
              (path, ','.join(sorted(methods))), 'documented: %s' % documented.get(path))
    for path in sorted(set(documented) - set(served)):
        check(False, 'documented route %s is served' % path)

    with tempfile.TemporaryDirectory() as data_dir:
        os.chmod(data_dir, 0o700)
        service = Service(data_dir)
        try:
            response, body = sign_in(service)
            examples = [('/oauth/token', 'post', response, body)]
            token = json.loads(body)['access_token']
            bearer = {'Authorization': 'Bearer ' + token}
            for path, body, key in [
                    ('/v1/shares', {'recipient': 'Acme Ltd', 'purpose': 'A check',
                                    'view': {'title': 'For Acme'}}, 'openapi-share-1'),
                    ('/v1/challenges', {'event_id': None, 'learner_field': None,
                                        'reason': 'missing',
                                        'details': 'A certificate that is not there.',
                                        'evidence': []}, 'openapi-challenge-1')]:
                response, answer = service.request(
                    'POST', path, json.dumps(body),
                    dict(bearer, **{'Content-Type': 'application/json',
                                    'Idempotency-Key': key}))
                check(response.status == 201, 'POST %s made one' % path,
                      'status %d' % response.status)
                examples.append((path, 'post', response, answer))
            for path, request_path, headers in [
                    ('/.well-known/oauth-authorization-server',
                     '/.well-known/oauth-authorization-server', {}),
                    ('/v1/', '/v1/', {}),
                    ('/v1/learner', '/v1/learner', bearer),
                    ('/v1/learner/events', '/v1/learner/events?limit=5', bearer),
                    ('/v1/shares', '/v1/shares', bearer),
                    ('/v1/challenges', '/v1/challenges', bearer),
                    ('/v1/sharing-preferences', '/v1/sharing-preferences', bearer),
                    ('/v1/access-log', '/v1/access-log?limit=5', bearer),
                    ('/v1/learner', '/v1/learner', {}),                       # 401
                    ('/v1/access-log', '/v1/access-log?limit=0', bearer),     # 400
                    ('/v1/shares/{code}', '/v1/shares/nosuchcode', {})]:      # 404
                response, body = service.request('GET', request_path, headers=headers)
                examples.append((path, 'get', response, body))
        finally:
            service.stop()

    for path, method, response, body in examples:
        content_type = (response.getheader('Content-Type') or '').split(';')[0].strip()
        name = 'the answer to %s %s (%d) matches its schema' % (method.upper(), path,
                                                               response.status)
        schema, problem = response_schema(doc, path, method, response.status, content_type)
        if schema is None:
            check(False, name, problem)
            continue
        errors = []
        validate(doc, schema, json.loads(body), '$', errors)
        check(not errors, name, '; '.join(errors[:5]))

    # The checker itself can fail.
    errors = []
    validate(doc, {'$ref': '#/components/schemas/Share'},
             {'code': 'x', 'url': 'u', 'created_at': 't', 'expires_at': 't', 'revoked': 'no',
              'views': -1}, '$', errors)
    check(len(errors) == 2, 'the checker refuses a wrong type and a value out of range',
          '; '.join(errors))

    print('1..%d' % len(results))
    for i, (ok, name, detail) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
        if not ok and detail:
            print('# ' + detail)
    return 0 if all(ok for ok, _, _ in results) else 1


sys.exit(main())
