// SPDX-License-Identifier: MIT
#include "target.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>
#include <QThread>

QByteArray Target::webSocketPath() const
{
    return "/app/" + key + (pusher ? "?protocol=7&client=relaybench&version=1.0" : "");
}

QByteArray Target::subscribeFrame(const QByteArray &channel) const
{
    return "{\"event\":\"" + QByteArray(pusher ? "pusher" : "relay") + ":subscribe\",\"data\":{\"channel\":\"" + channel
        + "\"}}";
}

QByteArray Target::publishRequest(const QByteArray &channel, const QByteArray &event, const QByteArray &data) const
{
    QByteArray escaped = data;
    escaped.replace('\\', "\\\\").replace('"', "\\\"");
    QByteArray path = "/apps/" + appId + "/events";
    QByteArray body;
    QByteArray headers = "Content-Type: application/json\r\n";
    if (pusher) {
        body = "{\"name\":\"" + event + "\",\"channels\":[\"" + channel + "\"],\"data\":\"" + escaped + "\"}";
        const QByteArray query = "auth_key=" + key + "&auth_timestamp="
            + QByteArray::number(QDateTime::currentSecsSinceEpoch())
            + "&auth_version=1.0&body_md5=" + QCryptographicHash::hash(body, QCryptographicHash::Md5).toHex();
        const QByteArray signature
            = QMessageAuthenticationCode::hash("POST\n" + path + '\n' + query, secret, QCryptographicHash::Sha256).toHex();
        path += '?' + query + "&auth_signature=" + signature;
    } else {
        body = "{\"channel\":\"" + channel + "\",\"event\":\"" + event + "\",\"data\":\"" + escaped + "\"}";
        headers += "Authorization: Bearer " + secret + "\r\n";
    }
    return "POST " + path + " HTTP/1.1\r\nHost: " + host.toLatin1() + "\r\n" + headers
        + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray Target::healthRequest() const
{
    return "GET " + QByteArray(pusher ? "/" : "/health") + " HTTP/1.1\r\nHost: " + host.toLatin1() + "\r\n\r\n";
}

qint64 Target::residentKb() const
{
    if (pid <= 0)
        return 0;
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    const QRegularExpression rss(QStringLiteral("VmRSS:\\s+(\\d+) kB"));
    return rss.match(QString::fromLatin1(status.readAll())).captured(1).toLongLong();
}

RelayProcess::~RelayProcess()
{
    stop();
}

quint16 RelayProcess::start(const QString &binary, const QStringList &flags, const QProcessEnvironment &environment)
{
    m_process.setProcessEnvironment(environment);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start(binary, QStringList { QStringLiteral("--port"), QStringLiteral("0") } + flags);
    if (!m_process.waitForStarted(5000))
        return 0;
    QByteArray output;
    for (int i = 0; i < 500 && !output.contains('\n'); ++i) {
        m_process.waitForReadyRead(20);
        output += m_process.readAllStandardOutput();
    }
    const QRegularExpressionMatch match = QRegularExpression(QStringLiteral("http://[^:]+:(\\d+)")).match(QString::fromUtf8(output));
    return match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
}

void RelayProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(8000))
        m_process.kill();
    m_process.waitForFinished(2000);
}
