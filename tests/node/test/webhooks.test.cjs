// SPDX-License-Identifier: MIT
// The relay's webhooks checked by the pusher server SDK's own validator (pusher.webhook().isValid()), driven by
// pusher-js clients: presence, channel existence, client events, and a wrong secret refused.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { startRelay, serverSdk, pusherClient, connected, subscribed, eventually } = require('../lib/relay.cjs');

let relay;
let receiver;
const received = []; // { webhook, valid, events } per request, in arrival order
const clients = [];
const client = (options) => { const c = pusherClient(relay, options); clients.push(c); return c; };

/// A plain Node HTTP server as an app's backend would run it: raw body, headers, and the SDK's validator.
function startReceiver() {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      let rawBody = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => { rawBody += chunk; });
      req.on('end', () => {
        const webhook = serverSdk(relay).webhook({ headers: req.headers, rawBody });
        received.push({ webhook, valid: webhook.isValid(), events: webhook.isValid() ? webhook.getEvents() : [] });
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('ok');
      });
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const events = () => received.flatMap((r) => r.events);
const named = (name) => events().filter((e) => e.name === name);

test.before(async () => {
  receiver = await startReceiver();
  // One request in flight per URL, so that requests arrive in the order the events happened.
  relay = await startRelay({ serverConfig: { webhook_max_in_flight: 1 }, appConfig: {
    webhooks: [{ url: `http://127.0.0.1:${receiver.address().port}/pusher/webhooks` }],
    webhook_hold_back_ms: 300,
  } });
});
test.afterEach(() => { while (clients.length) clients.pop().disconnect(); });
test.after(async () => { await relay.stop(); receiver.close(); });

test('presence: occupied, member_added and, after the hold-back, member_removed and vacated, all valid', async () => {
  received.length = 0;
  const alice = client({ user: { id: 'alice', info: { name: 'Alice' } } });
  await connected(alice);
  await subscribed(alice, 'presence-lobby');
  await eventually(() => named('member_added').length === 1);
  const validator = received[0].webhook;
  assert.equal(received.every((r) => r.valid), true);
  assert.equal(typeof validator.getTime().getTime(), 'number');
  assert.deepEqual(events().slice(0, 2), [
    { name: 'channel_occupied', channel: 'presence-lobby' },
    { name: 'member_added', channel: 'presence-lobby', user_id: 'alice' },
  ]);
  alice.unsubscribe('presence-lobby');
  await eventually(() => named('channel_vacated').length === 1);
  assert.deepEqual(events().slice(2), [
    { name: 'member_removed', channel: 'presence-lobby', user_id: 'alice' },
    { name: 'channel_vacated', channel: 'presence-lobby' },
  ]);
  assert.equal(received.every((r) => r.valid), true);
});

test('a client event reaches the backend with its sender', async () => {
  received.length = 0;
  const alice = client({ user: { id: 'a1' } });
  const bob = client({ user: { id: 'b2' } });
  await Promise.all([connected(alice), connected(bob)]);
  const channel = await subscribed(alice, 'presence-chat');
  await subscribed(bob, 'presence-chat');
  channel.trigger('client-typing', { text: 'hi' });
  await eventually(() => named('client_event').length === 1);
  const [event] = named('client_event');
  assert.deepEqual(event, { name: 'client_event', channel: 'presence-chat', event: 'client-typing',
    data: JSON.stringify({ text: 'hi' }), socket_id: alice.connection.socket_id, user_id: 'a1' });
  assert.equal(received.every((r) => r.valid), true);
});

test('the validator refuses the same request checked with another secret', async () => {
  received.length = 0;
  const c = client();
  await connected(c);
  await subscribed(c, 'orders');
  await eventually(() => received.length >= 1);
  const { webhook } = received[0];
  const impostor = serverSdk(relay, { secret: 'not-the-secret' })
    .webhook({ headers: { 'x-pusher-key': webhook.key, 'x-pusher-signature': webhook.signature,
      'content-type': webhook.contentType }, rawBody: webhook.body });
  assert.equal(webhook.isValid(), true);
  assert.equal(impostor.isValid(), false);
});
