// SPDX-License-Identifier: MIT
// A presence subscription's `channel_data`: the identity parsed from it as the hub parses it, then the member
// joining and leaving a roster whose JSON text must stay valid.
#include "fuzzinput.h"

#include "channels/presenceroster.h"

#include <QJsonDocument>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    RelayFuzz::Input input(data, size);
    const QString channelData = QString::fromUtf8(input.rest());
    const Relay::Result<QJsonObject> identity = Relay::PresenceRoster::identityOf(channelData);
    if (!identity)
        return 0;
    const QJsonValue userId = identity->value(QLatin1String("user_id"));
    const QJsonValue userInfo = identity->value(QLatin1String("user_info"));
    Relay::PresenceRoster roster;
    roster.join(QJsonValue(QStringLiteral("seed")), QJsonValue());
    if (!roster.join(userId, userInfo) && Relay::PresenceRoster::keyOf(userId) != QLatin1String("seed"))
        __builtin_trap();
    const QString text = roster.presenceJson();
    QJsonParseError error;
    if (QJsonDocument::fromJson(text.toUtf8(), &error).isNull() || error.error != QJsonParseError::NoError)
        __builtin_trap();
    (void)roster.leave(Relay::PresenceRoster::keyOf(userId));
    (void)roster.presenceJson();
    return 0;
}
