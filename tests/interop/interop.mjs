// SPDX-License-Identifier: GPL-3.0-or-later
//
// A third-party RFC 9901 / SD-JWT VC library (@sd-jwt/sd-jwt-vc) checks
// what our service issued and our presenter made, then issues and
// presents its own credential for `learning-record --verify` to check.
// Usage: node interop.mjs DIR   (DIR holds interop-issue's files)

import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const dir = process.argv[2];
const read = (name) => readFileSync(join(dir, name), 'utf8').trim();
let step = 0;
const ok = (what) => console.log(`ok ${++step} - ${what}`);

const kbVerifier = async (data, sig, payload) => {
  const verify = await ES256.getVerifier(payload.cnf.jwk);
  return verify(data, sig);
};

async function checkOurs() {
  const jwks = JSON.parse(read('jwks.json'));
  const verifier = await ES256.getVerifier(jwks.keys[0]);
  const sdjwt = new SDJwtVcInstance({ verifier, kbVerifier, hasher: digest, hashAlg: 'sha-256' });

  const credential = await sdjwt.verify(read('credential.sd-jwt'));
  assert.equal(credential.header.typ, 'dc+sd-jwt');
  assert.equal(credential.header.kid, jwks.keys[0].kid);
  assert.equal(credential.payload.vct, 'https://learningrecord.github.io/vct/plr/1');
  assert.ok(credential.payload.learner.given_name);
  assert.ok(credential.payload.events.length > 0);
  for (const event of credential.payload.events) {
    assert.ok('under_data_challenge' in event, 'under_data_challenge always visible');
  }
  ok(`the library verifies the service's credential (${credential.payload.events.length} events)`);

  const shown = await sdjwt.verify(read('presentation.sd-jwt'), { keyBindingNonce: 'interop-nonce' });
  assert.ok(shown.kb, 'the key binding was checked');
  assert.equal(shown.kb.payload.aud, 'https://employer.example');
  assert.deepEqual(Object.keys(shown.payload.learner), ['given_name']);
  assert.equal(shown.payload.events.length, 1);
  assert.ok(shown.payload.events[0].grade !== undefined);
  assert.equal(shown.payload.events[0].subject, undefined);
  ok('the library verifies our presentation and its key binding');

  // A byte of the signature changed: the library refuses it too.
  const cred = read('credential.sd-jwt');
  const at = cred.indexOf('~') - 3;
  const broken = cred.slice(0, at) + (cred[at] === 'A' ? 'B' : 'A') + cred.slice(at + 1);
  await assert.rejects(sdjwt.verify(broken));
  ok('the library refuses our credential with one signature byte changed');
}

function runVerify(file, keyFile, extra = []) {
  return spawnSync(process.env.LEARNING_RECORD_BIN,
                   ['--verify', join(dir, file), '--issuer-key', join(dir, keyFile), ...extra],
                   { encoding: 'utf8' });
}

async function checkTheirs() {
  const issuer = await ES256.generateKeyPair();
  const holder = await ES256.generateKeyPair();
  const sdjwt = new SDJwtVcInstance({
    signer: await ES256.getSigner(issuer.privateKey), signAlg: ES256.alg,
    kbSigner: await ES256.getSigner(holder.privateKey), kbSignAlg: ES256.alg,
    hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt,
  });
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: 'https://issuer.example', iat: now, exp: now + 600,
    vct: 'https://example.org/vct/1',
    cnf: { jwk: holder.publicKey },
    given_name: 'Siân', uln: '9999999999',
    events: [{ subject: 'Physics', grade: 'A*' }, { subject: 'Welsh', grade: 'B' }],
  };
  const frame = {
    _sd: ['given_name', 'uln'],
    events: { _sd: [0, 1], 0: { _sd: ['subject', 'grade'] }, 1: { _sd: ['subject', 'grade'] } },
  };
  const credential = await sdjwt.issue(claims, frame, { header: { typ: 'dc+sd-jwt' } });
  const presentation = await sdjwt.present(credential,
    { given_name: true, events: { 1: { grade: true } } },
    { kb: { payload: { iat: now, aud: 'https://employer.example', nonce: 'their-nonce' } } });
  const jwk = { ...issuer.publicKey };
  delete jwk.key_ops; delete jwk.ext;
  writeFileSync(join(dir, 'their-issuer.jwk'), JSON.stringify(jwk));
  writeFileSync(join(dir, 'their-credential.sd-jwt'), credential);
  writeFileSync(join(dir, 'their-presentation.sd-jwt'), presentation);

  let r = runVerify('their-credential.sd-jwt', 'their-issuer.jwk');
  assert.equal(r.status, 0, r.stderr);
  const all = JSON.parse(r.stdout);
  assert.equal(all.given_name, 'Siân');
  assert.equal(all.events[0].subject, 'Physics');
  ok("learning-record --verify accepts the library's credential");

  r = runVerify('their-presentation.sd-jwt', 'their-issuer.jwk',
                ['--audience', 'https://employer.example', '--nonce', 'their-nonce']);
  assert.equal(r.status, 0, r.stderr);
  const shown = JSON.parse(r.stdout);
  assert.equal(shown.given_name, 'Siân');
  assert.equal(shown.uln, undefined);
  assert.deepEqual(shown.events, [{ grade: 'B' }]);
  ok("learning-record --verify accepts the library's presentation and key binding");

  r = runVerify('their-presentation.sd-jwt', 'their-issuer.jwk',
                ['--audience', 'https://employer.example', '--nonce', 'another']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /\(nonce\)/);
  ok('learning-record --verify refuses it with the wrong nonce');
}

console.log('1..6');
await checkOurs();
await checkTheirs();
