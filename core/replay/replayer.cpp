// SPDX-License-Identifier: MIT
#include "replayer.h"

#include "service/hub.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace Relay {

namespace {
    constexpr int fastBatch = 256; // entries per event-loop pass at speed 0, so sockets are flushed between
} // namespace

Replayer::Replayer(Hub &hub, const QList<RecordEntry> &entries, QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_timer(this)
{
    for (const RecordEntry &entry : entries) {
        if (entry.replayable())
            m_entries.append(entry);
    }
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Replayer::playNext);
}

void Replayer::setSpeed(double speed)
{
    const double next = speed > 0 ? speed : 0.0;
    if (m_playing) {
        m_anchorClockMs = clockMs();
        m_elapsed.start();
    }
    m_speed = next;
    if (m_playing)
        schedule();
}

qint64 Replayer::clockMs() const
{
    if (!m_playing || m_speed == 0)
        return m_anchorClockMs;
    return m_anchorClockMs + qint64(double(m_elapsed.elapsed()) * m_speed);
}

void Replayer::play()
{
    if (m_playing || m_next >= m_entries.size())
        return;
    m_playing = true;
    m_elapsed.start();
    Q_EMIT stateChanged(true);
    schedule();
}

void Replayer::pause()
{
    if (!m_playing)
        return;
    m_anchorClockMs = clockMs();
    m_playing = false;
    m_timer.stop();
    Q_EMIT stateChanged(false);
}

bool Replayer::step()
{
    if (m_next >= m_entries.size())
        return false;
    const RecordEntry &entry = m_entries.at(m_next++);
    publishEntry(entry);
    m_anchorClockMs = entry.offsetMs;
    m_elapsed.start();
    Q_EMIT played(int(m_next - 1), count());
    if (m_next >= m_entries.size()) {
        m_timer.stop();
        if (std::exchange(m_playing, false))
            Q_EMIT stateChanged(false);
        Q_EMIT finished(count() - m_failures, m_failures);
    } else if (m_playing) {
        schedule();
    }
    return true;
}

void Replayer::schedule()
{
    if (m_next >= m_entries.size())
        return;
    if (m_speed == 0) {
        m_timer.start(0);
        return;
    }
    const qint64 dueIn = m_entries.at(m_next).offsetMs - clockMs();
    // A timer waits at most 2^31 - 1 ms; a longer (slowed-down) gap is waited for in several turns, as
    // playNext() plays only what is due.
    const double waitMs = dueIn <= 0 ? 0.0 : std::ceil(double(dueIn) / m_speed);
    m_timer.start(int(std::min(waitMs, double(std::numeric_limits<int>::max()))));
}

void Replayer::playNext()
{
    if (!m_playing)
        return;
    if (m_speed == 0) {
        for (int i = 0; i < fastBatch && m_playing; ++i)
            step();
        return;
    }
    // Everything already due goes out now, in order; the timer is only for the first one in the future.
    while (m_playing && m_next < m_entries.size() && m_entries.at(m_next).offsetMs <= clockMs()) {
        const RecordEntry &entry = m_entries.at(m_next++);
        publishEntry(entry);
        Q_EMIT played(int(m_next - 1), count());
    }
    if (m_next >= m_entries.size()) {
        m_playing = false;
        Q_EMIT stateChanged(false);
        Q_EMIT finished(count() - m_failures, m_failures);
        return;
    }
    schedule();
}

void Replayer::publishEntry(const RecordEntry &entry)
{
    AppState *app = m_hub.appById(entry.appId);
    if (!app) {
        ++m_failures;
        Q_EMIT entryFailed(entry.line, QStringLiteral("unknown app \"%1\"").arg(entry.appId));
        return;
    }
    // The recorded excluded socket belonged to another run; a replay reaches every subscriber.
    if (Status published = m_hub.publish(*app, Publication { entry.channel, entry.event, entry.data, {} });
        !published) {
        ++m_failures;
        Q_EMIT entryFailed(entry.line, published.error().message);
    }
}

} // namespace Relay
