// SPDX-License-Identifier: MIT
#include "webhooksmodel.h"

#include "feedformat.h"

#include <QBrush>
#include <QColor>
#include <QJsonDocument>
#include <QUrl>

#include <vector>

namespace Inspector {

using Outcome = Relay::WebhookAttempt::Outcome;

WebhooksModel::WebhooksModel(qsizetype capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(std::max<qsizetype>(1, capacity))
{
}

int WebhooksModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int WebhooksModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WebhooksModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Relay::WebhookAttempt &attempt = attemptAt(index.row());
    if (role == Qt::ForegroundRole && index.column() == StatusColumn && attempt.outcome != Outcome::Delivered)
        return QBrush(QColor(0xc6, 0x28, 0x28));
    if (role == Qt::ToolTipRole && index.column() == UrlColumn)
        return attempt.request.url;
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case TimeColumn:
        return FeedFormat::timeOfDay(attempt.startedMs);
    case AppColumn:
        return attempt.request.appId;
    case UrlColumn:
        return attempt.request.url;
    case EventsColumn:
        return attempt.request.eventNames.join(QStringLiteral(", "));
    case StatusColumn:
        return attempt.statusText();
    case LatencyColumn:
        return attempt.latencyMs >= 0 ? QStringLiteral("%1 ms").arg(attempt.latencyMs) : QString();
    case AttemptColumn:
        return attempt.attempt;
    case NextRetryColumn:
        return attempt.nextRetryMs > 0 ? FeedFormat::timeOfDay(attempt.nextRetryMs) : QString();
    case ColumnCount:
        break;
    }
    return {};
}

QVariant WebhooksModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static const char *const names[] = { "Time", "App", "URL", "Events", "Status", "Latency", "Attempt", "Next retry" };
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    return QLatin1String(names[section]);
}

void WebhooksModel::append(const QList<Relay::FeedEvent> &batch)
{
    std::vector<std::shared_ptr<const Relay::WebhookAttempt>> incoming;
    for (const Relay::FeedEvent &event : batch) {
        if (event.kind == Relay::FeedEvent::Kind::Webhook && event.webhook)
            incoming.push_back(event.webhook);
    }
    if (incoming.empty())
        return;
    if (qsizetype(incoming.size()) > m_capacity)
        incoming.erase(incoming.begin(), incoming.end() - m_capacity);
    const qsizetype overflow = qsizetype(m_rows.size() + incoming.size()) - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + overflow);
        endRemoveRows();
    }
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + incoming.size()) - 1);
    m_rows.insert(m_rows.end(), incoming.begin(), incoming.end());
    endInsertRows();
}

QString WebhooksModel::detailText(const Relay::WebhookAttempt &attempt)
{
    const QUrl url(attempt.request.url);
    QString target = url.path(QUrl::FullyEncoded);
    if (target.isEmpty())
        target = QStringLiteral("/");
    if (url.hasQuery())
        target += u'?' + url.query(QUrl::FullyEncoded);
    QString text = QStringLiteral("POST %1 HTTP/1.1\nHost: %2\n").arg(target, url.authority());
    for (const auto &[name, value] : attempt.request.headers)
        text += QString::fromUtf8(name) + QStringLiteral(": ") + QString::fromUtf8(value) + u'\n';
    text += QStringLiteral("Content-Length: %1\n\n").arg(attempt.request.body.size());
    text += QString::fromUtf8(attempt.request.body);
    const QJsonDocument pretty = QJsonDocument::fromJson(attempt.request.body);
    if (!pretty.isNull())
        text += QStringLiteral("\n\n— body, formatted —\n") + QString::fromUtf8(pretty.toJson(QJsonDocument::Indented));
    text += QStringLiteral("\n— outcome —\nattempt %1: %2").arg(attempt.attempt).arg(attempt.statusText());
    if (attempt.latencyMs >= 0)
        text += QStringLiteral(" in %1 ms").arg(attempt.latencyMs);
    if (attempt.nextRetryMs > 0)
        text += QStringLiteral("; next attempt at %1").arg(FeedFormat::timeOfDay(attempt.nextRetryMs));
    if (!attempt.responseBody.isEmpty())
        text += QStringLiteral("\nanswer: ") + QString::fromUtf8(attempt.responseBody);
    return text;
}

} // namespace Inspector
