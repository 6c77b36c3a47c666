// SPDX-License-Identifier: MIT
#include "debuglog.h"

#include <QDateTime>
#include <QMetaEnum>
#include <QTimerEvent>

#include <cstdio>

DebugLog::DebugLog(Relay::RelayFeed &feed, QObject *parent)
    : QObject(parent)
    , m_feed(&feed)
{
    m_feed->setObserved(true);
    m_timer.start(100, this);
}

DebugLog::DebugLog(QObject *parent)
    : QObject(parent)
{
}

void DebugLog::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer.timerId() || !m_feed)
        return QObject::timerEvent(event);
    print(m_feed->drain());
}

void DebugLog::print(const QList<Relay::FeedEvent> &batch)
{
    const QMetaEnum kinds = QMetaEnum::fromType<Relay::FeedEvent::Kind>();
    for (const Relay::FeedEvent &event : batch) {
        const QString line = QDateTime::fromMSecsSinceEpoch(event.timeMs).toString(Qt::ISODateWithMs) + u' '
            + QLatin1String(kinds.valueToKey(int(event.kind))) + QStringLiteral(" app=") + event.appId
            + (event.socketId.isEmpty() ? QString() : QStringLiteral(" socket=") + event.socketId)
            + (event.channel.isEmpty() ? QString() : QStringLiteral(" channel=") + event.channel)
            + (event.event.isEmpty() ? QString() : QStringLiteral(" event=") + event.event)
            + (event.detail.isEmpty() ? QString() : u' ' + event.detail.left(300)) + u'\n';
        std::fputs(line.toLocal8Bit().constData(), stderr);
    }
}
