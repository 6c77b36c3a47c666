// SPDX-License-Identifier: MIT
#include "recordreplaybar.h"

#include "relayhost.h"
#include "relayobserver.h"
#include "replay/recorder.h"
#include "replay/replayer.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>

namespace Inspector {

RecordReplayBar::RecordReplayBar(Relay::RelayHost &host, RelayObserver &observer, QWidget *parent)
    : QToolBar(QStringLiteral("Record and replay"), parent)
    , m_host(host)
    , m_speed(new QComboBox(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("recordReplayBar"));
    m_record = addAction(QStringLiteral("● Record"));
    m_record->setObjectName(QStringLiteral("recordAction"));
    m_record->setCheckable(true);
    m_record->setToolTip(QStringLiteral("Record publishes, client events and subscriptions to a JSON Lines file"));
    connect(m_record, &QAction::triggered, this, &RecordReplayBar::toggleRecording);
    addSeparator();
    m_open = addAction(QStringLiteral("Replay…"), this, &RecordReplayBar::openInteractively);
    m_open->setObjectName(QStringLiteral("openRecordingAction"));
    m_open->setToolTip(QStringLiteral("Open a recording or an exported log to replay into the relay"));
    m_play = addAction(QStringLiteral("▶ Play"), this, [this] { m_playing ? pause() : play(); });
    m_play->setObjectName(QStringLiteral("playAction"));
    m_step = addAction(QStringLiteral("Step"), this, &RecordReplayBar::step);
    m_step->setObjectName(QStringLiteral("stepAction"));
    m_step->setToolTip(QStringLiteral("Publish the next event of the recording now"));
    m_speed->setObjectName(QStringLiteral("replaySpeed"));
    for (const double speed : { 0.25, 0.5, 1.0, 2.0, 5.0, 10.0 })
        m_speed->addItem(QStringLiteral("%1×").arg(speed), speed);
    m_speed->addItem(QStringLiteral("as fast as possible"), 0.0);
    m_speed->setCurrentIndex(2);
    m_speed->setToolTip(QStringLiteral("Replay speed: 1× keeps the recorded timing"));
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this](int index) {
        setSpeed(m_speed->itemData(index).toDouble());
    });
    addWidget(m_speed);
    m_status->setObjectName(QStringLiteral("replayStatus"));
    m_status->setContentsMargins(8, 0, 0, 0);
    addWidget(m_status);
    connect(&observer, &RelayObserver::eventsArrived, this, &RecordReplayBar::onBatch);
    updateActions();
}

RecordReplayBar::~RecordReplayBar()
{
    if (m_replayer)
        m_replayer->deleteLater();
}

Relay::Status RecordReplayBar::startRecording(const QString &path, qint64 maxBytes)
{
    auto recorder = std::make_unique<Relay::Recorder>(path, maxBytes);
    if (Relay::Status opened = recorder->open(); !opened) {
        showStatus(opened.error().message);
        updateActions();
        return opened;
    }
    m_recorder = std::move(recorder);
    m_recordingName = QFileInfo(path).fileName();
    showStatus(QStringLiteral("recording to %1").arg(m_recordingName));
    updateActions();
    return Relay::Ok {};
}

void RecordReplayBar::stopRecording()
{
    if (!m_recorder)
        return;
    showStatus(QStringLiteral("recorded %1 events to %2").arg(m_recorder->linesWritten()).arg(m_recordingName));
    m_recorder.reset();
    updateActions();
}

void RecordReplayBar::onBatch(const QList<Relay::FeedEvent> &batch)
{
    if (!m_recorder)
        return;
    if (!m_recorder->write(batch)) {
        showStatus(m_recorder->stopReason());
        m_recorder.reset();
        updateActions();
        return;
    }
    if (!m_replayer)
        showStatus(QStringLiteral("recording to %1: %2 events").arg(m_recordingName).arg(m_recorder->linesWritten()));
}

void RecordReplayBar::toggleRecording(bool on)
{
    if (!on) {
        stopRecording();
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this,
        QStringLiteral("Record to"),
        QStringLiteral("relay-recording.jsonl"),
        QStringLiteral("JSON Lines (*.jsonl);;All files (*)"));
    if (path.isEmpty())
        updateActions();
    else
        startRecording(path);
}

void RecordReplayBar::openInteractively()
{
    const QString path = QFileDialog::getOpenFileName(
        this, QStringLiteral("Replay a recording"), {}, QStringLiteral("JSON Lines (*.jsonl);;All files (*)"));
    if (!path.isEmpty())
        openRecording(path);
}

Relay::Status RecordReplayBar::openRecording(const QString &path)
{
    const Relay::Result<Relay::Recording::File> file = Relay::Recording::read(path);
    if (!file) {
        showStatus(file.error().message);
        return file.error();
    }
    if (m_replayer)
        m_replayer->deleteLater();
    const double speed = m_speed->currentData().toDouble();
    Relay::Replayer *replayer = nullptr;
    m_host.runInRelayThread([&](Relay::RelayServer &server) {
        replayer = new Relay::Replayer(server.hub(), file->entries, &server);
        replayer->setSpeed(speed);
    });
    m_replayer = replayer;
    m_played = 0;
    m_failed = 0;
    m_playing = false;
    m_count = replayer->count();
    m_skippedLines = int(file->problems.size());
    m_recordingName = QFileInfo(path).fileName();
    connect(replayer, &Relay::Replayer::played, this, [this](int index, int count) {
        m_played = index + 1;
        m_count = count;
        showStatus(statusText());
        updateActions();
    });
    connect(replayer, &Relay::Replayer::entryFailed, this, [this](int line, const QString &message) {
        ++m_failed;
        showStatus(QStringLiteral("line %1 not published: %2").arg(line).arg(message));
    });
    connect(replayer, &Relay::Replayer::stateChanged, this, [this](bool playing) {
        m_playing = playing;
        updateActions();
        showStatus(statusText());
    });
    showStatus(statusText());
    updateActions();
    return Relay::Ok {};
}

QString RecordReplayBar::statusText() const
{
    if (!m_replayer)
        return m_status->text();
    QString text = QStringLiteral("%1: %2 / %3 events").arg(m_recordingName).arg(m_played).arg(m_count);
    if (m_failed > 0)
        text += QStringLiteral(", %1 refused").arg(m_failed);
    if (m_skippedLines > 0)
        text += QStringLiteral(", %1 unreadable lines skipped").arg(m_skippedLines);
    if (m_played == m_count)
        text += QStringLiteral(" (done)");
    return text;
}

void RecordReplayBar::play()
{
    if (m_replayer)
        QMetaObject::invokeMethod(m_replayer.data(), &Relay::Replayer::play);
}

void RecordReplayBar::pause()
{
    if (m_replayer)
        QMetaObject::invokeMethod(m_replayer.data(), &Relay::Replayer::pause);
}

void RecordReplayBar::step()
{
    if (m_replayer)
        QMetaObject::invokeMethod(m_replayer.data(), [replayer = m_replayer.data()] { replayer->step(); });
}

void RecordReplayBar::setSpeed(double speed)
{
    if (m_replayer)
        QMetaObject::invokeMethod(
            m_replayer.data(), [replayer = m_replayer.data(), speed] { replayer->setSpeed(speed); });
}

void RecordReplayBar::showStatus(const QString &text)
{
    m_status->setText(text);
}

void RecordReplayBar::updateActions()
{
    m_record->setChecked(m_recorder != nullptr);
    m_record->setText(m_recorder ? QStringLiteral("■ Stop recording") : QStringLiteral("● Record"));
    m_play->setEnabled(m_replayer && m_played < m_count);
    m_play->setText(m_playing ? QStringLiteral("❚❚ Pause") : QStringLiteral("▶ Play"));
    m_step->setEnabled(m_replayer && m_played < m_count);
}

} // namespace Inspector
