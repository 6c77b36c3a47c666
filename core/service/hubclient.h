// SPDX-License-Identifier: MIT
#pragma once

#include "hub.h"

#include <QSet>

namespace Relay {

/// What the hub keeps per connection. Private to the hub's implementation files.
struct Hub::Client {
    Connection *connection;
    AppState *app;
    QSet<QString> channels;
    qint64 rateWindowStartMs = 0; ///< client-event rate: a fixed one-second window
    int rateWindowCount = 0;
    QString userId {}; ///< set by a valid pusher:signin; empty while not signed in
};

} // namespace Relay
