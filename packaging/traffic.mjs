// SPDX-License-Identifier: MIT
// Live demo traffic for a running relay: a few WebSocket clients (public, private and presence channels,
// client events) and HTTP publishes. Node 22+, or Node 20 with --experimental-websocket.
//   node traffic.mjs [host:port] [seconds]
import { createHmac } from "node:crypto";

const [address = "127.0.0.1:6001", seconds = "20"] = process.argv.slice(2);
const key = process.env.RELAY_APP_KEY ?? "my-key";
const secret = process.env.RELAY_APP_SECRET ?? "my-secret";
const appId = process.env.RELAY_APP_ID ?? "my-app";
const sign = (text) => `${key}:${createHmac("sha256", secret).update(text).digest("hex")}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function client(name, subscriptions, pusher = false, forge = false) {
  const ws = new WebSocket(`ws://${address}/app/${key}${pusher ? "?protocol=7&client=js&version=8.4.0" : ""}`);
  const prefix = pusher ? "pusher" : "relay";
  ws.onmessage = (message) => {
    const frame = JSON.parse(message.data);
    if (!frame.event.endsWith("connection_established")) return;
    const socketId = JSON.parse(frame.data).socket_id;
    for (const { channel, user } of subscriptions) {
      const data = { channel };
      if (user) {
        data.channel_data = JSON.stringify(user);
        data.auth = sign(`${socketId}:${channel}:${data.channel_data}`);
      } else if (channel.startsWith("private-")) {
        data.auth = forge ? `${key}:${"0".repeat(64)}` : sign(`${socketId}:${channel}`);
      }
      ws.send(JSON.stringify({ event: `${prefix}:subscribe`, data }));
    }
  };
  ws.name = name;
  return ws;
}

const people = [
  { user_id: "ada", user_info: { name: "Ada Lovelace", role: "admin" } },
  { user_id: "grace", user_info: { name: "Grace Hopper", role: "editor" } },
  { user_id: 42, user_info: { name: "Linus", role: "viewer" } },
];
const clients = people.map((user, i) =>
  client(user.user_id, [{ channel: "presence-lobby", user }, { channel: "chat" }, { channel: "private-orders.7" }], i === 1));
clients.push(client("dashboard", [{ channel: "stock-ticker" }, { channel: "chat" }]));
clients.push(client("bad-auth", [{ channel: "private-admin" }], false, true)); // shows an auth failure

async function publish(channel, event, data) {
  await fetch(`http://${address}/apps/${appId}/events`, {
    method: "POST",
    headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" },
    body: JSON.stringify({ channel, event, data: JSON.stringify(data) }),
  }).catch(() => {});
}

const end = Date.now() + Number(seconds) * 1000;
let n = 0;
await sleep(500);
while (Date.now() < end) {
  n++;
  await publish("stock-ticker", "price.updated", { symbol: ["ACME", "INIT", "QTQT"][n % 3], price: +(100 + Math.sin(n / 5) * 7).toFixed(2) });
  if (n % 3 === 0) await publish("chat", "message", { from: "server", text: `Build #${1200 + n} passed`, at: new Date().toISOString() });
  if (n % 5 === 0) await publish("private-orders.7", "order.shipped", { order: 7, carrier: "DHL", items: [{ sku: "RD-1", qty: 2 }] });
  if (n % 4 === 0 && clients[0].readyState === 1)
    clients[0].send(JSON.stringify({ event: "client-typing", channel: "presence-lobby", data: { typing: true } }));
  if (n === 25) clients[2].close();
  await sleep(120 + (n % 7) * 40);
}
for (const ws of clients) ws.close();
