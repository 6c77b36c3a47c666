// SPDX-License-Identifier: MIT
// The relay's REST shapes (relay-api.txt): `{"channel", "event", "data"}` bodies, `{"error": ...}` answers.
#include "restpresenter.h"

#include "jsonbody.h"

#include <QJsonArray>

namespace Relay {

namespace {
class RelayPresenter final : public RestPresenter {
public:
    Result<QList<EventInput>> readEvents(const QJsonObject &body, bool batch, int maxBatch) const override
    {
        if (batch)
            return readBatch(body, maxBatch, readEvent);
        Result<EventInput> event = readEvent(body);
        if (!event)
            return event.error();
        return QList<EventInput> { std::move(event).value() };
    }

    Result<ChannelsQuery> readChannelsQuery(const HttpRequest &) const override { return ChannelsQuery {}; }
    Result<InfoFields> readChannelInfo(const HttpRequest &, ChannelType) const override { return InfoFields {}; }

    Reply error(const Error &error) const override { return Reply::error(error); }

    Reply published(const QList<EventInput> &events, bool batch, const ChannelViewOf &) const override
    {
        if (!batch)
            return Reply::json({ { QStringLiteral("ok"), true } });
        return Reply::json({ { QStringLiteral("ok"), true }, { QStringLiteral("count"), events.size() } });
    }

    Reply channels(const AppState &app, const QList<ChannelView> &channels, InfoFields) const override
    {
        QJsonArray list;
        for (const ChannelView &channel : channels)
            list.append(channelJson(app, channel));
        return Reply::json({ { QStringLiteral("channels"), list } });
    }

    Reply channel(const AppState &app, const ChannelView &channel, InfoFields) const override
    {
        return Reply::json(channelJson(app, channel));
    }

    Reply users(const QList<PresenceMember> &members) const override
    {
        QJsonArray users;
        for (const PresenceMember &member : members) {
            users.append(QJsonObject { { QStringLiteral("id"), member.userId },
                { QStringLiteral("user_info"),
                    member.userInfo.isUndefined() ? QJsonValue(QJsonObject {}) : member.userInfo } });
        }
        return Reply::json({ { QStringLiteral("users"), users } });
    }

    Reply terminated(int connections) const override
    {
        return Reply::json({ { QStringLiteral("ok"), true }, { QStringLiteral("terminated"), connections } });
    }

private:
    static Result<EventInput> readEvent(const QJsonObject &object)
    {
        Result<QString> channel = requireString(object, "channel");
        if (!channel)
            return channel.error();
        Result<QString> event = requireString(object, "event");
        if (!event)
            return event.error();
        Result<QString> data = eventData(object);
        if (!data)
            return data.error();
        Result<QString> socketId = optionalString(object, "socket_id");
        if (!socketId)
            return socketId.error();
        return EventInput { { Publication { *channel, *event, *data, *socketId } }, {}, false };
    }

    static QJsonObject channelJson(const AppState &app, const ChannelView &channel)
    {
        QJsonObject object { { QStringLiteral("name"), channel.name },
            { QStringLiteral("type"), channelTypeName(channel.type) },
            { QStringLiteral("subscriber_count"), channel.subscribers },
            { QStringLiteral("occupied"), channel.subscribers > 0 }, { QStringLiteral("app_id"), app.config.id } };
        if (channel.type == ChannelType::Presence)
            object.insert(QStringLiteral("user_count"), channel.users);
        return object;
    }
};
} // namespace

const RestPresenter &RestPresenter::relay()
{
    static const RelayPresenter presenter;
    return presenter;
}

} // namespace Relay
