// SPDX-License-Identifier: MIT
#pragma once

#include "auth/signer.h"
#include "cachechannels.h"
#include "channels/channelregistry.h"
#include "channels/historystore.h"
#include "config/relayconfig.h"

namespace Relay {

/// Webhook deliveries of one app: requests answered 2xx, failed attempts, retries scheduled, and deliveries
/// dropped (retry window over, queue overflow, shutdown).
struct WebhookCounters {
    quint64 sent = 0;
    quint64 failed = 0;
    quint64 retried = 0;
    quint64 dropped = 0;
};

/// Counters of one app, as /stats reports them.
struct AppCounters {
    int connections = 0;
    quint64 eventsPublished = 0;
    quint64 messagesDelivered = 0;
    WebhookCounters webhooks;
};

/// Everything the relay keeps for one app. Owned by the hub; single-threaded.
struct AppState {
    explicit AppState(AppConfig appConfig, int eventLogSize)
        : config(std::move(appConfig))
        , history(config.historySize, eventLogSize)
        , signer(config.key, config.secret)
    {
    }

    AppConfig config;
    ChannelRegistry channels;
    HistoryStore history;
    ChannelSigner signer;
    AppCounters counters;
    CacheChannels cache; ///< last event per cache channel
};

} // namespace Relay
