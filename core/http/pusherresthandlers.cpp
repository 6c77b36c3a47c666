// SPDX-License-Identifier: MIT
// Pusher's REST shapes: POST events and batch_events, GET channels, one channel and its users.
#include "httpapi.h"

#include "jsonbody.h"
#include "protocol/jsontext.h"
#include "service/hub.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QUrlQuery>

namespace Relay {

namespace {
constexpr qsizetype maxTriggerChannels = 100; // Pusher's limit per trigger

Error badRequest(const QString &message)
{
    return Error { ErrorCode::BadRequest, message };
}

struct InfoFields {
    bool userCount = false;
    bool subscriptionCount = false;
};

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
QJsonObject attributes(const QString &name, const Channel *channel, InfoFields info)
{
    QJsonObject object;
    if (info.userCount && channelTypeOf(name) == ChannelType::Presence)
        object.insert(QStringLiteral("user_count"), channel ? channel->roster.count() : 0);
    if (info.subscriptionCount)
        object.insert(QStringLiteral("subscription_count"), channel ? channel->subscribers.size() : 0);
    return object;
}

Result<QString> dataOf(const QJsonObject &object)
{
    const QJsonValue data = object.value(QLatin1String("data"));
    if (data.isString())
        return data.toString();
    if (data.isObject() || data.isArray())
        return compactJson(data);
    return badRequest(QStringLiteral("\"data\" is required and must be a string"));
}

Result<QString> optionalString(const QJsonObject &object, const char *field)
{
    const QJsonValue value = object.value(QLatin1String(field));
    if (value.isUndefined() || value.isNull())
        return QString();
    if (!value.isString())
        return badRequest(QStringLiteral("\"%1\" must be a string").arg(QLatin1String(field)));
    return value.toString();
}

/// One Pusher event body (`name`, `data`, `channels` or `channel`, `socket_id`?, `info`?) as publications.
struct Trigger {
    QList<Publication> publications;
    InfoFields info;
    bool wantsInfo = false;
};

Result<Trigger> readTrigger(const Hub &hub, const AppState &app, const QJsonObject &object, bool allowChannelList)
{
    Result<QString> name = requireString(object, "name");
    if (!name)
        return name.error();
    Result<QString> data = dataOf(object);
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
        return badRequest(QStringLiteral("\"channels\" has %1 names; the limit is %2").arg(channels.size()).arg(maxTriggerChannels));
    Result<InfoFields> fields = parseInfo(*info);
    if (!fields)
        return fields.error();
    Trigger trigger { {}, *fields, !info->isEmpty() };
    for (const QString &channel : std::as_const(channels)) {
        Publication publication { channel, *name, *data, *socketId };
        if (Status valid = hub.validate(app, publication); !valid)
            return valid.error();
        trigger.publications.append(std::move(publication));
    }
    return trigger;
}
} // namespace

Reply HttpApi::pusherTrigger(AppState &app, const QHttpServerRequest &request)
{
    const Result<QJsonObject> body = parseJsonObject(request.body());
    if (!body)
        return Reply::text(body.error());
    const Result<Trigger> trigger = readTrigger(m_hub, app, *body, true);
    if (!trigger)
        return Reply::text(trigger.error());
    for (const Publication &publication : trigger->publications)
        m_hub.publish(app, publication);
    if (!trigger->wantsInfo)
        return Reply::json({});
    QJsonObject channels;
    for (const Publication &publication : trigger->publications)
        channels.insert(publication.channel,
            attributes(publication.channel, app.channels.find(publication.channel), trigger->info));
    return Reply::json({ { QStringLiteral("channels"), channels } });
}

Reply HttpApi::pusherBatch(AppState &app, const QHttpServerRequest &request)
{
    const Result<QJsonObject> body = parseJsonObject(request.body());
    if (!body)
        return Reply::text(body.error());
    const QJsonValue batchValue = body->value(QLatin1String("batch"));
    if (!batchValue.isArray())
        return Reply::text(badRequest(QStringLiteral("\"batch\" is required and must be an array")));
    const QJsonArray items = batchValue.toArray();
    if (items.size() > app.config.maxBatchSize)
        return Reply::text(Error { ErrorCode::BodyTooLarge,
            QStringLiteral("batch has %1 events; the limit is %2").arg(items.size()).arg(app.config.maxBatchSize) });
    QList<Trigger> triggers; // all or nothing: every item is checked before the first is published
    bool wantsInfo = false;
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (!items.at(i).isObject())
            return Reply::text(badRequest(QStringLiteral("batch[%1] must be an object").arg(i)));
        Result<Trigger> trigger = readTrigger(m_hub, app, items.at(i).toObject(), false);
        if (!trigger)
            return Reply::text(Error { trigger.error().code, QStringLiteral("batch[%1]: %2").arg(i).arg(trigger.error().message) });
        wantsInfo = wantsInfo || trigger->wantsInfo;
        triggers.append(std::move(trigger).value());
    }
    for (const Trigger &trigger : std::as_const(triggers))
        m_hub.publish(app, trigger.publications.first());
    if (!wantsInfo)
        return Reply::json({});
    QJsonArray batch;
    for (const Trigger &trigger : std::as_const(triggers)) {
        const QString &channel = trigger.publications.first().channel;
        batch.append(attributes(channel, app.channels.find(channel), trigger.info));
    }
    return Reply::json({ { QStringLiteral("batch"), batch } });
}

Reply HttpApi::pusherChannels(const AppState &app, const QHttpServerRequest &request) const
{
    const QUrlQuery query(request.url());
    const QString prefix = query.queryItemValue(QStringLiteral("filter_by_prefix"), QUrl::FullyDecoded);
    const Result<InfoFields> info = parseInfo(query.queryItemValue(QStringLiteral("info"), QUrl::FullyDecoded));
    if (!info)
        return Reply::text(info.error());
    if (info->userCount && !prefix.startsWith(QLatin1String("presence-")))
        return Reply::text(badRequest(QStringLiteral("info=user_count needs filter_by_prefix=presence-")));
    QJsonObject channels;
    for (const Channel &channel : app.channels.channels()) {
        if (channel.name.startsWith(prefix) && !isUserChannel(channel.name))
            channels.insert(channel.name, attributes(channel.name, &channel, *info));
    }
    return Reply::json({ { QStringLiteral("channels"), channels } });
}

Reply HttpApi::pusherChannel(const AppState &app, const QString &name, const QHttpServerRequest &request) const
{
    if (Status valid = validateChannelName(name, app.config.maxChannelNameLength); !valid)
        return Reply::text(badRequest(valid.error().message));
    const Result<InfoFields> info
        = parseInfo(QUrlQuery(request.url()).queryItemValue(QStringLiteral("info"), QUrl::FullyDecoded));
    if (!info)
        return Reply::text(info.error());
    if (info->userCount && channelTypeOf(name) != ChannelType::Presence)
        return Reply::text(badRequest(QStringLiteral("user_count is available for presence channels only")));
    const Channel *channel = app.channels.find(name);
    QJsonObject object = attributes(name, channel, *info);
    object.insert(QStringLiteral("occupied"), channel != nullptr && !channel->subscribers.isEmpty());
    return Reply::json(object);
}

Reply HttpApi::pusherUsers(const AppState &app, const QString &name) const
{
    if (Status valid = validateChannelName(name, app.config.maxChannelNameLength); !valid)
        return Reply::text(badRequest(valid.error().message));
    if (channelTypeOf(name) != ChannelType::Presence)
        return Reply::text(badRequest(QStringLiteral("users are listed for presence channels only")));
    QJsonArray users;
    if (const Channel *channel = app.channels.find(name)) {
        for (const PresenceMember &member : channel->roster.members())
            users.append(QJsonObject { { QStringLiteral("id"), member.userId } });
    }
    return Reply::json({ { QStringLiteral("users"), users } });
}

} // namespace Relay
