// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QTimer>

#include <vector>

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
    /// A session scheduled twice before a flush is flushed twice (the second finds nothing to write).
    void schedule(Session *session);
    void forget(Session *session);

private:
    void flush();

    // Vectors that keep their capacity: scheduling costs no allocation at fan-out.
    std::vector<Session *> m_dirty;
    std::vector<Session *> m_flushing; ///< the batch being flushed; a forgotten session is nulled here
    QTimer m_timer;
};

} // namespace Relay
