// SPDX-License-Identifier: MIT
#pragma once

#include "stats/relaysnapshot.h"
#include "webhookevents.h"

#include <QBasicTimer>
#include <QHash>
#include <QObject>

#include <functional>
#include <map>

namespace Relay {

/// Pusher's debounce of channel_vacated and member_removed for one app: each waits `holdBackMs`; if the
/// channel is occupied again (or the user rejoins) meanwhile, neither the waiting event nor the occupied
/// (added) event that cancelled it is sent. Every other event passes straight through. Events leave through
/// `emit` in the order they became due. Single-threaded.
class HoldBack : public QObject {
    Q_OBJECT
public:
    using Emit = std::function<void(const WebhookEvent &)>;
    HoldBack(Emit emit, QObject *parent = nullptr);

    void setHoldBackMs(int ms) { m_holdBackMs = ms; }
    void occupied(const QString &channel);
    void vacated(const QString &channel);
    void memberAdded(const QString &channel, const QJsonValue &userId);
    void memberRemoved(const QString &channel, const QJsonValue &userId);
    /// Emits everything still held, now (shutdown).
    void flush();
    qsizetype heldCount() const { return m_held.size(); }
    /// The member_removed events held now, as LeavingMember rows of app `appId`, soonest first.
    QList<LeavingMember> heldRemovals(const QString &appId) const;

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    /// Cancels a held event for `key`; true when there was one (then the caller's event is swallowed too).
    bool cancel(const QString &key);
    void hold(const QString &key, WebhookEvent event);
    void emitDue(qint64 nowMs);
    void schedule();

    struct Held {
        WebhookEvent event;
        qint64 dueMs = 0;
    };
    Emit m_emit;
    int m_holdBackMs = 3000;
    QHash<QString, Held> m_held; ///< by key: "c:<channel>" or "m:<channel>\n<user key>"
    std::multimap<qint64, QString> m_byDue; ///< equal times keep arrival order
    QBasicTimer m_timer;
};

} // namespace Relay
