// SPDX-License-Identifier: MIT
#include "snippets.h"

#include "config/relayconfig.h"

namespace Inspector::Snippets {

namespace {
    QString secretOf(const SnippetTarget &target, bool masked)
    {
        return masked ? maskedSecret(target.secret) : target.secret;
    }
    QString httpScheme(const SnippetTarget &target)
    {
        return target.tls ? QStringLiteral("https") : QStringLiteral("http");
    }
    /// The pusher-js transport lines: wss on the same port when TLS is on.
    QString transportLines(const SnippetTarget &target)
    {
        const QString port = QString::number(target.port);
        return target.tls
            ? QStringLiteral(
                "  wsPort: %1,\n  wssPort: %1,\n  forceTLS: true,\n  enabledTransports: [\"ws\", \"wss\"],\n")
                  .arg(port)
            : QStringLiteral("  wsPort: %1,\n  forceTLS: false,\n  enabledTransports: [\"ws\"],\n").arg(port);
    }
    /// Single-quotes for a POSIX shell.
    QString shellQuoted(const QString &text)
    {
        return u'\'' + QString(text).replace(QStringLiteral("'"), QStringLiteral("'\\''")) + u'\'';
    }
} // namespace

QString maskedSecret(const QString &secret)
{
    return QString(std::max<qsizetype>(8, secret.size()), QChar(0x2022));
}

QString pusherJs(const SnippetTarget &target)
{
    const QString host = Relay::RelayConfig::dialableHost(target.host);
    return QStringLiteral("import Pusher from \"pusher-js\";\n\n"
                          "const pusher = new Pusher(\"%1\", {\n"
                          "  wsHost: \"%2\",\n"
                          "%5"
                          "  cluster: \"mt1\",\n"
                          "  disableStats: true,\n"
                          "  channelAuthorization: { endpoint: \"%6://%2:%3/apps/%4/auth\" },\n"
                          "});\n"
                          "pusher.subscribe(\"chat\").bind(\"message\", (data) => console.log(data));\n")
        .arg(target.key, host, QString::number(target.port), target.appId, transportLines(target), httpScheme(target));
}

QString laravelEcho(const SnippetTarget &target)
{
    const QString host = Relay::RelayConfig::dialableHost(target.host);
    return QStringLiteral("import Echo from \"laravel-echo\";\n"
                          "import Pusher from \"pusher-js\";\n"
                          "window.Pusher = Pusher;\n\n"
                          "window.Echo = new Echo({\n"
                          "  broadcaster: \"pusher\",\n"
                          "  key: \"%1\",\n"
                          "  wsHost: \"%2\",\n"
                          "%3"
                          "  cluster: \"mt1\",\n"
                          "  disableStats: true,\n"
                          "});\n")
        .arg(target.key, host, transportLines(target));
}

QString laravelEnv(const SnippetTarget &target, bool masked)
{
    return QStringLiteral("BROADCAST_CONNECTION=pusher\n"
                          "# Laravel 10 and older: BROADCAST_DRIVER=pusher\n"
                          "PUSHER_APP_ID=%1\n"
                          "PUSHER_APP_KEY=%2\n"
                          "PUSHER_APP_SECRET=%3\n"
                          "PUSHER_HOST=%4\n"
                          "PUSHER_PORT=%5\n"
                          "PUSHER_SCHEME=%6\n"
                          "PUSHER_APP_CLUSTER=mt1\n")
        .arg(target.appId,
            target.key,
            secretOf(target, masked),
            Relay::RelayConfig::dialableHost(target.host),
            QString::number(target.port),
            httpScheme(target));
}

QString curlPublish(const SnippetTarget &target, bool masked)
{
    const QString caOption = target.tls && !target.caPath.isEmpty()
        ? QStringLiteral("  --cacert %1 \\\n").arg(shellQuoted(target.caPath))
        : QString();
    return QStringLiteral(
        "curl -X POST %5://%1:%2/apps/%3/events \\\n"
        "%6"
        "  -H 'Authorization: Bearer %4' \\\n"
        "  -H 'Content-Type: application/json' \\\n"
        "  -d '{\"channel\":\"chat\",\"event\":\"message\",\"data\":\"{\\\"text\\\":\\\"Hello\\\"}\"}'\n")
        .arg(Relay::RelayConfig::dialableHost(target.host),
            QString::number(target.port),
            target.appId,
            secretOf(target, masked),
            httpScheme(target),
            caOption);
}

QList<Snippet> all(const SnippetTarget &target, bool masked)
{
    return { { QStringLiteral("pusher-js"), pusherJs(target) },
        { QStringLiteral("Laravel Echo"), laravelEcho(target) },
        { QStringLiteral("Laravel .env"), laravelEnv(target, masked) },
        { QStringLiteral("curl"), curlPublish(target, masked) } };
}

} // namespace Inspector::Snippets
