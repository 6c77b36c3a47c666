// SPDX-License-Identifier: MIT
#include "outbox.h"

#include "session.h"

#include <algorithm>

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
    m_dirty.push_back(session);
    if (!m_timer.isActive())
        m_timer.start();
}

void Outbox::forget(Session *session)
{
    std::replace(m_dirty.begin(), m_dirty.end(), session, static_cast<Session *>(nullptr));
    std::replace(m_flushing.begin(), m_flushing.end(), session, static_cast<Session *>(nullptr));
}

void Outbox::flush()
{
    m_flushing.swap(m_dirty);
    for (std::size_t i = 0; i < m_flushing.size(); ++i) {
        if (Session *session = m_flushing[i])
            session->flush();
    }
    m_flushing.clear();
}

} // namespace Relay
