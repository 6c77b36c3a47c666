// SPDX-License-Identifier: MIT
#pragma once

#include "restmodel.h"

namespace Relay {

/// The REST API's operations on parsed input, shared by both dialects: each returns a result value that a
/// presenter (restpresenter.h) turns into an answer.
namespace RestHandlers {
    /// Publishes every publication of every event, all or nothing. With `batch`, an error names the item:
    /// `batch[i]: ...`.
    Status publish(Hub &hub, AppState &app, const QList<EventInput> &events, bool batch);
    /// The channel across the cluster (this node alone without one); the name is not checked.
    ChannelView channelView(const Hub &hub, const AppState &app, const QString &name);
    QList<ChannelView> channels(const Hub &hub, const AppState &app, const ChannelsQuery &query);
    /// BadRequest for an invalid channel name; an unknown channel is reported empty.
    Result<ChannelView> channel(const Hub &hub, const AppState &app, const QString &name);
    /// The members of a presence channel; BadRequest for another channel type.
    Result<QList<PresenceMember>> users(const Hub &hub, const AppState &app, const QString &name);
} // namespace RestHandlers

} // namespace Relay
