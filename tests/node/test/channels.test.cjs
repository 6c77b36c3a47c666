// SPDX-License-Identifier: MIT
// Channel types through pusher-js: public, private, presence, client events, encrypted, cache, subscription_count.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startRelay, serverSdk, pusherClient, connected, once, onceWithMetadata, subscribed, sleep, masterKeyBase64 } =
  require('../lib/relay.cjs');

let relay;
const clients = [];
const client = (options) => { const c = pusherClient(relay, options); clients.push(c); return c; };

test.before(async () => {
  relay = await startRelay({ appConfig: { encryption_master_key_base64: masterKeyBase64, enable_subscription_count: true } });
});
test.afterEach(() => { while (clients.length) clients.pop().disconnect(); });
test.after(async () => { await relay.stop(); });

test('public channel receives a server event', async () => {
  const channel = await subscribed(client(), 'public-news');
  const received = once(channel, 'headline');
  await serverSdk(relay).trigger('public-news', 'headline', { title: 'hello' });
  assert.deepEqual(await received, { title: 'hello' });
});

test('private channel subscription is signed by the app backend', async () => {
  const channel = await subscribed(client({ user: { id: '1' } }), 'private-orders');
  const received = once(channel, 'created');
  await serverSdk(relay).trigger('private-orders', 'created', { id: 7 });
  assert.deepEqual(await received, { id: 7 });
});

test('a private subscription signed with the wrong secret fails', async () => {
  const wrong = serverSdk(relay, { secret: 'not-the-secret' });
  const c = client({ user: { id: '1' }, sdk: wrong });
  const channel = c.subscribe('private-orders');
  const error = await once(channel, 'pusher:subscription_error');
  assert.equal(error.status, 401);
});

test('presence: members, member_added and member_removed', async () => {
  const alice = client({ user: { id: 'alice', info: { name: 'Alice' } } });
  const aliceChannel = await subscribed(alice, 'presence-room');
  assert.equal(aliceChannel.members.count, 1);
  const added = once(aliceChannel, 'pusher:member_added');
  const bob = client({ user: { id: 'bob', info: { name: 'Bob' } } });
  const bobChannel = await subscribed(bob, 'presence-room');
  assert.equal(bobChannel.members.count, 2);
  assert.deepEqual(bobChannel.members.get('alice').info, { name: 'Alice' });
  assert.deepEqual(await added, { id: 'bob', info: { name: 'Bob' } });
  const removed = once(aliceChannel, 'pusher:member_removed');
  bob.unsubscribe('presence-room');
  assert.equal((await removed).id, 'bob');
});

test('client events reach the others on a presence channel with user_id, never the sender', async () => {
  const alice = client({ user: { id: 'alice' } });
  const bob = client({ user: { id: 'bob' } });
  const aliceChannel = await subscribed(alice, 'presence-chat');
  const bobChannel = await subscribed(bob, 'presence-chat');
  let echoed = false;
  aliceChannel.bind('client-typing', () => { echoed = true; });
  const received = onceWithMetadata(bobChannel, 'client-typing');
  assert.equal(aliceChannel.trigger('client-typing', { typing: true }), true);
  const { data, metadata } = await received;
  assert.deepEqual(data, { typing: true });
  assert.equal(metadata.user_id, 'alice');
  await sleep(100);
  assert.equal(echoed, false);
});

test('encrypted channel: the server SDK encrypts, pusher-js decrypts with the shared secret', async () => {
  const channel = await subscribed(client({ user: { id: '1' } }), 'private-encrypted-secrets');
  const received = once(channel, 'secret');
  await serverSdk(relay).trigger('private-encrypted-secrets', 'secret', { code: 42 });
  assert.deepEqual(await received, { code: 42 });
});

test("encrypted channel: the relay's own auth endpoint returns the same shared_secret", async () => {
  const c = pusherClient(relay, {
    channelAuthorization: {
      customHandler: async ({ socketId, channelName }, callback) => {
        const response = await fetch(`http://127.0.0.1:${relay.port}/apps/my-app/auth`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ socket_id: socketId, channel_name: channelName }),
        });
        callback(null, await response.json());
      },
    },
  });
  clients.push(c);
  const channel = await subscribed(c, 'private-encrypted-vault');
  const received = once(channel, 'opened');
  await serverSdk(relay).trigger('private-encrypted-vault', 'opened', 'by the SDK');
  assert.equal(await received, 'by the SDK');
});

test('cache channel: a miss first, then the last event replayed to a new subscriber', async () => {
  const first = client();
  const channel = first.subscribe('cache-prices');
  await once(channel, 'pusher:cache_miss');
  await serverSdk(relay).trigger('cache-prices', 'price', { eur: 1 });
  await serverSdk(relay).trigger('cache-prices', 'price', { eur: 2 });
  const second = client();
  const late = second.subscribe('cache-prices');
  assert.deepEqual(await once(late, 'price'), { eur: 2 });
});

test('subscription_count is sent when the app enables it', async () => {
  const first = client();
  const channel = first.subscribe('counted');
  const one = await once(channel, 'pusher:subscription_count');
  assert.equal(one.subscription_count, 1);
  const two = once(channel, 'pusher:subscription_count');
  await subscribed(client(), 'counted');
  assert.equal((await two).subscription_count, 2);
  assert.equal(channel.subscriptionCount, 2);
});

test('connected helper: several clients at once', async () => {
  const many = [client(), client(), client()];
  await Promise.all(many.map((c) => connected(c)));
  const ids = new Set(many.map((c) => c.connection.socket_id));
  assert.equal(ids.size, 3);
});
