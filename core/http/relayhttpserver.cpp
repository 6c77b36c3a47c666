// SPDX-License-Identifier: MIT
#include "relayhttpserver.h"

#include "guardedtcpserver.h"
#include "httpapi.h"

#include <QHttpServerRequest>
#include <QTcpSocket>

namespace Relay {

namespace {
/// Whether QHttpServer 6.4 hands this request to its WebSocket server when the handler accepts it.
bool qtTakesAsUpgrade(const QHttpServerRequest &request)
{
    return request.value("connection").toLower().contains("upgrade")
        && request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
}
} // namespace

RelayHttpServer::RelayHttpServer(HttpApi &api, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_api(api)
{
}

void RelayHttpServer::attach(GuardedTcpServer *listener)
{
    m_listener = listener;
    listener->setHttpServer(this);
    bind(listener);
}

bool RelayHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    ConnectionGuard *guard = m_listener ? m_listener->guardOf(socket) : nullptr;
    std::optional<HttpRequest> parsed = guard ? guard->takeRequest() : std::nullopt;
    if (parsed && parsed->webSocketUpgrade)
        return true; // checked by the guard; QHttpServer hands the socket over
    const bool upgrade = qtTakesAsUpgrade(request);
    if (!parsed) {
        // The guard answers everything it refuses; a request it never saw must not get an answer from a guess.
        socket->write(Reply::error(ErrorCode::BadRequest, QStringLiteral("the request could not be framed")).toHttp(true));
        socket->disconnectFromHost();
        return !upgrade;
    }
    socket->write(m_api.handle(*parsed).toHttp(parsed->closeAfterResponse || upgrade));
    if (parsed->closeAfterResponse)
        socket->disconnectFromHost();
    return !upgrade; // false makes QHttpServer close instead of handing over what the guard did not accept
}

void RelayHttpServer::missingHandler(const QHttpServerRequest &, QTcpSocket *)
{
    // handleRequest() has answered already.
}

} // namespace Relay
