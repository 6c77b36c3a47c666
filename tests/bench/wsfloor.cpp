// SPDX-License-Identifier: MIT
// wsfloor: the least a Qt WebSocket server can keep per connection. A bare QWebSocketServer that accepts every
// handshake, sends one short text message (as any relay sends connection_established) and holds the socket
// idle. relaybench reads its memory per connection as the floor Qt itself imposes, beside the relay's figure.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QWebSocket>
#include <QWebSocketServer>

#include <cstdio>
#include <sys/resource.h>

int main(int argc, char **argv)
{
    qputenv("QT_NO_GLIB", "1"); // the same event dispatcher as relaydesk
    QCoreApplication app(argc, argv);
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A bare QWebSocketServer holding idle connections"));
    parser.addHelpOption();
    const QCommandLineOption portOption(
        QStringLiteral("port"), QStringLiteral("Port (0: any free one)."), QStringLiteral("port"), QStringLiteral("0"));
    parser.addOption(portOption);
    parser.process(app);

    QWebSocketServer server(QStringLiteral("wsfloor"), QWebSocketServer::NonSecureMode);
    server.setMaxPendingConnections(4096);
    if (!server.listen(QHostAddress::LocalHost, quint16(parser.value(portOption).toUInt()))) {
        std::fprintf(stderr, "wsfloor: %s\n", qUtf8Printable(server.errorString()));
        return 1;
    }
    QObject::connect(&server, &QWebSocketServer::newConnection, &server, [&server] {
        while (QWebSocket *socket = server.nextPendingConnection()) {
            socket->setParent(&server);
            QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
            socket->sendTextMessage(
                QStringLiteral(R"({"event":"pusher:connection_established","data":"{\"socket_id\":\"1.1\"}"})"));
        }
    });
    std::printf("wsfloor listening on ws://127.0.0.1:%u\n", unsigned(server.serverPort()));
    std::fflush(stdout);
    return app.exec();
}
