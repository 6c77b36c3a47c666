// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QString>
#include <QStringView>

namespace Relay {

enum class ChannelType { Public, Private, Presence };

/// The type a channel name's prefix gives it: `private-`, `presence-`, anything else public.
ChannelType channelTypeOf(QStringView name);
QString channelTypeName(ChannelType type);
inline bool needsAuth(ChannelType type) { return type != ChannelType::Public; }

/// Accepts 1..maxLength characters from `A-Z a-z 0-9 _ - = @ , . ;` (Pusher's rule); never rewrites a name.
Status validateChannelName(QStringView name, int maxLength);

/// Socket ids are two unsigned integers joined by a dot, as Pusher clients expect (`1234.5678`).
bool isValidSocketId(QStringView socketId);

} // namespace Relay
