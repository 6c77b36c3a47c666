// SPDX-License-Identifier: MIT
#include "memberspanel.h"

#include "emptystate.h"
#include "feedformat.h"
#include "membersmodel.h"
#include "protocol/jsontext.h"
#include "viewsetup.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

namespace Inspector {

MembersPanel::MembersPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new MembersModel(this))
    , m_title(new QLabel(this))
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
    layout->addWidget(splitter);
    setChannel({}, {}, {});
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MembersPanel::showCurrent);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MembersPanel::showCurrent);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MembersPanel::showCurrent);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MembersPanel::showCurrent);
}

void MembersPanel::setChannel(const QString &appId, const QString &channel, const QString &type)
{
    const bool presence = type == QLatin1String("presence");
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
}

void MembersPanel::setSnapshot(const Relay::RelaySnapshot &snapshot)
{
    m_model->setSnapshot(snapshot);
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
