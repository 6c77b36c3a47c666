// SPDX-License-Identifier: MIT
// --tls: the relay creates its CA, says how to trust it, and Node clients that trust it through
// NODE_EXTRA_CA_CERTS (read only at Node's start, hence a child process) speak wss and https to it.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startRelay, pusherClient, connected, subscribed, once, serverSdk } = require('../lib/relay.cjs');

let relay;
let tlsDir;

test.before(async () => {
  tlsDir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'relaydesk-tls-'));
  relay = await startRelay({ args: ['--tls', '--tls-dir', tlsDir] });
});
test.after(async () => {
  await relay.stop();
  fs.rmSync(tlsDir, { recursive: true, force: true });
});

test('the start-up message names the CA and how to trust it', async () => {
  const ca = path.join(tlsDir, 'ca.crt');
  const { eventually } = require('../lib/relay.cjs');
  await eventually(() => relay.output().includes('certutil'));
  const output = relay.output();
  assert.match(output, /listening on https:\/\/127\.0\.0\.1:\d+ and http:\/\/127\.0\.0\.1:\d+/);
  assert.ok(output.includes(`export NODE_EXTRA_CA_CERTS=${ca}`), output);
  assert.ok(output.includes(`sudo cp ${ca} /usr/local/share/ca-certificates/relaydesk-ca.crt && sudo update-ca-certificates`), output);
  assert.ok(output.includes('certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n'), output);
  for (const file of ['ca.crt', 'ca.key', 'localhost.crt', 'localhost.key']) assert.ok(fs.existsSync(path.join(tlsDir, file)), file);
  assert.equal(fs.statSync(path.join(tlsDir, 'localhost.key')).mode & 0o777, 0o600);
});

test('pusher-js with forceTLS and the pusher SDK with useTLS, trusting the CA through NODE_EXTRA_CA_CERTS', () => {
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: path.join(tlsDir, 'ca.crt'), RELAY_TLS_TEST_PORT: String(relay.port) };
  delete env.NODE_TEST_CONTEXT; // a child of the test runner would report to it instead of printing TAP
  const child = spawnSync(process.execPath, ['--test', '--test-reporter=tap', path.join(__dirname, '..', 'tls', 'clients.cjs')], {
    env,
    encoding: 'utf8',
    timeout: 120000,
  });
  assert.equal(child.status, 0, `${child.stdout}\n${child.stderr}`);
  assert.match(child.stdout, /# fail 0/);
  assert.doesNotMatch(child.stdout, /# pass 0\b/);
  console.log(child.stdout.split('\n').filter((line) => /^(not )?ok /.test(line)).join('\n'));
});

test('without the CA, the same client is refused: the trust above is what made it work', async () => {
  const client = pusherClient(relay, { forceTLS: true, wssPort: relay.port, enabledTransports: ['ws', 'wss'] });
  try {
    await assert.rejects(connected(client, 3000));
  } finally {
    client.disconnect();
  }
});

test('plain ws keeps working on the same port', async () => {
  const client = pusherClient(relay);
  try {
    const channel = await subscribed(client, 'plain-news');
    const received = once(channel, 'headline');
    await serverSdk(relay).trigger('plain-news', 'headline', { over: 'ws' });
    assert.deepEqual(await received, { over: 'ws' });
  } finally {
    client.disconnect();
  }
});
