// SPDX-License-Identifier: MIT
#include "headlesstools.h"

#include "relayserver.h"

#include <QTimerEvent>

#include <cstdio>

namespace {
void printError(const QString &message)
{
    std::fprintf(stderr, "relaydesk: %s\n", qUtf8Printable(message));
}
} // namespace

HeadlessTools::HeadlessTools(Relay::RelayServer &server, QObject *parent)
    : QObject(parent)
    , m_server(server)
{
}

HeadlessTools::~HeadlessTools()
{
    if (m_recorder) {
        m_recorder->write(m_server.hub().feed().drain());
        m_recorder->close();
    }
}

void HeadlessTools::observe()
{
    m_server.hub().feed().setObserved(true);
    if (!m_drain.isActive())
        m_drain.start(100, this);
}

void HeadlessTools::enableDebugLog()
{
    m_debugLog = std::make_unique<DebugLog>();
    observe();
}

bool HeadlessTools::startRecording(const QString &path, qint64 maxBytes)
{
    auto recorder = std::make_unique<Relay::Recorder>(path, maxBytes);
    if (Relay::Status opened = recorder->open(); !opened) {
        printError(opened.error().message);
        return false;
    }
    m_recorder = std::move(recorder);
    observe();
    return true;
}

bool HeadlessTools::startReplay(const QString &path, double speed)
{
    const Relay::Result<Relay::Recording::File> file = Relay::Recording::read(path);
    if (!file) {
        printError(file.error().message);
        return false;
    }
    for (const QString &problem : file->problems)
        printError(QStringLiteral("%1: skipped %2").arg(path, problem));
    m_replayer = new Relay::Replayer(m_server.hub(), file->entries, this);
    m_replayer->setSpeed(speed);
    connect(m_replayer, &Relay::Replayer::entryFailed, this, [path](int line, const QString &message) {
        printError(QStringLiteral("%1: line %2 not published: %3").arg(path).arg(line).arg(message));
    });
    connect(m_replayer, &Relay::Replayer::finished, this, [path](int played, int failed) {
        std::printf("replay of %s finished: %d events published, %d refused\n", qUtf8Printable(path), played, failed);
        std::fflush(stdout);
    });
    std::printf("replaying %d events from %s at speed %s\n",
        m_replayer->count(),
        qUtf8Printable(path),
        speed > 0 ? qUtf8Printable(QString::number(speed)) : "0 (as fast as possible)");
    std::fflush(stdout);
    if (m_replayer->count() == 0)
        Q_EMIT m_replayer->finished(0, 0);
    else
        m_replayer->play();
    return true;
}

void HeadlessTools::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_drain.timerId())
        return QObject::timerEvent(event);
    const QList<Relay::FeedEvent> batch = m_server.hub().feed().drain();
    if (batch.isEmpty())
        return;
    if (m_debugLog)
        m_debugLog->print(batch);
    if (m_recorder && !m_recorder->write(batch)) {
        printError(m_recorder->stopReason());
        m_recorder->close();
        m_recorder.reset();
        if (!m_debugLog) {
            m_drain.stop();
            m_server.hub().feed().setObserved(false);
        }
    }
}
