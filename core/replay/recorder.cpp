// SPDX-License-Identifier: MIT
#include "recorder.h"

#include "recording.h"

#include <QDateTime>

namespace Relay {

Recorder::Recorder(QString path, qint64 maxBytes, QString appId)
    : m_file(std::move(path))
    , m_appId(std::move(appId))
    , m_maxBytes(maxBytes)
{
}

Status Recorder::open()
{
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Error { ErrorCode::BadRequest,
            QStringLiteral("cannot record to %1: %2").arg(m_file.fileName(), m_file.errorString()) };
    m_originMs = QDateTime::currentMSecsSinceEpoch();
    return Ok {};
}

bool Recorder::write(const QList<FeedEvent> &batch)
{
    if (!m_file.isOpen() || !m_stopReason.isEmpty())
        return false;
    for (const FeedEvent &event : batch) {
        if (!Recording::isRecorded(event.kind) || (!m_appId.isEmpty() && event.appId != m_appId))
            continue;
        QByteArray text = Recording::line(event, m_originMs);
        text.append('\n');
        if (m_bytes + text.size() > m_maxBytes) {
            m_limitReached = true;
            m_stopReason = QStringLiteral("recording stopped: %1 reached its limit of %2 bytes (%3 lines kept)")
                               .arg(m_file.fileName())
                               .arg(m_maxBytes)
                               .arg(m_lines);
            m_file.flush();
            return false;
        }
        if (m_file.write(text) != text.size()) {
            m_stopReason
                = QStringLiteral("recording stopped: cannot write %1: %2").arg(m_file.fileName(), m_file.errorString());
            return false;
        }
        m_bytes += text.size();
        ++m_lines;
    }
    m_file.flush();
    return true;
}

void Recorder::close()
{
    m_file.close();
}

} // namespace Relay
