// SPDX-License-Identifier: MIT
#pragma once

#include "appstate.h"
#include "connection.h"
#include "engine/broker.h"
#include "engine/store.h"
#include "hubobserver.h"
#include "protocol/frame.h"
#include "stats/changeserial.h"
#include "stats/relayfeed.h"
#include "stats/relaymetrics.h"

#include <QElapsedTimer>
#include <QHash>

#include <functional>
#include <memory>
#include <vector>

namespace Relay {

/// An event to publish through the HTTP API.
struct Publication {
    QString channel;
    QString event;
    QString data; ///< JSON-encoded string
    QString excludeSocketId;
};

/// How a connection ended, as the inspector shows it.
struct CloseNote {
    int code = 0; ///< 0: no close frame
    QString reason;
    bool byServer = false;
};

/// The relay's state and rules, independent of sockets and HTTP: apps, connections, subscriptions, presence,
/// publishing, client events, history and counters. Single-threaded (lives in the relay's thread).
class Hub final : public BrokerSink, public StoreSink {
public:
    /// Messages for many connections leave through `outlet` (the transport), which must outlive the hub.
    Hub(const RelayConfig &config, Outlet &outlet);
    ~Hub() override;

    /// Sends what other nodes must see through `broker` (not owned; nullptr: this node is alone) and takes
    /// theirs as the broker's sink.
    void setBroker(Broker *broker);
    Broker &broker() { return *m_broker; }
    /// Another node's event or terminate request, for this node's sockets.
    void received(const BrokerMessage &message) override;
    /// Keeps the cluster's shared state in `store` (not owned; nullptr: this node is alone).
    void setStore(Store *store);
    const Store &store() const { return *m_store; }
    void remoteMemberJoined(const QString &appId, const QString &channel, const PresenceMember &member) override;
    void remoteMemberLeft(const QString &appId, const QString &channel, const PresenceMember &member, bool nodeGone) override;
    void remoteSubscribersChanged(const QString &appId, const QString &channel, bool nodeGone) override;
    QByteArray snapshot() const override;
    void adoptSnapshot(const QByteArray &snapshot) override;
    /// Subscribers of `channel` on every node.
    qsizetype clusterSubscribers(const AppState &app, const QString &channel) const;
    /// Members of a presence channel on every node: this node's in join order, then the others'.
    QList<PresenceMember> clusterMembers(const AppState &app, const QString &channel) const;
    /// Channels with subscribers on any node, sorted by name.
    QStringList clusterChannels(const AppState &app) const;

    const RelayConfig &config() const { return m_config; }
    AppState *appById(QStringView id);
    AppState *appByKey(QStringView key);
    const std::vector<std::unique_ptr<AppState>> &apps() const { return m_apps; }

    /// Registers a connection of `app`; OverConnectionQuota when a server or app limit is reached.
    Status admit(Connection &connection, AppState &app);
    /// Unsubscribes everything the connection held and forgets it. Safe to call twice.
    void remove(Connection &connection, const CloseNote &close = {});

    /// Handles one decoded client frame; errors come back for the caller to report.
    Status handle(Connection &connection, const ClientFrame &frame);

    /// Checks the publication against the app's limits (channel name, event name, payload size, valid Unicode,
    /// socket id), then delivers it to every subscriber except the excluded socket and records it in history.
    Status publish(AppState &app, const Publication &publication);
    /// All or nothing: every publication is checked before the first is delivered. On error nothing is
    /// published and `failedIndex` (if given) receives the index of the offending publication.
    Status publish(AppState &app, const QList<Publication> &publications, qsizetype *failedIndex = nullptr);

    /// Tells `observer` (or nobody, with nullptr) about channel life from now on; not owned.
    void setObserver(HubObserver *observer) { m_observer = observer; }

    int connectionCount() const { return int(m_connections.size()); }
    qint64 uptimeSeconds() const { return m_started.elapsed() / 1000; }
    RelayFeed &feed() { return m_feed; }
    /// Counters for GET /metrics beyond the apps' own (see stats/metricstext.h).
    RelayMetrics &metrics() { return m_metrics; }
    const RelayMetrics &metrics() const { return m_metrics; }
    /// Every live connection, for shutdown and idle sweeps.
    QList<Connection *> connections() const;
    AppState *appOf(const Connection &connection) const;
    /// The channels a connection is subscribed to, by name; for observers.
    QStringList channelsOf(const Connection &connection) const;
    /// Who a connection is, for observers: the signed-in user, else its user id in a presence channel.
    QString userOf(const Connection &connection) const;
    /// Closes the connection with that socket id with `code` (1000-4999, not a reserved 1xxx code).
    Status closeSocket(const QString &socketId, int code, const QString &reason);

    /// Closes every connection signed in as `userId` with 4009, on every node; returns how many on this one.
    int terminateUserConnections(AppState &app, const QString &userId);
    /// Reports a rejected signature to the feed (channel auth, signin, REST); `failure` may be empty.
    void noteAuthFailure(const AppState &app, const QString &channel, const QString &event, const QString &socketId,
        const QString &message, const SignatureFailure &failure);
    /// Reports one answered HTTP API request to the feed (accepted or not): the one call the HTTP layer makes.
    void noteApiCall(const QString &method, const QString &path, int status, const QByteArray &body);
    /// Grows whenever connections, subscriptions, presence members or sign-ins change; readable from any
    /// thread, so that observers skip a snapshot (and leave the relay thread asleep) while it stands still.
    quint64 changeSerial() const { return m_changeSerial.value(); }
    /// Grows with every event published or sent by a client (channel event counts and delivery counters move);
    /// readable from any thread.
    quint64 eventSerial() const { return m_eventSerial.value(); }

private:
    struct Client;
    Status validate(const AppState &app, const Publication &publication) const;
    void deliver(AppState &app, const Publication &publication);
    Status subscribe(Client &client, const ClientFrame &frame);
    Status unsubscribe(Client &client, const ClientFrame &frame);
    Status clientEvent(Client &client, const ClientFrame &frame);
    void leave(Client &client, const QString &channel);
    /// channel_occupied (or channel_vacated) for this node's first subscriber (or last one gone), when the store
    /// decides that this node speaks for the cluster.
    void claimChannel(AppState &app, const QString &channel, bool occupied);
    int terminateLocal(AppState &app, const QString &userId);
    void deliverRemote(AppState &app, const BrokerMessage &message);
    /// The next event's id across the cluster (EventRecord::origin); empty for a node alone.
    QString nextOrigin();
    /// This node's share of `channel` for the store, after a change.
    void shareChannel(const AppState &app, const QString &channel, const QString &memberKey);
    // Pusher protocol features (hubpusher.cpp): sign-in, user channels, cache channels, subscription counts.
    Status signin(Client &client, const ClientFrame &frame);
    Status checkUserChannel(const Client &client, const QString &channel) const;
    void afterSubscribe(Client &client, const QString &channel, bool newlyJoined);
    /// subscription_count to every subscriber of a non-presence channel, when the app enables it.
    void sendSubscriptionCount(AppState &app, const QString &channel);
    /// Sends `frame` to the channel's subscribers except `skip`; returns how many received it.
    int broadcast(AppState &app, const Channel &channel, const QString &frame, SessionId skip);
    /// Sends the channel's subscribers except `skip` the message `encode` builds for their dialect, each
    /// dialect's message built once.
    void broadcastPerDialect(const Channel &channel, SessionId skip, const std::function<QString(Dialect)> &encode);
    /// A feed event about `client` with the common fields set; callers check m_feed.observed() first.
    static FeedEvent eventAbout(FeedEvent::Kind kind, const Client &client, const QString &channel,
        const QString &event = {}, const QString &detail = {});
    void note(FeedEvent::Kind kind, const Client &client, const QString &channel, const QString &event = {},
        const QString &detail = {});

    RelayConfig m_config;
    Outlet &m_outlet;
    std::vector<Connection *> m_recipients; ///< reused by every broadcast
    std::vector<Connection *> m_pusherRecipients;
    std::vector<std::unique_ptr<AppState>> m_apps;
    QHash<SessionId, Client *> m_connections;
    QHash<QString, SessionId> m_bySocketId;
    RelayFeed m_feed;
    RelayMetrics m_metrics;
    QElapsedTimer m_started;
    HubObserver *m_observer = nullptr;
    std::unique_ptr<Broker> m_ownBroker; ///< the in-memory one, while no other is set
    Broker *m_broker;
    std::unique_ptr<Store> m_ownStore;
    Store *m_store;
    QString m_originPrefix; ///< node name and start time, in a cluster
    quint64 m_originSequence = 0;
    ChangeSerial m_changeSerial;
    ChangeSerial m_eventSerial;
};

} // namespace Relay
