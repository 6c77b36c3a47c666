// SPDX-License-Identifier: MIT
#include "relayobserver.h"

#include "relayhost.h"

#include <QTimerEvent>

#include <algorithm>

namespace Inspector {

RelayObserver::RelayObserver(Relay::RelayHost &host, int intervalMs, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_intervalMs(intervalMs)
    , m_currentMs(intervalMs)
    , m_snapshot(host.snapshot())
{
    m_host.setObserved(true);
    m_timer.start(intervalMs, this);
}

RelayObserver::~RelayObserver()
{
    m_host.setObserved(false);
}

void RelayObserver::refresh()
{
    const QList<Relay::FeedEvent> batch = m_host.feed().drain();
    const bool busy = !batch.isEmpty() && !m_lastBatchEmpty;
    m_lastBatchEmpty = batch.isEmpty();
    const int next = busy ? std::max(m_intervalMs, busyIntervalMs) : m_intervalMs;
    if (next != m_currentMs) {
        m_currentMs = next;
        m_timer.start(next, this);
    }
    if (!batch.isEmpty())
        Q_EMIT eventsArrived(batch);
    m_host.poll(); // a new snapshot, if the relay changed, arrives by a later tick
    std::shared_ptr<const Relay::RelaySnapshot> snapshot = m_host.snapshot();
    if (snapshot->serial != m_snapshot->serial) {
        m_snapshot = std::move(snapshot);
        Q_EMIT snapshotArrived(m_snapshot);
    }
}

void RelayObserver::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer.timerId())
        return QObject::timerEvent(event);
    refresh();
}

} // namespace Inspector
