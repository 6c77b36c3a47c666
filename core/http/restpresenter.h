// SPDX-License-Identifier: MIT
#pragma once

#include "httprequest.h"
#include "reply.h"
#include "restmodel.h"

#include <functional>

class QJsonObject;

namespace Relay {

/// One REST dialect's shapes: how its requests name things and how its answers look. The relay's Bearer API
/// and Pusher's signed REST API each have one; the handlers between them are shared (resthandlers.h).
class RestPresenter {
public:
    virtual ~RestPresenter() = default;

    /// The events of a publish body: one event, or with `batch` the items of `"batch"` (at most `maxBatch`).
    virtual Result<QList<EventInput>> readEvents(const QJsonObject &body, bool batch, int maxBatch) const = 0;
    virtual Result<ChannelsQuery> readChannelsQuery(const HttpRequest &request) const = 0;
    virtual Result<InfoFields> readChannelInfo(const HttpRequest &request, ChannelType type) const = 0;

    virtual Reply error(const Error &error) const = 0;
    /// The channel as the answer counts it (across the cluster), for presenters that report channel info.
    using ChannelViewOf = std::function<ChannelView(const QString &channel)>;
    virtual Reply published(const QList<EventInput> &events, bool batch, const ChannelViewOf &viewOf) const = 0;
    virtual Reply channels(const AppState &app, const QList<ChannelView> &channels, InfoFields info) const = 0;
    virtual Reply channel(const AppState &app, const ChannelView &channel, InfoFields info) const = 0;
    virtual Reply users(const QList<PresenceMember> &members) const = 0;
    virtual Reply terminated(int connections) const = 0;

    /// The relay's own shapes (relay-api.txt).
    static const RestPresenter &relay();
    /// Pusher's REST shapes, for Pusher's server SDKs.
    static const RestPresenter &pusher();

protected:
    /// The items of `"batch"`, each read by `readItem`; errors name the item (`batch[i]: ...`).
    static Result<QList<EventInput>> readBatch(const QJsonObject &body, int maxBatch,
        const std::function<Result<EventInput>(const QJsonObject &)> &readItem);
};

} // namespace Relay
