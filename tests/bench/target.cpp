// SPDX-License-Identifier: MIT
#include "target.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>
#include <QThread>

#include <unistd.h>

QByteArray Target::webSocketPath() const
{
    return "/app/" + key + (pusher ? "?protocol=7&client=relaybench&version=1.0" : "");
}

QByteArray Target::subscribeFrame(const QByteArray &channel) const
{
    return "{\"event\":\"" + QByteArray(pusher ? "pusher" : "relay") + ":subscribe\",\"data\":{\"channel\":\"" + channel
        + "\"}}";
}

QByteArray Target::subscribeFrame(
    const QByteArray &channel, const QByteArray &socketId, const QByteArray &channelData) const
{
    QByteArray toSign = socketId + ':' + channel;
    if (!channelData.isEmpty())
        toSign += ':' + channelData;
    const QByteArray auth
        = key + ':' + QMessageAuthenticationCode::hash(toSign, secret, QCryptographicHash::Sha256).toHex();
    QByteArray escaped = channelData;
    escaped.replace('\\', "\\\\").replace('"', "\\\"");
    QByteArray frame = "{\"event\":\"" + QByteArray(pusher ? "pusher" : "relay")
        + ":subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\"" + auth + '"';
    if (!channelData.isEmpty())
        frame += ",\"channel_data\":\"" + escaped + '"';
    return frame + "}}";
}

QByteArray Target::publishRequest(
    const QByteArray &channel, const QByteArray &event, const QByteArray &data, RestAuth auth) const
{
    QByteArray escaped = data;
    escaped.replace('\\', "\\\\").replace('"', "\\\"");
    QByteArray path = "/apps/" + appId + "/events";
    QByteArray body;
    QByteArray headers = "Content-Type: application/json\r\n";
    if (auth == RestAuth::PusherSigned) {
        body = "{\"name\":\"" + event + "\",\"channels\":[\"" + channel + "\"],\"data\":\"" + escaped + "\"}";
        const QByteArray query = "auth_key=" + key
            + "&auth_timestamp=" + QByteArray::number(QDateTime::currentSecsSinceEpoch())
            + "&auth_version=1.0&body_md5=" + QCryptographicHash::hash(body, QCryptographicHash::Md5).toHex();
        const QByteArray signature
            = QMessageAuthenticationCode::hash("POST\n" + path + '\n' + query, secret, QCryptographicHash::Sha256)
                  .toHex();
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

qint64 Target::cpuNs() const
{
    if (pid <= 0)
        return -1;
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14,
    // stime 15 (proc(5)); both count all threads of the process.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    const qint64 ticks = fields.at(11).toLongLong() + fields.at(12).toLongLong();
    return ticks * (1000000000LL / sysconf(_SC_CLK_TCK));
}

qint64 pidListeningOn(quint16 port)
{
    QByteArray inode;
    for (const char *table : { "/proc/net/tcp", "/proc/net/tcp6" }) {
        QFile file(QString::fromLatin1(table));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray portHex = QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
        for (const QByteArray &line : file.readAll().split('\n')) {
            const QList<QByteArray> f = line.simplified().split(' ');
            // sl local_address rem_address st ... inode (field 9); st 0A is LISTEN
            if (f.size() > 9 && f.at(1).endsWith(':' + portHex) && f.at(3) == "0A") {
                inode = f.at(9);
                break;
            }
        }
        if (!inode.isEmpty())
            break;
    }
    if (inode.isEmpty())
        return 0;
    const QByteArray target = "socket:[" + inode + ']';
    const QDir proc(QStringLiteral("/proc"));
    for (const QString &entry : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        const QDir fds(QStringLiteral("/proc/%1/fd").arg(entry));
        for (const QString &fd : fds.entryList(QDir::Files | QDir::System)) {
            char link[64] = {};
            const ssize_t length = ::readlink(QFile::encodeName(fds.filePath(fd)).constData(), link, sizeof link - 1);
            if (length > 0 && QByteArrayView(link, length) == target)
                return pid;
        }
    }
    return 0;
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
    const QRegularExpressionMatch match
        = QRegularExpression(QStringLiteral("(?:http|ws)://[^:]+:(\\d+)")).match(QString::fromUtf8(output));
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
