// SPDX-License-Identifier: MIT
// EventLogPanel's filters: the filter bar (text or pattern, channel, kinds), what they hide, and re-filtering
// that keeps following the tail.
#include "eventlogpanel.h"

#include "feedformat.h"
#include "logfilterproxy.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMenu>
#include <QMetaEnum>
#include <QToolButton>

namespace Inspector {

using Kind = Relay::FeedEvent::Kind;

namespace {
    constexpr int filterDelayMs = 150; // refilter once typing pauses, not per keystroke over 100 000 rows
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
    m_channel->setMinimumContentsLength(8);
    m_channel->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_filter->setMinimumWidth(m_filter->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 24);
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
            refilter([&] { m_proxy->setKindVisible(kind, on); });
            updateKindsButton();
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
        refilter([&] { m_proxy->setChannel(text == m_proxy->channel() ? m_channelApp : QString(), text.trimmed()); });
    });
    return bar;
}

QAction *EventLogPanel::kindAction(Kind kind) const
{
    for (QAction *action : m_kindActions) {
        if (action->data().toInt() == int(kind))
            return action;
    }
    return nullptr;
}

void EventLogPanel::clearFilters()
{
    m_filter->clear();
    m_channel->setEditText({});
    m_proxy->setSocket({});
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
    if (!m_proxy->socket().isEmpty())
        parts.append(QStringLiteral("socket %1").arg(m_proxy->socket()));
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
    refilter([&] { m_proxy->setChannel(appId, channel); });
    const QSignalBlocker blocker(m_channel);
    m_channel->setEditText(channel);
}

void EventLogPanel::setSocketFilter(const QString &socketId)
{
    refilter([&] { m_proxy->setSocket(socketId); });
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

void EventLogPanel::refilter(const std::function<void()> &change)
{
    const bool wasFollowing = m_following;
    change();
    if (wasFollowing)
        follow();
    updateStatus();
}

void EventLogPanel::applyTextFilter()
{
    m_filterDelay.stop();
    bool valid = true;
    refilter([&] { valid = m_proxy->setText(m_filter->text(), m_regex->isChecked()); });
    m_filter->setStyleSheet(valid ? QString() : QStringLiteral("QLineEdit { border: 1px solid #d32f2f; }"));
    m_filter->setToolTip(valid ? QString() : QStringLiteral("This regular expression does not compile"));
    updateStatus();
}

} // namespace Inspector
