// SPDX-License-Identifier: MIT
#pragma once

#include "stats/relayfeed.h"

#include <QBasicTimer>
#include <QList>
#include <QObject>

/// --debug: prints what the relay does to stderr, one line per feed event. Headless it drains the feed
/// itself ten times a second; with the window open the window drains it, and print() gets each batch.
class DebugLog : public QObject {
    Q_OBJECT
public:
    /// Drains `feed` on its own timer.
    explicit DebugLog(Relay::RelayFeed &feed, QObject *parent = nullptr);
    /// Prints only what print() is given.
    explicit DebugLog(QObject *parent = nullptr);

    void print(const QList<Relay::FeedEvent> &batch);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    Relay::RelayFeed *m_feed = nullptr;
    QBasicTimer m_timer;
};
