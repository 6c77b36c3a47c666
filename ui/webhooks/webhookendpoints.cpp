// SPDX-License-Identifier: MIT
#include "webhookendpoints.h"

#include "feedformat.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace Inspector {

namespace {
    QString summary(const Relay::WebhookTarget &target)
    {
        QString text = target.url + QStringLiteral("  · ");
        text += target.eventTypes.isEmpty() ? QStringLiteral("all events")
                                            : target.eventTypes.join(QStringLiteral(", "));
        if (!target.channelPrefix.isEmpty() || !target.channelSuffix.isEmpty())
            text += QStringLiteral("  · channels %1…%2").arg(target.channelPrefix, target.channelSuffix);
        if (!target.headers.isEmpty())
            text
                += QStringLiteral("  · ") + FeedFormat::counted(target.headers.size(), "extra header", "extra headers");
        return text;
    }

    QPushButton *button(const QString &text, const QString &name, QWidget *parent)
    {
        auto *b = new QPushButton(text, parent);
        b->setObjectName(name);
        return b;
    }
} // namespace

WebhookEndpoints::WebhookEndpoints(Relay::RelayHost &host, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_app(new QComboBox(this))
    , m_list(new QListWidget(this))
    , m_url(new QLineEdit(this))
    , m_types(new QListWidget(this))
    , m_prefix(new QLineEdit(this))
    , m_suffix(new QLineEdit(this))
    , m_headers(new QPlainTextEdit(this))
    , m_answer(new QLabel(this))
{
    m_app->setObjectName(QStringLiteral("endpointApp"));
    m_list->setObjectName(QStringLiteral("endpointList"));
    m_url->setObjectName(QStringLiteral("endpointUrl"));
    m_types->setObjectName(QStringLiteral("endpointTypes"));
    m_prefix->setObjectName(QStringLiteral("endpointPrefix"));
    m_suffix->setObjectName(QStringLiteral("endpointSuffix"));
    m_headers->setObjectName(QStringLiteral("endpointHeaders"));
    m_answer->setObjectName(QStringLiteral("endpointAnswer"));
    m_answer->setWordWrap(true);
    m_answer->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_url->setPlaceholderText(QStringLiteral("http://127.0.0.1:8000/pusher/webhooks"));
    m_prefix->setPlaceholderText(QStringLiteral("any, e.g. presence-"));
    m_suffix->setPlaceholderText(QStringLiteral("any"));
    m_headers->setPlaceholderText(QStringLiteral("X-Extra: value (one header per line)"));
    m_headers->setMaximumHeight(70);
    m_types->setMaximumHeight(130);
    for (const QString &type : Relay::webhookEventTypes()) {
        auto *item = new QListWidgetItem(type, m_types);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
    for (const Relay::AppConfig &app : host.config().apps) {
        m_app->addItem(app.id);
        m_targets.insert(app.id, host.webhooks(app.id));
    }

    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("URL"), m_url);
    form->addRow(QStringLiteral("Events (none ticked: all)"), m_types);
    form->addRow(QStringLiteral("Channel starts with"), m_prefix);
    form->addRow(QStringLiteral("Channel ends with"), m_suffix);
    form->addRow(QStringLiteral("Extra headers"), m_headers);
    auto *buttons = new QHBoxLayout;
    QPushButton *add = button(QStringLiteral("Add"), QStringLiteral("addEndpoint"), this);
    QPushButton *save = button(QStringLiteral("Save changes"), QStringLiteral("saveEndpoint"), this);
    QPushButton *remove = button(QStringLiteral("Remove"), QStringLiteral("removeEndpoint"), this);
    buttons->addWidget(add);
    buttons->addWidget(save);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(QStringLiteral("App"), this));
    top->addWidget(m_app, 1);
    layout->addLayout(top);
    layout->addWidget(m_list, 1);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_answer);

    connect(m_app, &QComboBox::currentIndexChanged, this, &WebhookEndpoints::showApp);
    connect(m_list, &QListWidget::currentRowChanged, this, &WebhookEndpoints::load);
    connect(add, &QPushButton::clicked, this, [this] {
        QList<Relay::WebhookTarget> targets = m_targets.value(currentApp());
        targets.append(formTarget());
        submit(targets);
    });
    connect(save, &QPushButton::clicked, this, [this] {
        QList<Relay::WebhookTarget> targets = m_targets.value(currentApp());
        const int row = m_list->currentRow();
        if (row < 0 || row >= targets.size())
            return m_answer->setText(QStringLiteral("Select the endpoint to change."));
        targets[row] = formTarget();
        submit(targets);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        QList<Relay::WebhookTarget> targets = m_targets.value(currentApp());
        const int row = m_list->currentRow();
        if (row < 0 || row >= targets.size())
            return m_answer->setText(QStringLiteral("Select the endpoint to remove."));
        targets.removeAt(row);
        submit(targets);
    });
    connect(&m_host, &Relay::RelayHost::webhookAnswered, this, &WebhookEndpoints::onAnswer);
    showApp();
}

QString WebhookEndpoints::currentApp() const
{
    return m_app->currentText();
}

void WebhookEndpoints::showApp()
{
    const int row = m_list->currentRow();
    m_list->clear();
    for (const Relay::WebhookTarget &target : m_targets.value(currentApp()))
        m_list->addItem(summary(target));
    if (m_list->count() > 0)
        m_list->setCurrentRow(std::clamp(row, 0, m_list->count() - 1));
}

void WebhookEndpoints::load(int row)
{
    const QList<Relay::WebhookTarget> targets = m_targets.value(currentApp());
    if (row < 0 || row >= targets.size())
        return;
    const Relay::WebhookTarget &target = targets.at(row);
    m_url->setText(target.url);
    for (int i = 0; i < m_types->count(); ++i) {
        QListWidgetItem *item = m_types->item(i);
        item->setCheckState(
            target.eventTypes.isEmpty() || target.eventTypes.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
    }
    m_prefix->setText(target.channelPrefix);
    m_suffix->setText(target.channelSuffix);
    QStringList headers;
    for (const auto &[name, value] : target.headers)
        headers.append(QString(name + QStringLiteral(": ") + value));
    m_headers->setPlainText(headers.join(u'\n'));
}

Relay::WebhookTarget WebhookEndpoints::formTarget() const
{
    Relay::WebhookTarget target { m_url->text().trimmed(), {}, m_prefix->text(), m_suffix->text(), {} };
    for (int i = 0; i < m_types->count(); ++i) {
        if (m_types->item(i)->checkState() == Qt::Checked)
            target.eventTypes.append(m_types->item(i)->text());
    }
    if (target.eventTypes.size() == m_types->count())
        target.eventTypes.clear(); // every type: stays "all" when a later version adds one
    for (const QString &line : m_headers->toPlainText().split(u'\n', Qt::SkipEmptyParts)) {
        const qsizetype colon = line.indexOf(u':');
        // A line without a colon becomes a header with an empty name, which the relay refuses with a message.
        target.headers.append({ line.left(colon).trimmed(), colon < 0 ? QString() : line.mid(colon + 1).trimmed() });
    }
    return target;
}

void WebhookEndpoints::submit(QList<Relay::WebhookTarget> targets)
{
    m_pendingApp = currentApp();
    m_pendingTargets = std::move(targets);
    m_pendingRequest = m_host.setWebhooks(m_pendingApp, m_pendingTargets);
    m_answer->setText(QStringLiteral("Applying…"));
}

void WebhookEndpoints::onAnswer(const Relay::CommandAnswer &answer)
{
    if (answer.requestId != m_pendingRequest)
        return;
    m_pendingRequest = 0;
    if (!answer.ok()) {
        const QString message = QJsonDocument::fromJson(answer.body).object().value(QLatin1String("error")).toString();
        m_answer->setText(QStringLiteral("Refused: %1").arg(message));
        Q_EMIT changed(false);
        return;
    }
    m_targets.insert(m_pendingApp, m_pendingTargets);
    m_answer->setText(QStringLiteral("Applied: %1 for %2.")
                          .arg(FeedFormat::counted(m_pendingTargets.size(), "endpoint", "endpoints"), m_pendingApp));
    showApp();
    Q_EMIT changed(true);
}

} // namespace Inspector
