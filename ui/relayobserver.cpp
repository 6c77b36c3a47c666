// SPDX-License-Identifier: MIT
#include "relayobserver.h"

#include "relayhost.h"

#include <QTimerEvent>

namespace Inspector {

RelayObserver::RelayObserver(Relay::RelayHost &host, int intervalMs, QObject *parent)
    : QObject(parent)
    , m_host(host)
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
