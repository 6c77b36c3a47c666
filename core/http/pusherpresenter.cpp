// SPDX-License-Identifier: MIT
// Pusher's REST shapes for its server SDKs: `{"name", "data", "channels"}` bodies, `info` attributes,
// plain-text errors.
#include "restpresenter.h"

#include "jsonbody.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace Relay {

namespace {
constexpr qsizetype maxTriggerChannels = 100; // Pusher's limit per trigger

Result<InfoFields> parseInfo(const QString &info)
{
    InfoFields fields;
    for (const QString &part : info.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString name = part.trimmed();
        if (name == QLatin1String("user_count"))
            fields.userCount = true;
        else if (name == QLatin1String("subscription_count"))
            fields.subscriptionCount = true;
        else
            return badRequest(QStringLiteral("unknown info attribute \"%1\"; use user_count and/or subscription_count")
                                  .arg(name.left(40)));
    }
    return fields;
}

/// The requested attributes of a channel; user_count applies to presence channels only.
QJsonObject attributes(const ChannelView &channel, InfoFields info)
{
    QJsonObject object;
    if (info.userCount && channel.type == ChannelType::Presence)
        object.insert(QStringLiteral("user_count"), channel.users);
    if (info.subscriptionCount)
        object.insert(QStringLiteral("subscription_count"), channel.subscribers);
    return object;
}

class PusherPresenter final : public RestPresenter {
public:
    Result<QList<EventInput>> readEvents(const QJsonObject &body, bool batch, int maxBatch) const override
    {
        if (batch)
            return readBatch(body, maxBatch, [](const QJsonObject &item) { return readEvent(item, false); });
        Result<EventInput> event = readEvent(body, true);
        if (!event)
            return event.error();
        return QList<EventInput> { std::move(event).value() };
    }

    Result<ChannelsQuery> readChannelsQuery(const HttpRequest &request) const override
    {
        const QUrlQuery query = request.urlQuery();
        ChannelsQuery out;
        out.prefix = query.queryItemValue(QStringLiteral("filter_by_prefix"), QUrl::FullyDecoded);
        out.includeUserChannels = false;
        Result<InfoFields> info = parseInfo(query.queryItemValue(QStringLiteral("info"), QUrl::FullyDecoded));
        if (!info)
            return info.error();
        if (info->userCount && !out.prefix.startsWith(QLatin1String("presence-")))
            return badRequest(QStringLiteral("info=user_count needs filter_by_prefix=presence-"));
        out.info = *info;
        return out;
    }

    Result<InfoFields> readChannelInfo(const HttpRequest &request, ChannelType type) const override
    {
        Result<InfoFields> info
            = parseInfo(request.urlQuery().queryItemValue(QStringLiteral("info"), QUrl::FullyDecoded));
        if (info && info->userCount && type != ChannelType::Presence)
            return badRequest(QStringLiteral("user_count is available for presence channels only"));
        return info;
    }

    Reply error(const Error &error) const override { return Reply::text(error); }

    Reply published(const QList<EventInput> &events, bool batch, const ChannelViewOf &viewOf) const override
    {
        const bool wantsInfo
            = std::any_of(events.cbegin(), events.cend(), [](const EventInput &event) { return event.wantsInfo; });
        if (!wantsInfo)
            return Reply::json({});
        if (batch) {
            QJsonArray list;
            for (const EventInput &event : events)
                list.append(attributes(viewOf(event.publications.first().channel), event.info));
            return Reply::json({ { QStringLiteral("batch"), list } });
        }
        QJsonObject channels;
        for (const Publication &publication : events.first().publications)
            channels.insert(publication.channel, attributes(viewOf(publication.channel), events.first().info));
        return Reply::json({ { QStringLiteral("channels"), channels } });
    }

    Reply channels(const AppState &, const QList<ChannelView> &channels, InfoFields info) const override
    {
        QJsonObject object;
        for (const ChannelView &channel : channels)
            object.insert(channel.name, attributes(channel, info));
        return Reply::json({ { QStringLiteral("channels"), object } });
    }

    Reply channel(const AppState &, const ChannelView &channel, InfoFields info) const override
    {
        QJsonObject object = attributes(channel, info);
        object.insert(QStringLiteral("occupied"), channel.subscribers > 0);
        return Reply::json(object);
    }

    Reply users(const QList<PresenceMember> &members) const override
    {
        QJsonArray users;
        for (const PresenceMember &member : members)
            users.append(QJsonObject { { QStringLiteral("id"), member.userId } });
        return Reply::json({ { QStringLiteral("users"), users } });
    }

    Reply terminated(int) const override { return Reply::json({}); }

private:
    /// One Pusher event body: `name`, `data`, `channels` (where allowed) or `channel`, `socket_id`?, `info`?.
    static Result<EventInput> readEvent(const QJsonObject &object, bool allowChannelList)
    {
        Result<QString> name = requireString(object, "name");
        if (!name)
            return name.error();
        Result<QString> data = eventData(object);
        if (!data)
            return data.error();
        Result<QString> socketId = optionalString(object, "socket_id");
        if (!socketId)
            return socketId.error();
        Result<QString> info = optionalString(object, "info");
        if (!info)
            return info.error();
        QStringList channels;
        const QJsonValue list = object.value(QLatin1String("channels"));
        if (allowChannelList && list.isArray()) {
            for (const QJsonValue &channel : list.toArray()) {
                if (!channel.isString())
                    return badRequest(QStringLiteral("\"channels\" must hold strings"));
                channels.append(channel.toString());
            }
        } else if (!list.isUndefined() && allowChannelList) {
            return badRequest(QStringLiteral("\"channels\" must be an array of channel names"));
        } else {
            Result<QString> channel = requireString(object, "channel");
            if (!channel)
                return channel.error();
            channels.append(*channel);
        }
        if (channels.isEmpty())
            return badRequest(QStringLiteral("\"channels\" must name at least one channel"));
        if (channels.size() > maxTriggerChannels)
            return badRequest(
                QStringLiteral("\"channels\" has %1 names; the limit is %2").arg(channels.size()).arg(maxTriggerChannels));
        Result<InfoFields> fields = parseInfo(*info);
        if (!fields)
            return fields.error();
        EventInput event { {}, *fields, !info->isEmpty() };
        for (const QString &channel : std::as_const(channels))
            event.publications.append(Publication { channel, *name, *data, *socketId });
        return event;
    }
};
} // namespace

const RestPresenter &RestPresenter::pusher()
{
    static const PusherPresenter presenter;
    return presenter;
}

} // namespace Relay
