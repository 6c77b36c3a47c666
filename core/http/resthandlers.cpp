// SPDX-License-Identifier: MIT
#include "resthandlers.h"

namespace Relay {

namespace {
ChannelView viewOf(const QString &name, const Channel *channel)
{
    ChannelView view { name, channelTypeOf(name), 0, 0 };
    if (channel) {
        view.subscribers = channel->subscribers.size();
        view.users = channel->roster.count();
    }
    return view;
}

Status checkName(const AppState &app, const QString &name)
{
    if (Status valid = validateChannelName(name, app.config.maxChannelNameLength); !valid)
        return Error { ErrorCode::BadRequest, valid.error().message };
    return Ok {};
}
} // namespace

namespace RestHandlers {

Status publish(Hub &hub, AppState &app, const QList<EventInput> &events, bool batch)
{
    QList<Publication> publications;
    QList<qsizetype> itemOf; // the event each publication came from
    for (qsizetype i = 0; i < events.size(); ++i) {
        for (const Publication &publication : events.at(i).publications) {
            publications.append(publication);
            itemOf.append(i);
        }
    }
    qsizetype failed = 0;
    Status published = hub.publish(app, publications, &failed);
    if (!published && batch)
        return Error { published.error().code,
            QStringLiteral("batch[%1]: %2").arg(itemOf.at(failed)).arg(published.error().message) };
    return published;
}

QList<ChannelView> channels(const AppState &app, const ChannelsQuery &query)
{
    QList<ChannelView> out;
    for (const Channel &channel : app.channels.channels()) {
        if (channel.name.startsWith(query.prefix) && (query.includeUserChannels || !isUserChannel(channel.name)))
            out.append(viewOf(channel.name, &channel));
    }
    return out;
}

Result<ChannelView> channel(const AppState &app, const QString &name)
{
    if (Status valid = checkName(app, name); !valid)
        return valid.error();
    return viewOf(name, app.channels.find(name));
}

Result<QList<PresenceMember>> users(const AppState &app, const QString &name)
{
    if (Status valid = checkName(app, name); !valid)
        return valid.error();
    if (channelTypeOf(name) != ChannelType::Presence)
        return Error { ErrorCode::BadRequest,
            QStringLiteral("users are listed for presence channels only; \"%1\" is not prefixed with presence-")
                .arg(name) };
    const Channel *channel = app.channels.find(name);
    return channel ? channel->roster.members() : QList<PresenceMember> {};
}

} // namespace RestHandlers

} // namespace Relay
