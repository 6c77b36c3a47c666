// SPDX-License-Identifier: MIT
#include "holdback.h"

#include "channels/presenceroster.h"

#include <QDateTime>
#include <QTimerEvent>

#include <algorithm>
#include <limits>

namespace Relay {

namespace {
    QString channelKey(const QString &channel)
    {
        return QStringLiteral("c:") + channel;
    }

    QString memberKey(const QString &channel, const QJsonValue &userId)
    {
        return QStringLiteral("m:") + channel + u'\n' + PresenceRoster::keyOf(userId);
    }
} // namespace

HoldBack::HoldBack(Emit emit, QObject *parent)
    : QObject(parent)
    , m_emit(std::move(emit))
{
}

void HoldBack::occupied(const QString &channel)
{
    if (!cancel(channelKey(channel)))
        m_emit(WebhookEvents::channelOccupied(channel));
}

void HoldBack::vacated(const QString &channel)
{
    hold(channelKey(channel), WebhookEvents::channelVacated(channel));
}

void HoldBack::memberAdded(const QString &channel, const QJsonValue &userId)
{
    if (!cancel(memberKey(channel, userId)))
        m_emit(WebhookEvents::memberAdded(channel, userId));
}

void HoldBack::memberRemoved(const QString &channel, const QJsonValue &userId)
{
    hold(memberKey(channel, userId), WebhookEvents::memberRemoved(channel, userId));
}

bool HoldBack::cancel(const QString &key)
{
    const auto it = m_held.constFind(key);
    if (it == m_held.constEnd())
        return false;
    for (auto [at, end] = m_byDue.equal_range(it->dueMs); at != end; ++at) {
        if (at->second == key) {
            m_byDue.erase(at);
            break;
        }
    }
    m_held.erase(it);
    schedule();
    return true;
}

void HoldBack::hold(const QString &key, WebhookEvent event)
{
    if (m_holdBackMs <= 0) {
        m_emit(event);
        return;
    }
    cancel(key); // cannot happen while the hub's bookkeeping is right; keeps one entry per key regardless
    const qint64 due = QDateTime::currentMSecsSinceEpoch() + m_holdBackMs;
    m_held.insert(key, Held { std::move(event), due });
    m_byDue.emplace(due, key);
    schedule();
}

QList<LeavingMember> HoldBack::heldRemovals(const QString &appId) const
{
    QList<LeavingMember> out;
    for (const auto &[due, key] : m_byDue) {
        const Held &held = m_held[key];
        if (held.event.name == QLatin1String("member_removed"))
            out.append(LeavingMember {
                appId, held.event.channel, held.event.json.value(QLatin1String("user_id")).toString(), due });
    }
    return out;
}

void HoldBack::flush()
{
    emitDue(std::numeric_limits<qint64>::max());
}

void HoldBack::emitDue(qint64 nowMs)
{
    while (!m_byDue.empty() && m_byDue.begin()->first <= nowMs) {
        const QString key = m_byDue.begin()->second;
        m_byDue.erase(m_byDue.begin());
        const WebhookEvent event = m_held.take(key).event;
        m_emit(event);
    }
    schedule();
}

void HoldBack::schedule()
{
    if (m_byDue.empty()) {
        m_timer.stop();
        return;
    }
    const qint64 wait = m_byDue.begin()->first - QDateTime::currentMSecsSinceEpoch();
    m_timer.start(int(std::clamp<qint64>(wait, 0, 600000)), Qt::PreciseTimer, this);
}

void HoldBack::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer.timerId())
        return QObject::timerEvent(event);
    emitDue(QDateTime::currentMSecsSinceEpoch());
}

} // namespace Relay
