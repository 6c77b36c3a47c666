// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QSet>
#include <QTimer>

namespace Relay {

class Session;

/// Coalesces outgoing frames: sessions queue whole frames, and once per event-loop pass (after every
/// readable socket was handled, or after `delayMs`) each session with something queued writes it in one
/// system call. The cost of fan-out is per socket per flush, not per frame, so publishes that arrive
/// together leave together.
class Outbox : public QObject {
    Q_OBJECT
public:
    explicit Outbox(int delayMs = 0, QObject *parent = nullptr);
    void schedule(Session *session);
    void forget(Session *session) { m_dirty.remove(session); }

private:
    void flush();

    QSet<Session *> m_dirty;
    QTimer m_timer;
};

} // namespace Relay
