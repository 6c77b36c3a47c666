// SPDX-License-Identifier: MIT
// The Pusher server SDK against the relay's REST API: trigger, batch, channel and user queries, rejections.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { app, startRelay, serverSdk, pusherClient, once, subscribed } = require('../lib/relay.cjs');

let relay;
const clients = [];
const client = (options) => { const c = pusherClient(relay, options); clients.push(c); return c; };

test.before(async () => { relay = await startRelay(); });
test.afterEach(() => { while (clients.length) clients.pop().disconnect(); });
test.after(async () => { await relay.stop(); });

test('trigger to several channels, excluding a socket, answers {}', async () => {
  const a = client();
  const b = client();
  const c = client();
  const aChannel = await subscribed(a, 'alpha');
  const cChannel = await subscribed(c, 'beta');
  const bOnAlpha = await subscribed(b, 'alpha');
  const gotA = once(aChannel, 'ping');
  const gotC = once(cChannel, 'ping');
  let excludedGot = false;
  bOnAlpha.bind('ping', () => { excludedGot = true; });
  const response = await serverSdk(relay).trigger(['alpha', 'beta'], 'ping', { n: 1 }, { socket_id: b.connection.socket_id });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {});
  assert.deepEqual(await gotA, { n: 1 });
  assert.deepEqual(await gotC, { n: 1 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(excludedGot, false);
});

test('trigger with info returns the channel attributes', async () => {
  await subscribed(client({ user: { id: 'u1' } }), 'presence-lobby');
  const response = await serverSdk(relay).trigger(['presence-lobby'], 'hi', {}, { info: 'user_count,subscription_count' });
  assert.deepEqual(await response.json(), { channels: { 'presence-lobby': { user_count: 1, subscription_count: 1 } } });
});

test('batch trigger delivers every event', async () => {
  const channel = await subscribed(client(), 'batched');
  const events = [];
  const both = new Promise((resolve) => channel.bind('item', (data) => { events.push(data); if (events.length === 2) resolve(); }));
  const response = await serverSdk(relay).triggerBatch([
    { channel: 'batched', name: 'item', data: { i: 1 } },
    { channel: 'batched', name: 'item', data: { i: 2 } },
  ]);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {});
  await both;
  assert.deepEqual(events, [{ i: 1 }, { i: 2 }]);
});

test('channel queries: list with prefix and info, one channel, presence users', async () => {
  await subscribed(client({ user: { id: 'ann' } }), 'presence-team');
  await subscribed(client({ user: { id: 'ben' } }), 'presence-team');
  await subscribed(client(), 'team-news');
  const sdk = serverSdk(relay);
  const all = await (await sdk.get({ path: '/channels' })).json();
  assert.deepEqual(all.channels['team-news'], {});
  assert.ok('presence-team' in all.channels);
  const presence = await (await sdk.get({ path: '/channels', params: { filter_by_prefix: 'presence-', info: 'user_count' } })).json();
  assert.deepEqual(presence, { channels: { 'presence-team': { user_count: 2 } } });
  const one = await (await sdk.get({ path: '/channels/presence-team', params: { info: 'user_count,subscription_count' } })).json();
  assert.deepEqual(one, { occupied: true, user_count: 2, subscription_count: 2 });
  const empty = await (await sdk.get({ path: '/channels/nobody-here' })).json();
  assert.deepEqual(empty, { occupied: false });
  const users = await (await sdk.get({ path: '/channels/presence-team/users' })).json();
  assert.deepEqual(users, { users: [{ id: 'ann' }, { id: 'ben' }] });
});

test('user_count on a non-presence channel is a 400', async () => {
  await assert.rejects(serverSdk(relay).get({ path: '/channels/team-news', params: { info: 'user_count' } }),
    (error) => error.status === 400);
});

test('a wrong key is rejected with 401', async () => {
  await assert.rejects(serverSdk(relay, { key: 'other-key' }).trigger('x', 'e', {}),
    (error) => error.status === 401 && /auth_key/.test(error.body));
});

test('a wrong secret is rejected with 401 that shows the signed string, not the expected signature', async () => {
  await assert.rejects(serverSdk(relay, { secret: 'wrong' }).trigger('x', 'e', {}), (error) => {
    assert.equal(error.status, 401);
    assert.match(error.body, /Invalid signature/);
    assert.match(error.body, /POST\\n\/apps\/my-app\/events\\nauth_key=my-key/);
    return true;
  });
});

test('a stale timestamp is rejected with 401', async () => {
  const body = JSON.stringify({ name: 'e', channels: ['x'], data: '{}' });
  const params = {
    auth_key: app.key, auth_timestamp: String(Math.floor(Date.now() / 1000) - 601), auth_version: '1.0',
    body_md5: crypto.createHash('md5').update(body).digest('hex'),
  };
  const query = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join('&');
  const signature = crypto.createHmac('sha256', app.secret).update(`POST\n/apps/my-app/events\n${query}`).digest('hex');
  const response = await fetch(`http://127.0.0.1:${relay.port}/apps/my-app/events?${query}&auth_signature=${signature}`,
    { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  assert.equal(response.status, 401);
  assert.match(await response.text(), /Timestamp expired/);
});

test('a tampered body fails the body_md5 check', async () => {
  const sdk = serverSdk(relay);
  const body = JSON.stringify({ name: 'e', channels: ['x'], data: '{}' });
  const query = sdk.createSignedQueryString({ method: 'POST', path: '/apps/my-app/events', body });
  const response = await fetch(`http://127.0.0.1:${relay.port}/apps/my-app/events?${query}`,
    { method: 'POST', body: body.replace('"e"', '"f"'), headers: { 'content-type': 'application/json' } });
  assert.equal(response.status, 401);
  assert.match(await response.text(), /body_md5/);
});

test('the Bearer API keeps its own shapes on the same path', async () => {
  const response = await fetch(`http://127.0.0.1:${relay.port}/apps/my-app/events`, {
    method: 'POST', headers: { authorization: 'Bearer my-secret', 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'chat', event: 'message', data: '{}' }),
  });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { ok: true });
});
