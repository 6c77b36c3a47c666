// SPDX-License-Identifier: MIT
// Run by test/tls.test.cjs in a Node started with NODE_EXTRA_CA_CERTS=<the relay's ca.crt>, against the
// relay on RELAY_TLS_TEST_PORT: pusher-js with forceTLS and the pusher SDK with useTLS, nothing plain.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { pusherClient, serverSdk, connected, subscribed, once } = require('../lib/relay.cjs');

const relay = { port: Number(process.env.RELAY_TLS_TEST_PORT) };
const clients = [];
const sdk = serverSdk(relay, { useTLS: true });
const client = (options) => {
  const c = pusherClient(relay, { sdk, forceTLS: true, wssPort: relay.port, enabledTransports: ['ws', 'wss'], ...options });
  clients.push(c);
  return c;
};

test.afterEach(() => { while (clients.length) clients.pop().disconnect(); });

test('pusher-js connects over wss', async () => {
  const c = client();
  await connected(c);
  assert.equal(c.connection.state, 'connected');
  assert.equal(c.config.useTLS, true);
});

test('public channel: the SDK triggers over https, pusher-js receives over wss', async () => {
  const channel = await subscribed(client(), 'tls-news');
  const received = once(channel, 'headline');
  await sdk.trigger('tls-news', 'headline', { title: 'secure' });
  assert.deepEqual(await received, { title: 'secure' });
});

test('private channel auth', async () => {
  const channel = await subscribed(client({ user: { id: '1' } }), 'private-tls-orders');
  const received = once(channel, 'created');
  await sdk.trigger('private-tls-orders', 'created', { id: 9 });
  assert.deepEqual(await received, { id: 9 });
});

test('presence: members over wss, users over https', async () => {
  const alice = client({ user: { id: 'alice', info: { name: 'Alice' } } });
  const aliceChannel = await subscribed(alice, 'presence-tls-room');
  const added = once(aliceChannel, 'pusher:member_added');
  const bob = client({ user: { id: 'bob', info: { name: 'Bob' } } });
  const bobChannel = await subscribed(bob, 'presence-tls-room');
  assert.equal(bobChannel.members.count, 2);
  assert.deepEqual(await added, { id: 'bob', info: { name: 'Bob' } });
  const users = await (await sdk.get({ path: '/channels/presence-tls-room/users' })).json();
  assert.deepEqual(users.users.map((u) => u.id).sort(), ['alice', 'bob']);
});

test('channel queries over https', async () => {
  await subscribed(client(), 'tls-query');
  const response = await sdk.get({ path: '/channels', params: { filter_by_prefix: 'tls-' } });
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.ok(Object.keys(body.channels).includes('tls-query'), JSON.stringify(body));
  const one = await (await sdk.get({ path: '/channels/tls-query', params: { info: 'subscription_count' } })).json();
  assert.equal(one.occupied, true);
  assert.equal(one.subscription_count, 1);
});

test('the SDK really uses https', () => {
  assert.equal(sdk.config.scheme, 'https');
});
