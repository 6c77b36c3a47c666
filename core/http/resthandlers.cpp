// SPDX-License-Identifier: MIT
#include "resthandlers.h"

namespace Relay {

namespace {
/// The channel across the cluster (this node alone without one).
ChannelView viewOf(const Hub &hub, const AppState &app, const QString &name)
{
    ChannelView view { name, channelTypeOf(name), hub.clusterSubscribers(app, name), 0 };
    if (view.type == ChannelType::Presence)
        view.users = hub.clusterMembers(app, name).size();
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

ChannelView channelView(const Hub &hub, const AppState &app, const QString &name)
{
    return viewOf(hub, app, name);
}

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

QList<ChannelView> channels(const Hub &hub, const AppState &app, const ChannelsQuery &query)
{
    QList<ChannelView> out;
    for (const QString &name : hub.clusterChannels(app)) {
        if (name.startsWith(query.prefix) && (query.includeUserChannels || !isUserChannel(name)))
            out.append(viewOf(hub, app, name));
    }
    return out;
}

Result<ChannelView> channel(const Hub &hub, const AppState &app, const QString &name)
{
    if (Status valid = checkName(app, name); !valid)
        return valid.error();
    return viewOf(hub, app, name);
}

Result<QList<PresenceMember>> users(const Hub &hub, const AppState &app, const QString &name)
{
    if (Status valid = checkName(app, name); !valid)
        return valid.error();
    if (channelTypeOf(name) != ChannelType::Presence)
        return Error { ErrorCode::BadRequest,
            QStringLiteral("users are listed for presence channels only; \"%1\" is not prefixed with presence-")
                .arg(name) };
    return hub.clusterMembers(app, name);
}

} // namespace RestHandlers

} // namespace Relay
