// SPDX-License-Identifier: MIT
#pragma once

#include <QBasicTimer>
#include <QObject>

namespace Relay {
class RelayFeed;
}

/// --debug: prints what the relay does to stderr, one line per feed event, drained ten times a second.
class DebugLog : public QObject {
    Q_OBJECT
public:
    explicit DebugLog(Relay::RelayFeed &feed, QObject *parent = nullptr);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    Relay::RelayFeed &m_feed;
    QBasicTimer m_timer;
};
