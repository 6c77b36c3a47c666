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

/// `private-encrypted-...`: a private channel whose payloads the relay passes through as ciphertext.
bool isEncryptedChannel(QStringView name);
/// `cache-`, `private-cache-`, `presence-cache-`, `private-encrypted-cache-`: the last event is replayed to
/// a new subscriber.
bool isCacheChannel(QStringView name);
/// `#server-to-user-{id}`: Pusher's per-user channel, open only to sockets signed in as that user.
bool isUserChannel(QStringView name);
QString userIdOfUserChannel(QStringView name);
QString userChannelName(const QString &userId);

/// Accepts 1..maxLength characters from `A-Z a-z 0-9 _ - = @ , . ;` (Pusher's rule), plus the leading `#` of
/// `#server-to-user-{id}`; never rewrites a name.
Status validateChannelName(QStringView name, int maxLength);

/// Socket ids are two unsigned integers joined by a dot, as Pusher clients expect (`1234.5678`).
bool isValidSocketId(QStringView socketId);

} // namespace Relay
