// SPDX-License-Identifier: MIT
#include "memberspanel.h"

#include "emptystate.h"
#include "feedformat.h"
#include "membersmodel.h"
#include "protocol/jsontext.h"
#include "viewsetup.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace Inspector {

MembersPanel::MembersPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new MembersModel(this))
    , m_title(new QLabel(this))
    , m_leaving(new QLabel(this))
    , m_countdown(new QTimer(this))
    , m_view(makeTableView(this))
    , m_detail(new QPlainTextEdit(this))
{
    m_view->setModel(m_model);
    m_view->setColumnWidth(MembersModel::IdColumn, 90);
    m_view->setColumnWidth(MembersModel::UserInfoColumn, 200);
    m_view->setColumnWidth(MembersModel::SocketsColumn, 60);
    m_empty = new EmptyState(m_view, {});
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(QStringLiteral("Select a member to see its user_info."));
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(m_leaving);
    layout->addWidget(splitter);
    m_leaving->setObjectName(QStringLiteral("leavingMembers"));
    m_leaving->setWordWrap(true);
    m_leaving->setToolTip(QStringLiteral("Their member_removed webhook is held back (webhook_hold_back_ms) and is "
                                         "not sent if they rejoin first."));
    m_leaving->hide();
    m_countdown->setInterval(250);
    connect(m_countdown, &QTimer::timeout, this, &MembersPanel::showLeaving);
    setChannel({}, {}, {});
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MembersPanel::showCurrent);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MembersPanel::showCurrent);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MembersPanel::showCurrent);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MembersPanel::showCurrent);
}

void MembersPanel::setChannel(const QString &appId, const QString &channel, const QString &type)
{
    const bool presence = type == QLatin1String("presence");
    m_appId = appId;
    m_channel = presence ? channel : QString();
    m_model->setChannel(appId, presence ? channel : QString());
    if (channel.isEmpty())
        m_title->setText(QStringLiteral("No channel selected"));
    else
        m_title->setText(presence
                ? QStringLiteral("Members of <b>%1</b> (%2)").arg(channel.toHtmlEscaped(), appId.toHtmlEscaped())
                : QStringLiteral("<b>%1</b> is not a presence channel").arg(channel.toHtmlEscaped()));
    m_empty->setText(presence ? QStringLiteral("No members in this channel.")
                              : QStringLiteral("Select a presence channel in Channels to see its members."));
    m_empty->refresh();
    showLeaving();
}

void MembersPanel::setSnapshot(const Relay::RelaySnapshot &snapshot)
{
    m_model->setSnapshot(snapshot);
    m_leavingMembers = snapshot.leaving;
    showLeaving();
}

void MembersPanel::showLeaving()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QStringList parts;
    for (const Relay::LeavingMember &member : std::as_const(m_leavingMembers)) {
        // Past its due time the webhook has been sent: the member is gone.
        if (member.dueMs <= now || member.appId != m_appId || member.channel != m_channel || m_channel.isEmpty())
            continue;
        const qint64 seconds = (member.dueMs - now + 999) / 1000;
        parts.append(QStringLiteral("%1 leaving in %2 s").arg(member.id).arg(seconds));
    }
    const QString text = parts.join(QStringLiteral(" · "));
    if (m_leaving->text() != text)
        m_leaving->setText(text);
    m_leaving->setVisible(!parts.isEmpty());
    if (parts.isEmpty())
        m_countdown->stop();
    else if (!m_countdown->isActive())
        m_countdown->start();
}

void MembersPanel::showCurrent()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const Relay::MemberInfo &member = m_model->rowAt(current.row());
    const QString text
        = QStringLiteral("user_id: %1\nuser_info:\n%2")
              .arg(Relay::compactJson(member.userId), FeedFormat::prettyText(Relay::compactJson(member.userInfo)));
    if (m_detail->toPlainText() != text)
        m_detail->setPlainText(text);
}

void MembersPanel::saveSettings(QSettings &settings) const
{
    saveHeader(settings, QStringLiteral("members/columns"), m_view);
}

void MembersPanel::restoreSettings(const QSettings &settings)
{
    restoreHeader(settings, QStringLiteral("members/columns"), m_view);
}

} // namespace Inspector
