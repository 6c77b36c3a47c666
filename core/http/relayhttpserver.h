// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractHttpServer>

namespace Relay {

class GuardedTcpServer;
class HttpApi;

/// QHttpServer's connection and request loop with the relay's handler. Each request QHttpServer completes is
/// answered from the request the connection's guard parsed, taken in order (pipelined requests included), so
/// the relay's own code reads every request once and QHttpServer's copy is only a signal that it is time to
/// answer. An upgrade the guard accepted goes to the WebSocket server (newWebSocketConnection).
class RelayHttpServer : public QAbstractHttpServer {
    Q_OBJECT
public:
    explicit RelayHttpServer(HttpApi &api, QObject *parent = nullptr);
    /// Serves the connections `listener` accepts; takes ownership of it.
    void attach(GuardedTcpServer *listener);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    HttpApi &m_api;
    GuardedTcpServer *m_listener = nullptr;
};

} // namespace Relay
