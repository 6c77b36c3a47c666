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
/// batch and snapshot to the panels. Lives in the GUI thread.
class RelayObserver : public QObject {
    Q_OBJECT
public:
    explicit RelayObserver(Relay::RelayHost &host, int intervalMs = 100, QObject *parent = nullptr);
    ~RelayObserver() override;

    Relay::RelayHost &host() const { return m_host; }
    std::shared_ptr<const Relay::RelaySnapshot> snapshot() const { return m_snapshot; }
    /// Drains and publishes now instead of at the next tick.
    void refresh();

Q_SIGNALS:
    void eventsArrived(const QList<Relay::FeedEvent> &batch);
    void snapshotArrived(const std::shared_ptr<const Relay::RelaySnapshot> &snapshot);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    Relay::RelayHost &m_host;
    QBasicTimer m_timer;
    std::shared_ptr<const Relay::RelaySnapshot> m_snapshot;
};

} // namespace Inspector
