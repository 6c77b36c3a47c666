// SPDX-License-Identifier: MIT
// pusher-js connects in the Pusher dialect, is refused with Pusher's codes, and reconnects after 4200.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startRelay, pusherClient, connected, once, subscribed, serverSdk, errorCode, sleep } = require('../lib/relay.cjs');

test('pusher-js connects and gets a socket id', async () => {
  const relay = await startRelay();
  const client = pusherClient(relay);
  try {
    await connected(client);
    assert.match(client.connection.socket_id, /^\d+\.\d+$/);
  } finally {
    client.disconnect();
    await relay.stop();
  }
});

test('a wrong app key is refused with 4001 and not retried', async () => {
  const relay = await startRelay();
  const client = pusherClient(relay, {}, 'wrong-key');
  try {
    const error = await once(client.connection, 'error');
    assert.equal(errorCode(error), 4001);
    await sleep(500);
    assert.equal(client.connection.state, 'disconnected'); // 4000-4099: pusher-js does not retry
  } finally {
    client.disconnect();
    await relay.stop();
  }
});

test('a client reconnects after close code 4200 and resubscribes', async () => {
  const first = await startRelay();
  const port = first.port;
  const client = pusherClient(first);
  let second;
  try {
    await connected(client);
    const oldSocketId = client.connection.socket_id;
    await subscribed(client, 'news');
    const closed = once(client.connection, 'error', 8000); // pusher-js reports the 4200 close as an error
    await first.stop(); // SIGTERM: the relay closes every client with 4200
    const error = await closed;
    assert.equal(errorCode(error), 4200);
    second = await startRelay({ port });
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reconnect: ${client.connection.state}`)), 20000);
      const check = () => { if (client.connection.state === 'connected') { clearTimeout(timer); resolve(); } };
      client.connection.bind('connected', check);
      check();
    });
    assert.notEqual(client.connection.socket_id, oldSocketId);
    const channel = client.channel('news');
    await new Promise((resolve) => (channel.subscribed ? resolve() : channel.bind('pusher:subscription_succeeded', resolve)));
    const received = once(channel, 'story');
    await serverSdk(second).trigger('news', 'story', { n: 1 });
    assert.deepEqual(await received, { n: 1 });
  } finally {
    client.disconnect();
    if (second) await second.stop();
  }
});
