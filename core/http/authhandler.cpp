// SPDX-License-Identifier: MIT
// POST /apps/{id}/auth: the development signer browser SDKs call for private and presence channels.
#include "httpapi.h"

#include "auth/pushersignature.h"
#include "jsonbody.h"
#include "protocol/jsontext.h"
#include "service/hub.h"

#include <QJsonDocument>
#include <QUrlQuery>

namespace Relay {

namespace {
/// The fields of a JSON or form-encoded body, as one JSON object.
Result<QJsonObject> authFields(const HttpRequest &request)
{
    if (!request.header("Content-Type").toLower().contains("application/x-www-form-urlencoded"))
        return parseJsonObject(request.body);
    QByteArray body = request.body;
    body.replace('+', ' ');
    QJsonObject object;
    const QUrlQuery query(QString::fromUtf8(body));
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
        object.insert(key, value);
    return object;
}
} // namespace

Reply HttpApi::auth(const AppState &app, const HttpRequest &request) const
{
    if (!app.config.authEndpointEnabled)
        return Reply::error(ErrorCode::Forbidden, QStringLiteral("the auth endpoint is disabled for this app"));
    const Result<QJsonObject> fields = authFields(request);
    if (!fields)
        return Reply::error(fields.error());
    const Result<QString> socketId = requireString(*fields, "socket_id");
    if (!socketId)
        return Reply::error(socketId.error());
    if (!isValidSocketId(*socketId))
        return Reply::error(ErrorCode::BadRequest,
            QStringLiteral("socket_id \"%1\" is not of the form 1234.5678").arg(socketId->left(64)));
    const Result<QString> channel = requireString(*fields, "channel_name");
    if (!channel)
        return Reply::error(channel.error());
    if (Status valid = validateChannelName(*channel, app.config.maxChannelNameLength); !valid)
        return Reply::error(ErrorCode::BadRequest, valid.error().message);
    const ChannelType type = channelTypeOf(*channel);
    if (type == ChannelType::Public)
        return Reply::error(ErrorCode::BadRequest,
            QStringLiteral("public channels need no auth; only private- and presence- channels are signed"));
    if (type == ChannelType::Private && isEncryptedChannel(*channel)) {
        // End-to-end encryption: the client gets the channel's key; the relay only ever sees ciphertext.
        const QByteArray masterKey = app.config.encryptionMasterKey();
        if (masterKey.isEmpty())
            return Reply::error(ErrorCode::BadRequest,
                QStringLiteral("private-encrypted- channels need encryption_master_key_base64 in this app's config"));
        return Reply::json({ { QStringLiteral("auth"), QString::fromUtf8(app.signer.auth(*socketId, *channel)) },
            { QStringLiteral("shared_secret"), QString::fromLatin1(PusherSignature::sharedSecret(*channel, masterKey)) } });
    }
    if (type == ChannelType::Private)
        return Reply::json({ { QStringLiteral("auth"), QString::fromUtf8(app.signer.auth(*socketId, *channel)) } });

    const QJsonValue channelDataValue = fields->value(QLatin1String("channel_data"));
    if (channelDataValue.isUndefined() || channelDataValue.isNull())
        return Reply::error(ErrorCode::BadRequest, QStringLiteral("presence channels need \"channel_data\""));
    const QString channelData
        = channelDataValue.isObject() ? compactJson(channelDataValue) : channelDataValue.toString();
    const QJsonValue userId = QJsonDocument::fromJson(channelData.toUtf8()).object().value(QLatin1String("user_id"));
    if (!channelDataValue.isString() && !channelDataValue.isObject())
        return Reply::error(ErrorCode::BadRequest, QStringLiteral("\"channel_data\" must be a JSON-encoded string"));
    if (!userId.isString() && !userId.isDouble())
        return Reply::error(ErrorCode::BadRequest,
            QStringLiteral("\"channel_data\" must be a JSON object with a string or number \"user_id\""));
    return Reply::json({ { QStringLiteral("auth"), QString::fromUtf8(app.signer.auth(*socketId, *channel, channelData)) },
        { QStringLiteral("channel_data"), channelData } });
}

} // namespace Relay
