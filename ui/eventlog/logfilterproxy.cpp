// SPDX-License-Identifier: MIT
#include "logfilterproxy.h"

#include "eventlogmodel.h"

namespace Inspector {

using Kind = Relay::FeedEvent::Kind;

LogFilterProxy::LogFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
}

void LogFilterProxy::setSourceLog(EventLogModel *model)
{
    m_log = model;
    setSourceModel(model);
}

bool LogFilterProxy::setText(const QString &text, bool regex)
{
    m_text = text;
    m_useRegex = regex && !text.isEmpty();
    m_regex = QRegularExpression(m_useRegex ? text : QString(), QRegularExpression::CaseInsensitiveOption);
    m_regexValid = !m_useRegex || m_regex.isValid();
    invalidateRowsFilter();
    return m_regexValid;
}

void LogFilterProxy::setChannel(const QString &appId, const QString &channel)
{
    if (appId == m_appId && channel == m_channel)
        return;
    m_appId = channel.isEmpty() ? QString() : appId;
    m_channel = channel;
    invalidateRowsFilter();
}

void LogFilterProxy::setKindVisible(Kind kind, bool visible)
{
    const quint32 bit = 1u << unsigned(kind);
    const quint32 hidden = visible ? m_hiddenKinds & ~bit : m_hiddenKinds | bit;
    if (hidden == m_hiddenKinds)
        return;
    m_hiddenKinds = hidden;
    invalidateRowsFilter();
}

bool LogFilterProxy::isKindVisible(Kind kind) const
{
    return (m_hiddenKinds & (1u << unsigned(kind))) == 0;
}

void LogFilterProxy::setSocket(const QString &socketId)
{
    if (socketId == m_socket)
        return;
    m_socket = socketId;
    invalidateRowsFilter();
}

bool LogFilterProxy::hasFilter() const
{
    return !m_text.isEmpty() || !m_channel.isEmpty() || !m_socket.isEmpty() || m_hiddenKinds != 0;
}

bool LogFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    if (!m_log)
        return true;
    const Relay::FeedEvent &event = m_log->eventAt(sourceRow);
    if (!isKindVisible(event.kind))
        return false;
    if (!m_socket.isEmpty() && event.socketId != m_socket)
        return false;
    if (!m_channel.isEmpty() && (event.channel != m_channel || (!m_appId.isEmpty() && event.appId != m_appId)))
        return false;
    return m_text.isEmpty() || matchesText(event);
}

bool LogFilterProxy::matchesText(const Relay::FeedEvent &event) const
{
    if (!m_regexValid)
        return false;
    const QString *fields[] = { &event.channel, &event.event, &event.socketId, &event.appId, &event.detail };
    for (const QString *field : fields) {
        if (m_useRegex ? m_regex.match(*field).hasMatch() : field->contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace Inspector
