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

namespace {
    constexpr int filterDelayMs = 150; // refilter once typing pauses, not per keystroke over 100 000 rows
}

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
    const int widths[] = { 95, 118, 70, 160, 160, 130 };
    for (int column = 0; column < int(std::size(widths)); ++column)
        m_view->setColumnWidth(column, widths[column]);
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

QWidget *EventLogPanel::makeFilterBar()
{
    auto *bar = new QWidget(this);
    m_filter->setPlaceholderText(QStringLiteral("Filter: text in channel, event, socket or payload (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_regex->setText(QStringLiteral(".*"));
    m_regex->setCheckable(true);
    m_regex->setToolTip(QStringLiteral("Treat the filter as a regular expression"));
    m_channel->setEditable(true);
    m_channel->setInsertPolicy(QComboBox::NoInsert);
    m_channel->lineEdit()->setPlaceholderText(QStringLiteral("all channels"));
    m_channel->lineEdit()->setClearButtonEnabled(true);
    m_channel->setMinimumContentsLength(14);
    m_channel->setToolTip(QStringLiteral("Only this channel's events"));
    m_kinds->setObjectName(QStringLiteral("kindsButton"));
    m_kinds->setPopupMode(QToolButton::InstantPopup);
    auto *kindMenu = new QMenu(m_kinds);
    kindMenu->setObjectName(QStringLiteral("kindsMenu"));
    kindMenu->installEventFilter(this); // toggling a kind keeps the menu open
    const QMetaEnum kinds = QMetaEnum::fromType<Kind>();
    for (int i = 0; i < kinds.keyCount(); ++i) {
        const auto kind = Kind(kinds.value(i));
        QAction *action = kindMenu->addAction(FeedFormat::kindLabel(kind));
        action->setCheckable(true);
        action->setChecked(true);
        action->setData(int(kind));
        connect(action, &QAction::toggled, this, [this, kind](bool on) {
            m_proxy->setKindVisible(kind, on);
            updateKindsButton();
            updateStatus();
        });
        m_kindActions.append(action);
    }
    m_kinds->setMenu(kindMenu);
    updateKindsButton();
    m_clearFilters = new QToolButton(bar);
    m_clearFilters->setObjectName(QStringLiteral("clearFiltersButton"));
    m_clearFilters->setText(QStringLiteral("Clear filters"));
    m_clearFilters->setToolTip(QStringLiteral("Show every event again"));
    m_clearFilters->hide();
    connect(m_clearFilters, &QToolButton::clicked, this, &EventLogPanel::clearFilters);

    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter, 3);
    layout->addWidget(m_regex);
    layout->addWidget(m_channel, 1);
    layout->addWidget(m_kinds);
    layout->addWidget(m_clearFilters);
    for (QAction *action : { m_pause, m_follow, m_clear, m_export }) {
        auto *button = new QToolButton(bar);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        layout->addWidget(button);
    }
    connect(m_filter, &QLineEdit::textChanged, this, [this] { m_filterDelay.start(filterDelayMs, this); });
    connect(m_regex, &QToolButton::toggled, this, &EventLogPanel::applyTextFilter);
    connect(m_channel, &QComboBox::editTextChanged, this, [this](const QString &text) {
        m_proxy->setChannel(text == m_proxy->channel() ? m_channelApp : QString(), text.trimmed());
        updateStatus();
    });
    return bar;
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
        QApplication::clipboard()->setText(currentJson());
    });
    m_copyCurl = make(QStringLiteral("Copy as curl command"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U), [this] {
        QApplication::clipboard()->setText(currentCurl());
    });
    m_copyJson->setEnabled(false);
    m_copyCurl->setEnabled(false);
    m_view->addActions({ m_copyJson, m_copyCurl });
}

QAction *EventLogPanel::kindAction(Kind kind) const
{
    for (QAction *action : m_kindActions) {
        if (action->data().toInt() == int(kind))
            return action;
    }
    return nullptr;
}

void EventLogPanel::setPublishTarget(const QString &baseUrl, const QHash<QString, QString> &secretByApp)
{
    m_baseUrl = baseUrl;
    m_secretByApp = secretByApp;
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

void EventLogPanel::clearFilters()
{
    m_filter->clear();
    m_channel->setEditText({});
    for (QAction *action : std::as_const(m_kindActions))
        action->setChecked(true);
    applyTextFilter();
}

QString EventLogPanel::filterDescription() const
{
    QStringList parts;
    if (!m_filter->text().isEmpty())
        parts.append((m_regex->isChecked() ? QStringLiteral("pattern /%1/") : QStringLiteral("text \"%1\""))
                         .arg(m_filter->text()));
    if (!m_proxy->channel().isEmpty())
        parts.append(QStringLiteral("channel %1").arg(m_proxy->channel()));
    qsizetype hidden = 0;
    for (const QAction *action : m_kindActions)
        hidden += action->isChecked() ? 0 : 1;
    if (hidden > 0)
        parts.append(hidden == 1 ? QStringLiteral("1 kind hidden") : QStringLiteral("%1 kinds hidden").arg(hidden));
    return parts.join(QStringLiteral(", "));
}

void EventLogPanel::updateKindsButton()
{
    qsizetype hidden = 0;
    for (const QAction *action : std::as_const(m_kindActions))
        hidden += action->isChecked() ? 0 : 1;
    m_kinds->setText(hidden == 0 ? QStringLiteral("Kinds") : QStringLiteral("Kinds (%1 hidden)").arg(hidden));
}

void EventLogPanel::setChannelFilter(const QString &appId, const QString &channel)
{
    m_channelApp = appId;
    m_proxy->setChannel(appId, channel);
    const QSignalBlocker blocker(m_channel);
    m_channel->setEditText(channel);
    updateStatus();
}

void EventLogPanel::setChannelNames(const QStringList &names)
{
    QStringList current;
    for (int i = 0; i < m_channel->count(); ++i)
        current.append(m_channel->itemText(i));
    if (current == names)
        return;
    const QSignalBlocker blocker(m_channel);
    const QString text = m_channel->currentText();
    m_channel->clear();
    m_channel->addItems(names);
    m_channel->setEditText(text);
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

void EventLogPanel::applyTextFilter()
{
    m_filterDelay.stop();
    const bool valid = m_proxy->setText(m_filter->text(), m_regex->isChecked());
    m_filter->setStyleSheet(valid ? QString() : QStringLiteral("QLineEdit { border: 1px solid #d32f2f; }"));
    m_filter->setToolTip(valid ? QString() : QStringLiteral("This regular expression does not compile"));
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
    const QRect area = m_view->viewport()->geometry();
    m_badge->move(area.right() - m_badge->width() - 8, area.bottom() - m_badge->height() - 8);
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

namespace {
    QString counted(qint64 count, const char *singular, const char *plural)
    {
        return QStringLiteral("%L1 ").arg(count) + QLatin1String(count == 1 ? singular : plural);
    }
} // namespace

void EventLogPanel::updateStatus()
{
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

void EventLogPanel::exportInteractively()
{
    const QString path = QFileDialog::getSaveFileName(this,
        QStringLiteral("Export events"),
        QStringLiteral("relay-events.jsonl"),
        QStringLiteral("JSON Lines (*.jsonl);;All files (*)"));
    if (!path.isEmpty() && !exportTo(path))
        m_status->setText(QStringLiteral("Could not write %1").arg(path));
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

    saveHeader(settings, QStringLiteral("log/header"), m_view);
}

void EventLogPanel::restoreSettings(const QSettings &settings)
{
    m_filter->setText(settings.value(QStringLiteral("log/filter")).toString());
    m_regex->setChecked(settings.value(QStringLiteral("log/regex"), false).toBool());
    const QStringList hidden = settings.value(QStringLiteral("log/hiddenKinds")).toStringList();
    for (QAction *action : std::as_const(m_kindActions))
        action->setChecked(!hidden.contains(QString::number(action->data().toInt())));
    setCapacity(settings.value(QStringLiteral("log/capacity"), qlonglong(EventLogModel::defaultCapacity)).toLongLong());

    restoreHeader(settings, QStringLiteral("log/header"), m_view);
    applyTextFilter();
}

} // namespace Inspector
