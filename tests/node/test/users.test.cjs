// SPDX-License-Identifier: MIT
// User authentication: pusher:signin, sendToUser through #server-to-user-{id}, terminateUserConnections.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startRelay, serverSdk, pusherClient, once, connected, errorCode, sleep } = require('../lib/relay.cjs');

let relay;
const clients = [];
const client = (options) => { const c = pusherClient(relay, options); clients.push(c); return c; };

test.before(async () => { relay = await startRelay(); });
test.afterEach(() => { while (clients.length) clients.pop().disconnect(); });
test.after(async () => { await relay.stop(); });

async function signedIn(user) {
  const c = client({ user });
  await connected(c);
  c.signin();
  await c.user.signinDonePromise;
  assert.equal(c.user.user_data.id, user.id);
  // pusher-js subscribes to #server-to-user-{id} right after signin_success.
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no server-to-user subscription')), 5000);
    const poll = () => (c.user.serverToUserChannel?.subscribed ? (clearTimeout(timer), resolve()) : setTimeout(poll, 10));
    poll();
  });
  return c;
}

test('sign-in, then sendToUser reaches every socket of that user only', async () => {
  const phone = await signedIn({ id: 'u42', info: { name: 'Zoe' } });
  const laptop = await signedIn({ id: 'u42' });
  const other = await signedIn({ id: 'u7' });
  let otherGot = false;
  other.user.bind('notice', () => { otherGot = true; });
  const onPhone = once(phone.user, 'notice');
  const onLaptop = once(laptop.user, 'notice');
  const response = await serverSdk(relay).sendToUser('u42', 'notice', { text: 'hi' });
  assert.equal(response.status, 200);
  assert.deepEqual(await onPhone, { text: 'hi' });
  assert.deepEqual(await onLaptop, { text: 'hi' });
  await sleep(100);
  assert.equal(otherGot, false);
});

test('a sign-in signed with the wrong secret is refused with 4009', async () => {
  const c = client({ user: { id: 'mallory' }, sdk: serverSdk(relay, { secret: 'wrong' }) });
  await connected(c);
  const error = once(c.connection, 'error');
  c.signin();
  assert.equal(errorCode(await error), 4009);
});

test('a socket that is not signed in cannot subscribe to a user channel', async () => {
  const c = client();
  await connected(c);
  // pusher-js itself refuses '#' names, so send the raw frame a hand-written client would.
  const answer = new Promise((resolve) => c.connection.bind('message', (message) => {
    if (message.channel === '#server-to-user-u42') resolve(message);
  }));
  c.send_event('pusher:subscribe', { channel: '#server-to-user-u42' });
  const message = await answer;
  assert.equal(message.event, 'pusher:subscription_error');
  assert.equal(message.data.status, 401);
});

test('terminateUserConnections closes that user\'s sockets with 4009 and leaves the others', async () => {
  const victim = await signedIn({ id: 'gone' });
  const bystander = await signedIn({ id: 'stays' });
  const closed = once(victim.connection, 'error');
  const response = await serverSdk(relay).terminateUserConnections('gone');
  assert.equal(response.status, 200);
  assert.equal(errorCode(await closed), 4009);
  await sleep(300);
  assert.notEqual(victim.connection.state, 'connected');
  assert.equal(bystander.connection.state, 'connected');
});
