// SPDX-License-Identifier: MIT
#include "outbox.h"

#include "session.h"

namespace Relay {

Outbox::Outbox(int delayMs, QObject *parent)
    : QObject(parent)
    , m_timer(this) // a child, so that moveToThread() takes the timer along
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(delayMs);
    connect(&m_timer, &QTimer::timeout, this, &Outbox::flush);
}

void Outbox::schedule(Session *session)
{
    m_dirty.insert(session);
    if (!m_timer.isActive())
        m_timer.start();
}

void Outbox::flush()
{
    const QSet<Session *> dirty = std::exchange(m_dirty, {});
    for (Session *session : dirty)
        session->flush();
}

} // namespace Relay
