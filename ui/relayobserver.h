// SPDX-License-Identifier: MIT
#pragma once

#include "stats/relayfeed.h"
#include "stats/relaysnapshot.h"

#include <QBasicTimer>
#include <QObject>

#include <memory>

namespace Relay {
class RelayHost;
}

namespace Inspector {

/// The window's one link to the relay thread: about ten times a second it drains the feed into one batch,
/// picks up the latest snapshot and asks the relay for a new one if it changed (RelayHost::poll), and hands
/// batch and snapshot to the panels. While events keep arriving tick after tick it ticks four times a second
/// instead (each batch costs the window a layout and a repaint of the log, whatever its size); the first tick
/// without events returns to the base rate. Lives in the GUI thread.
class RelayObserver : public QObject {
    Q_OBJECT
public:
    explicit RelayObserver(Relay::RelayHost &host, int intervalMs = 100, QObject *parent = nullptr);
    ~RelayObserver() override;

    Relay::RelayHost &host() const { return m_host; }
    std::shared_ptr<const Relay::RelaySnapshot> snapshot() const { return m_snapshot; }
    /// Drains and publishes now instead of at the next tick.
    void refresh();
    /// The current tick: the base interval, or busyIntervalMs while events flow.
    int intervalMs() const { return m_currentMs; }

Q_SIGNALS:
    void eventsArrived(const QList<Relay::FeedEvent> &batch);
    void snapshotArrived(const std::shared_ptr<const Relay::RelaySnapshot> &snapshot);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    static constexpr int busyIntervalMs = 250;

    Relay::RelayHost &m_host;
    QBasicTimer m_timer;
    int m_intervalMs;
    int m_currentMs;
    bool m_lastBatchEmpty = true;
    std::shared_ptr<const Relay::RelaySnapshot> m_snapshot;
};

} // namespace Inspector
