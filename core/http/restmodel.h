// SPDX-License-Identifier: MIT
#pragma once

#include "channels/channelname.h"
#include "service/hub.h"

#include <QList>
#include <QString>

namespace Relay {

/// Which optional channel attributes a REST request asked for (Pusher's `info`).
struct InfoFields {
    bool userCount = false;
    bool subscriptionCount = false;
};

/// One event body of a publish request, in either dialect: one publication per channel it names.
struct EventInput {
    QList<Publication> publications;
    InfoFields info;
    bool wantsInfo = false; ///< the body asked for channel attributes in the answer
};

/// Which channels a channel listing asked for.
struct ChannelsQuery {
    QString prefix;
    InfoFields info;
    bool includeUserChannels = true; ///< `#server-to-user-` channels; Pusher's listing leaves them out
};

/// A channel as the REST API reports it; both dialects draw their shapes from this.
struct ChannelView {
    QString name;
    ChannelType type = ChannelType::Public;
    qsizetype subscribers = 0;
    qsizetype users = 0; ///< presence channels: distinct members
};

} // namespace Relay
