// SPDX-License-Identifier: MIT
// Starts the real relaydesk binary and builds pusher-js, server SDK and Laravel Echo clients pointed at it.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Pusher = require('pusher');
const PusherJS = require('pusher-js');

const binary = process.env.RELAYDESK_BINARY;
if (!binary) throw new Error('set RELAYDESK_BINARY to the relaydesk executable');

const app = { id: 'my-app', key: 'my-key', secret: 'my-secret' };
const masterKeyBase64 = Buffer.alloc(32, 7).toString('base64');

/// Starts `relaydesk --no-gui` with a config file (and `args`, e.g. ['--tls', '--tls-dir', dir]); resolves
/// once it prints its listening line, with everything it printed so far in `stdout`.
function startRelay({ appConfig = {}, serverConfig = {}, port = 0, args = [] } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relaydesk-node-'));
  const configPath = path.join(dir, 'config.json');
  fs.writeFileSync(configPath, JSON.stringify({ ...serverConfig, apps: [{ ...app, ...appConfig }] }));
  const child = spawn(binary, ['--no-gui', '--port', String(port), '--config', configPath, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let started = false;
    const onData = (chunk) => {
      stdout += chunk;
      const match = /listening on https?:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (started || !match || !stdout.includes('\n', match.index)) return;
      started = true;
      const relay = {
        port: Number(match[1]),
        child,
        dir,
        output: () => stdout,
        exited,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const result = await exited;
          fs.rmSync(dir, { recursive: true, force: true });
          return result;
        },
      };
      resolve(relay);
    };
    child.stdout.on('data', onData);
    exited.then(({ code }) => reject(new Error(`relaydesk exited with ${code} before listening: ${stderr}`)));
  });
}

function serverSdk(relay, overrides = {}) {
  return new Pusher({
    appId: app.id, key: app.key, secret: app.secret, host: '127.0.0.1', port: String(relay.port), useTLS: false,
    encryptionMasterKeyBase64: masterKeyBase64, ...overrides,
  });
}

/// pusher-js options for the relay; the app's "backend" signs with the server SDK, as a Laravel app would.
function clientOptions(relay, { user, sdk = serverSdk(relay), ...extra } = {}) {
  return {
    wsHost: '127.0.0.1', wsPort: relay.port, forceTLS: false, enabledTransports: ['ws'], cluster: 'mt1',
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        try {
          const presence = channelName.startsWith('presence-') ? { user_id: user.id, user_info: user.info || {} } : undefined;
          callback(null, sdk.authorizeChannel(socketId, channelName, presence));
        } catch (error) {
          callback(error, null);
        }
      },
    },
    userAuthentication: {
      customHandler: ({ socketId }, callback) => callback(null, sdk.authenticateUser(socketId, { id: user.id, ...(user.info || {}) })),
    },
    ...extra,
  };
}

function pusherClient(relay, options = {}, key = app.key) {
  return new PusherJS(key, clientOptions(relay, options));
}

/// Resolves with the data of the first emission of `event` on a pusher-js emitter (channel, connection, user).
function once(emitter, event, timeoutMs = 5000) {
  return onceWithMetadata(emitter, event, timeoutMs).then(({ data }) => data);
}

/// As once(), with the metadata pusher-js passes along (e.g. user_id of a client event on a presence channel).
function onceWithMetadata(emitter, event, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), timeoutMs);
    const handler = (data, metadata) => {
      clearTimeout(timer);
      emitter.unbind(event, handler);
      resolve({ data, metadata });
    };
    emitter.bind(event, handler);
  });
}

function connected(client, timeoutMs = 5000) {
  if (client.connection.state === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not connected: ${client.connection.state}`)), timeoutMs);
    client.connection.bind('connected', () => { clearTimeout(timer); resolve(); });
  });
}

async function subscribed(client, name) {
  const channel = client.subscribe(name);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subscription to ${name} timed out`)), 5000);
    channel.bind('pusher:subscription_succeeded', () => { clearTimeout(timer); resolve(); });
    channel.bind('pusher:subscription_error', (error) => { clearTimeout(timer); reject(new Error(JSON.stringify(error))); });
  });
  return channel;
}

/// The Pusher error code in a pusher-js connection error, whichever way it is wrapped.
const errorCode = (error) => error?.data?.code ?? error?.error?.data?.code;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/// Polls `predicate` until it is true (for "nothing else arrived" checks use a round trip instead).
async function eventually(predicate, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

module.exports = { app, masterKeyBase64, startRelay, serverSdk, clientOptions, pusherClient, once, onceWithMetadata, connected, subscribed, sleep, errorCode, eventually, PusherJS };
