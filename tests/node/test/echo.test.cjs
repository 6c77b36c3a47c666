// SPDX-License-Identifier: MIT
// Laravel Echo with the pusher and the reverb broadcasters: listen, private, here/joining/leaving, whisper.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const Echo = require('laravel-echo').default;
const { startRelay, serverSdk, clientOptions, PusherJS } = require('../lib/relay.cjs');

let relay;
const echos = [];

test.before(async () => { relay = await startRelay(); });
test.afterEach(() => { while (echos.length) echos.pop().disconnect(); });
test.after(async () => { await relay.stop(); });

function makeEcho(broadcaster, user) {
  const options = clientOptions(relay, { user });
  const echo = new Echo({ broadcaster, key: 'my-key', Pusher: PusherJS, withoutInterceptors: true, ...options });
  echos.push(echo);
  return echo;
}

const withTimeout = (promise, what) => Promise.race([promise,
  new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), 5000))]);

for (const broadcaster of ['pusher', 'reverb']) {
  test(`${broadcaster}: listen on a public channel to a Laravel-style event`, async () => {
    const echo = makeEcho(broadcaster, { id: '1' });
    const received = new Promise((resolve) => echo.channel('orders').listen('.OrderShipped', resolve));
    await withTimeout(new Promise((resolve) => echo.connector.pusher.channel('orders').bind('pusher:subscription_succeeded', resolve)), 'subscribe');
    await serverSdk(relay).trigger('orders', 'OrderShipped', { id: 5 });
    assert.deepEqual(await withTimeout(received, 'event'), { id: 5 });
  });

  test(`${broadcaster}: private channel with the namespaced event name`, async () => {
    const echo = makeEcho(broadcaster, { id: '1' });
    const received = new Promise((resolve) => echo.private('user.1').listen('InvoicePaid', resolve));
    await withTimeout(new Promise((resolve) => echo.connector.pusher.channel('private-user.1').bind('pusher:subscription_succeeded', resolve)), 'subscribe');
    await serverSdk(relay).trigger('private-user.1', 'App\\Events\\InvoicePaid', { amount: 3 });
    assert.deepEqual(await withTimeout(received, 'event'), { amount: 3 });
  });

  test(`${broadcaster}: presence here, joining, leaving and whisper`, async () => {
    const room = `chat.${broadcaster}`;
    const alice = makeEcho(broadcaster, { id: 'alice', info: { name: 'Alice' } });
    const here = new Promise((resolve) => {
      const channel = alice.join(room).here(resolve);
      channel.joining((member) => joined(member)).leaving((member) => left(member));
    });
    let joined;
    let left;
    const joining = new Promise((resolve) => { joined = resolve; });
    const leaving = new Promise((resolve) => { left = resolve; });
    assert.deepEqual(await withTimeout(here, 'here'), [{ name: 'Alice' }]);
    const whispered = new Promise((resolve) => alice.join(room).listenForWhisper('typing', resolve));

    const bob = makeEcho(broadcaster, { id: 'bob', info: { name: 'Bob' } });
    const bobHere = new Promise((resolve) => bob.join(room).here(resolve));
    assert.equal((await withTimeout(bobHere, 'bob here')).length, 2);
    assert.deepEqual(await withTimeout(joining, 'joining'), { name: 'Bob' });
    bob.join(room).whisper('typing', { who: 'bob' });
    assert.deepEqual(await withTimeout(whispered, 'whisper'), { who: 'bob' });
    bob.leave(room);
    assert.deepEqual(await withTimeout(leaving, 'leaving'), { name: 'Bob' });
  });
}
