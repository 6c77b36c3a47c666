// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

class QSocketNotifier;

/// Turns SIGINT and SIGTERM into a Qt signal, delivered in the event loop (a self-pipe, so the handler
/// itself only writes one byte). When that cannot be set up, errorString() says why and the signals keep
/// their default action (the process ends without closing its clients).
class SignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);

    bool isWatching() const { return m_notifier != nullptr; }
    QString errorString() const { return m_error; }

Q_SIGNALS:
    void terminationRequested();

private:
    QSocketNotifier *m_notifier = nullptr;
    QString m_error;
};
