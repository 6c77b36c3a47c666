// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "relayhost.h"

#include <QDateTime>
#include <QLabel>
#include <QMetaEnum>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QTimerEvent>

namespace Inspector {

MainWindow::MainWindow(Relay::RelayHost &host, QWidget *parent)
    : QMainWindow(parent)
    , m_host(host)
    , m_log(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
{
    setWindowTitle(QStringLiteral("Relay Desk — %1").arg(host.listenAddress()));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(10000);
    m_log->setPlaceholderText(QStringLiteral("No events yet: connect a client to ws://%1/app/%2 or publish an event.")
                                  .arg(host.listenAddress(), host.config().apps.first().key));
    setCentralWidget(m_log);
    statusBar()->addWidget(m_status);
    m_host.feed().setObserved(true);
    m_refresh.start(100, this);
    resize(1000, 640);
}

void MainWindow::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_refresh.timerId())
        return QMainWindow::timerEvent(event);
    const QList<Relay::FeedEvent> batch = m_host.feed().drain();
    if (batch.isEmpty())
        return;
    const QMetaEnum kinds = QMetaEnum::fromType<Relay::FeedEvent::Kind>();
    QString text;
    for (const Relay::FeedEvent &event : batch) {
        text += QDateTime::fromMSecsSinceEpoch(event.timeMs).toString(QStringLiteral("HH:mm:ss.zzz")) + u' '
            + QLatin1String(kinds.valueToKey(int(event.kind))) + u' ' + event.appId + u' ' + event.channel + u' '
            + event.event + u' ' + event.socketId + u' ' + event.detail.left(200) + u'\n';
    }
    text.chop(1);
    m_log->appendPlainText(text);
    m_events += quint64(batch.size());
    m_status->setText(QStringLiteral("%1 events seen").arg(m_events));
}

} // namespace Inspector
