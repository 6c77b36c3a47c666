// SPDX-License-Identifier: MIT
#include "eventlogpanel.h"

#include "replay/recording.h"

#include "emptystate.h"
#include "eventlogmodel.h"
#include "feedformat.h"
#include "logfilterproxy.h"
#include "viewsetup.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMetaEnum>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QTimerEvent>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace Inspector {

using Kind = Relay::FeedEvent::Kind;

EventLogPanel::EventLogPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new EventLogModel(this))
    , m_proxy(new LogFilterProxy(this))
    , m_view(makeTableView(this))
    , m_detail(new QPlainTextEdit(this))
    , m_filter(new QLineEdit(this))
    , m_regex(new QToolButton(this))
    , m_channel(new QComboBox(this))
    , m_kinds(new QToolButton(this))
    , m_badge(new QPushButton(m_view))
    , m_status(new QLabel(this))
{
    m_proxy->setSourceLog(m_model);
    m_view->setModel(m_proxy);
    // Channel and Event share what the fixed columns leave, so Socket and Size stay in view in a small window.
    const int widths[] = { 95, 100, 70, 0, 0, 110, 70 };
    for (int column = 0; column < int(std::size(widths)); ++column)
        m_view->setColumnWidth(column, widths[column]);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setMinimumSectionSize(40);
    for (int column : { int(EventLogModel::ChannelColumn), int(EventLogModel::EventColumn) })
        m_view->header()->setSectionResizeMode(column, QHeaderView::Stretch);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_empty = new EmptyState(m_view, QStringLiteral("No events yet: connect a client or publish an event."));
    m_empty->setObjectName(QStringLiteral("logEmptyState"));
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(QStringLiteral("Select an event to see it as JSON."));
    m_badge->setObjectName(QStringLiteral("newEventsBadge"));
    m_badge->setCursor(Qt::PointingHandCursor);
    m_badge->hide();
    m_status->setObjectName(QStringLiteral("logStatus"));
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // a long status never widens the panel
    makeActions();

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(makeFilterBar());
    layout->addWidget(splitter);
    layout->addWidget(m_status);

    m_view->installEventFilter(this);
    m_filter->installEventFilter(this);
    m_channel->lineEdit()->installEventFilter(this);
    connect(m_badge, &QPushButton::clicked, this, &EventLogPanel::follow);
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, &EventLogPanel::onScrolled);
    connect(m_view->header(), &QHeaderView::sectionResized, this, &EventLogPanel::placeBadge);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        onRowsInserted(last - first + 1);
    });
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, [this](const QModelIndex &, int first, int last) {
        keepReadingPosition(first, last);
        updateStatus();
    });
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &EventLogPanel::updateStatus);
    // The count of events moves even while the filters hide every new row.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &EventLogPanel::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &EventLogPanel::updateStatus);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &EventLogPanel::showCurrent);
    updateStatus();
}

void EventLogPanel::makeActions()
{
    const auto make = [this](const QString &text, const QKeySequence &shortcut, auto slot) {
        auto *action = new QAction(text, this);
        action->setShortcut(shortcut);
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_pause = make(QStringLiteral("Pause"), QKeySequence(Qt::CTRL | Qt::Key_P), &EventLogPanel::setPaused);
    m_pause->setCheckable(true);
    m_pause->setToolTip(QStringLiteral("Pause the log; events that arrive meanwhile are kept (Ctrl+P)"));
    m_follow = make(QStringLiteral("Follow"), QKeySequence(Qt::CTRL | Qt::Key_End), &EventLogPanel::follow);
    m_follow->setToolTip(QStringLiteral("Jump to the newest event and follow (Ctrl+End)"));
    m_clear = make(QStringLiteral("Clear"), QKeySequence(Qt::CTRL | Qt::Key_L), &EventLogPanel::clear);
    m_clear->setToolTip(QStringLiteral("Clear the log (Ctrl+L)"));
    m_export = make(QStringLiteral("Export…"), QKeySequence(Qt::CTRL | Qt::Key_E), &EventLogPanel::exportInteractively);
    m_export->setToolTip(QStringLiteral("Export the shown events to JSON Lines (Ctrl+E)"));
    m_copyJson = make(QStringLiteral("Copy as JSON"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), [this] {
        copyToClipboard(currentJson(), QStringLiteral("JSON"));
    });
    m_copyCurl = make(QStringLiteral("Copy as curl command"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U), [this] {
        copyToClipboard(currentCurl(), QStringLiteral("curl command"));
    });
    m_loadIntoPublish
        = make(QStringLiteral("Load into Publish"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), [this] {
              const QModelIndex current = m_proxy->mapToSource(m_view->selectionModel()->currentIndex());
              if (current.isValid())
                  Q_EMIT loadIntoPublishRequested(m_model->eventAt(current.row()));
          });
    m_copyJson->setEnabled(false);
    m_copyCurl->setEnabled(false);
    m_loadIntoPublish->setEnabled(false);
    m_view->addActions({ m_copyJson, m_copyCurl, m_loadIntoPublish });
}

void EventLogPanel::setPublishTarget(const QString &baseUrl, const QHash<QString, QString> &secretByApp)
{
    m_baseUrl = baseUrl;
    m_secretByApp = secretByApp;
    m_view->setColumnHidden(EventLogModel::AppColumn, secretByApp.size() <= 1); // one app: the column says nothing
}

void EventLogPanel::appendEvents(const QList<Relay::FeedEvent> &batch)
{
    if (!m_paused) {
        m_model->append(batch);
        return;
    }
    for (const Relay::FeedEvent &event : batch)
        m_heldBytes += event.memoryBytes();
    m_held.append(batch);
    qsizetype drop = 0;
    while (drop < m_held.size() - 1
        && (m_held.size() - drop > m_model->capacity() || m_heldBytes > m_model->budgetBytes())) {
        m_heldBytes -= m_held[drop].memoryBytes();
        ++drop;
    }
    m_held.remove(0, drop);
    m_heldDropped += quint64(drop);
    updateStatus();
}

void EventLogPanel::setBudgetBytes(qsizetype bytes)
{
    m_model->setBudgetBytes(bytes);
    updateStatus();
}

qsizetype EventLogPanel::budgetBytes() const
{
    return m_model->budgetBytes();
}

void EventLogPanel::setFeedDropped(quint64 count)
{
    if (count == m_feedDropped)
        return;
    m_feedDropped = count;
    updateStatus();
}

QLabel *EventLogPanel::emptyStateLabel() const
{
    return m_empty;
}

void EventLogPanel::setCapacity(qsizetype capacity)
{
    m_model->setCapacity(capacity);
    updateStatus();
}

qsizetype EventLogPanel::capacity() const
{
    return m_model->capacity();
}

void EventLogPanel::setPaused(bool paused)
{
    m_paused = paused;
    m_pause->setChecked(paused);
    m_pause->setText(paused ? QStringLiteral("Resume") : QStringLiteral("Pause"));
    if (!paused && !m_held.isEmpty()) {
        m_heldBytes = 0;
        m_model->append(std::exchange(m_held, {}));
    }
    updateStatus();
}

void EventLogPanel::follow()
{
    m_following = true;
    m_newCount = 0;
    m_autoScrolling = true;
    m_view->scrollToBottom();
    m_autoScrolling = false;
    m_badge->hide();
}

void EventLogPanel::clear()
{
    m_model->clear();
    m_held.clear();
    m_heldBytes = 0;
    m_heldDropped = 0;
    m_detail->clear();
    follow();
    updateStatus();
}

void EventLogPanel::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_filterDelay.timerId())
        return QWidget::timerEvent(event);
    applyTextFilter();
}

void EventLogPanel::onRowsInserted(int count)
{
    if (m_following) {
        m_autoScrolling = true;
        m_view->scrollToBottom();
        m_autoScrolling = false;
    } else {
        m_newCount += count;
        m_badge->setText(QStringLiteral("+%L1 new ↓").arg(m_newCount));
        m_badge->adjustSize();
        placeBadge();
        m_badge->show();
        m_badge->raise();
    }
    updateStatus();
}

void EventLogPanel::onScrolled()
{
    if (m_autoScrolling)
        return;
    const QScrollBar *bar = m_view->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum();
    if (atEnd && !m_following)
        follow();
    else if (!atEnd)
        m_following = false;
}

void EventLogPanel::keepReadingPosition(int first, int last)
{
    // The ring drops the oldest rows from the top; someone reading further down keeps seeing the same rows.
    QScrollBar *bar = m_view->verticalScrollBar();
    if (m_following || first != 0 || bar->value() == 0)
        return;
    m_autoScrolling = true;
    bar->setValue(std::max(0, bar->value() - (last - first + 1)));
    m_autoScrolling = false;
}

void EventLogPanel::placeBadge()
{
    // Bottom right of the Event column: the Socket and Size columns stay readable under it.
    const QRect area = m_view->viewport()->geometry();
    const int socketLeft = m_view->header()->sectionViewportPosition(EventLogModel::SocketColumn);
    const int right = socketLeft > 0 ? area.left() + socketLeft : area.right();
    m_badge->move(std::max(area.left() + 4, right - m_badge->width() - 8), area.bottom() - m_badge->height() - 8);
}

bool EventLogPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::Resize)
        placeBadge();
    if (event->type() == QEvent::ShortcutOverride && (watched == m_filter || watched == m_channel->lineEdit())) {
        // A line edit claims Ctrl+E (end of line) and others; the window's own shortcuts win over it here.
        const auto *key = static_cast<QKeyEvent *>(event);
        const QKeySequence pressed(key->keyCombination());
        for (const QAction *action : { m_export, m_pause, m_clear }) {
            if (action->shortcut() == pressed)
                return true; // not accepted: the shortcut fires
        }
    }
    if (watched == m_kinds->menu() && event->type() == QEvent::MouseButtonRelease) {
        auto *menu = static_cast<QMenu *>(watched);
        QAction *action = menu->actionAt(static_cast<QMouseEvent *>(event)->position().toPoint());
        if (action && action->isCheckable()) {
            action->toggle();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void EventLogPanel::showCurrent()
{
    const QModelIndex current = m_proxy->mapToSource(m_view->selectionModel()->currentIndex());
    const bool valid = current.isValid();
    m_copyJson->setEnabled(valid);
    m_copyCurl->setEnabled(valid && FeedFormat::isPublishable(m_model->eventAt(current.row())));
    m_loadIntoPublish->setEnabled(valid);
    m_detail->setPlainText(valid ? FeedFormat::prettyJson(m_model->eventAt(current.row())) : QString());
}

QString EventLogPanel::currentJson() const
{
    const QModelIndex current = m_proxy->mapToSource(m_view->selectionModel()->currentIndex());
    return current.isValid() ? FeedFormat::prettyJson(m_model->eventAt(current.row())) : QString();
}

QString EventLogPanel::currentCurl() const
{
    const QModelIndex current = m_proxy->mapToSource(m_view->selectionModel()->currentIndex());
    if (!current.isValid() || !FeedFormat::isPublishable(m_model->eventAt(current.row())))
        return {};
    const Relay::FeedEvent &event = m_model->eventAt(current.row());
    return FeedFormat::curlCommand(event, m_baseUrl, m_secretByApp.value(event.appId));
}

void EventLogPanel::updateStatus()
{
    using FeedFormat::counted;
    const int total = m_model->rowCount();
    const QString filters = filterDescription();
    QString text = counted(total, "event", "events");
    text += QStringLiteral(" (%1 of %2)")
                .arg(FeedFormat::byteSize(m_model->memoryBytes()), FeedFormat::byteSize(m_model->budgetBytes()));
    if (!filters.isEmpty())
        text += QStringLiteral(" · %L1 shown · filtered by %2").arg(m_proxy->rowCount()).arg(filters);
    if (m_model->droppedCount() > 0)
        text += QStringLiteral(" · %1 older dropped (%2; keeps %L3 events, %4)")
                    .arg(counted(qint64(m_model->droppedCount()), "event", "events"),
                        FeedFormat::byteSize(qint64(m_model->droppedBytes())))
                    .arg(m_model->capacity())
                    .arg(FeedFormat::byteSize(m_model->budgetBytes()));
    if (m_feedDropped > 0)
        text += QStringLiteral(" · %L1 dropped by the relay before reaching the window").arg(m_feedDropped);
    if (m_paused)
        text += QStringLiteral(" · paused, %L1 waiting").arg(m_held.size())
            + (m_heldDropped ? QStringLiteral(" (%L1 dropped)").arg(m_heldDropped) : QString());
    m_status->setText(text);
    m_status->setToolTip(text);
    m_clearFilters->setVisible(!filters.isEmpty());
    m_empty->setText(total == 0
            ? QStringLiteral("No events yet: connect a client or publish an event.")
            : QStringLiteral("None of the %1 match the filters (%2).").arg(counted(total, "event", "events"), filters));
}

bool EventLogPanel::exportTo(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    // The recording format (replay/recording.h), timed from the first shown row, so an export replays.
    qint64 originMs = -1;
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const Relay::FeedEvent &event = m_model->eventAt(m_proxy->mapToSource(m_proxy->index(row, 0)).row());
        if (originMs < 0)
            originMs = event.timeMs;
        file.write(Relay::Recording::line(event, originMs));
        file.write("\n");
    }
    return file.commit();
}

bool EventLogPanel::exportWithNotice(const QString &path)
{
    const bool written = exportTo(path);
    Q_EMIT notice(written
            ? QStringLiteral("Exported %1 to %2").arg(FeedFormat::counted(m_proxy->rowCount(), "event", "events"), path)
            : QStringLiteral("Could not write %1").arg(path));
    return written;
}

void EventLogPanel::copyToClipboard(const QString &text, const QString &what)
{
    if (text.isEmpty()) {
        Q_EMIT notice(QStringLiteral("Nothing copied: select an event first"));
        return;
    }
    QApplication::clipboard()->setText(text);
    Q_EMIT notice(QStringLiteral("Copied the event as %1 (%2)")
                      .arg(what, FeedFormat::counted(text.size(), "character", "characters")));
}

void EventLogPanel::exportInteractively()
{
    const QString path = QFileDialog::getSaveFileName(this,
        QStringLiteral("Export events"),
        QStringLiteral("relay-events.jsonl"),
        QStringLiteral("JSON Lines (*.jsonl);;All files (*)"));
    if (!path.isEmpty())
        exportWithNotice(path);
}

void EventLogPanel::saveSettings(QSettings &settings) const
{
    settings.setValue(QStringLiteral("log/filter"), m_filter->text());
    settings.setValue(QStringLiteral("log/regex"), m_regex->isChecked());
    QStringList hidden;
    for (const QAction *action : m_kindActions) {
        if (!action->isChecked())
            hidden.append(QString::number(action->data().toInt()));
    }
    settings.setValue(QStringLiteral("log/hiddenKinds"), hidden);
    settings.setValue(QStringLiteral("log/capacity"), qlonglong(m_model->capacity()));

    saveHeader(settings, QStringLiteral("log/columns"), m_view);
}

void EventLogPanel::restoreSettings(const QSettings &settings)
{
    m_filter->setText(settings.value(QStringLiteral("log/filter")).toString());
    m_regex->setChecked(settings.value(QStringLiteral("log/regex"), false).toBool());
    const QStringList hidden = settings.value(QStringLiteral("log/hiddenKinds")).toStringList();
    for (QAction *action : std::as_const(m_kindActions))
        action->setChecked(!hidden.contains(QString::number(action->data().toInt())));
    setCapacity(settings.value(QStringLiteral("log/capacity"), qlonglong(EventLogModel::defaultCapacity)).toLongLong());

    restoreHeader(settings, QStringLiteral("log/columns"), m_view);
    applyTextFilter();
}

} // namespace Inspector
