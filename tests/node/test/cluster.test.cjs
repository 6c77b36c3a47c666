// SPDX-License-Identifier: MIT
// Two relays behind one Redis: pusher-js on one node, the pusher server SDK talking to the other.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { startRelay, serverSdk, pusherClient, once, connected, subscribed, eventually } = require('../lib/relay.cjs');

const haveRedis = spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;
const skip = haveRedis ? false : 'redis-server is not installed (packaging/setup.sh installs it)';

let redis;
let redisDir;
let nodeA;
let nodeB;
const clients = [];
const client = (relay, options) => { const c = pusherClient(relay, options); clients.push(c); return c; };

const freePort = () => new Promise((resolve) => {
  const server = net.createServer();
  server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
});

async function healthy(relay) {
  await eventually(async () => (await fetch(`http://127.0.0.1:${relay.port}/health`)).status === 200, 10000);
}

test.before(async () => {
  if (skip) return;
  const port = await freePort();
  redisDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relaydesk-redis-'));
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--dir', redisDir], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  nodeA = await startRelay({ args: ['--redis', url, '--node', 'a'] });
  nodeB = await startRelay({ args: ['--redis', url, '--node', 'b'] });
  await healthy(nodeA);
  await healthy(nodeB);
});
test.afterEach(() => { while (clients.length) clients.pop().disconnect(); });
test.after(async () => {
  if (skip) return;
  await nodeA.stop();
  await nodeB.stop();
  redis.kill('SIGKILL');
  fs.rmSync(redisDir, { recursive: true, force: true });
});

test('the SDK triggers on one node, pusher-js receives on the other', { skip }, async () => {
  const c = client(nodeA);
  await connected(c);
  const channel = await subscribed(c, 'orders');
  const received = once(channel, 'created');
  const response = await serverSdk(nodeB).trigger('orders', 'created', { id: 7 });
  assert.equal(response.status, 200);
  assert.deepEqual(await received, { id: 7 });
});

test('presence members and the users list span both nodes', { skip }, async () => {
  const alice = client(nodeA, { user: { id: 'alice' } });
  const bob = client(nodeB, { user: { id: 'bob' } });
  const aliceRoom = await subscribed(alice, 'presence-lobby');
  // Nodes learn each other's members through Redis: wait until node B knows alice before bob joins there.
  await eventually(async () => {
    const response = await serverSdk(nodeB).get({ path: '/channels/presence-lobby/users' });
    return (await response.json()).users.length === 1;
  });
  const joined = once(aliceRoom, 'pusher:member_added');
  const bobRoom = await subscribed(bob, 'presence-lobby');
  assert.equal(bobRoom.members.count, 2);
  assert.equal((await joined).id, 'bob');
  await eventually(async () => {
    const response = await serverSdk(nodeB).get({ path: '/channels/presence-lobby/users' });
    return (await response.json()).users.length === 2;
  });
  const info = await serverSdk(nodeA).get({ path: '/channels/presence-lobby', params: { info: 'user_count' } });
  assert.equal((await info.json()).user_count, 2);
});

test('sendToUser on one node reaches the signed-in user on the other', { skip }, async () => {
  const c = client(nodeA, { user: { id: 'u9' } });
  await connected(c);
  c.signin();
  await c.user.signinDonePromise;
  await eventually(() => c.user.serverToUserChannel?.subscribed === true);
  const notice = once(c.user, 'notice');
  const response = await serverSdk(nodeB).sendToUser('u9', 'notice', { text: 'across' });
  assert.equal(response.status, 200);
  assert.deepEqual(await notice, { text: 'across' });
});
