// SPDX-License-Identifier: MIT
#include "webhookspanel.h"

#include "viewsetup.h"
#include "webhookendpoints.h"
#include "webhooksmodel.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace Inspector {

WebhooksPanel::WebhooksPanel(Relay::RelayHost &host, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_model(new WebhooksModel(5000, this))
    , m_view(makeTableView(this))
    , m_detail(new QPlainTextEdit(this))
    , m_resend(new QPushButton(QStringLiteral("Resend"), this))
    , m_testApp(new QComboBox(this))
    , m_testUrl(new QComboBox(this))
    , m_testType(new QComboBox(this))
    , m_testChannel(new QLineEdit(QStringLiteral("test-channel"), this))
    , m_answer(new QLabel(this))
    , m_endpoints(new WebhookEndpoints(host, this))
{
    m_endpoints->setObjectName(QStringLiteral("webhookEndpoints"));
    m_answer->setObjectName(QStringLiteral("webhookAnswer"));
    m_answer->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_answer->setWordWrap(true);
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("webhookTabs"));
    tabs->addTab(makeDeliveries(), QStringLiteral("Deliveries"));
    tabs->addTab(m_endpoints, QStringLiteral("Endpoints"));
    tabs->addTab(makeTestForm(), QStringLiteral("Send a test event"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tabs);
    layout->addWidget(m_answer);
    connect(&m_host, &Relay::RelayHost::webhookAnswered, this, &WebhooksPanel::onAnswer);
}

QWidget *WebhooksPanel::makeDeliveries()
{
    m_view->setObjectName(QStringLiteral("webhookAttempts"));
    m_view->setModel(m_model);
    m_view->setColumnWidth(WebhooksModel::TimeColumn, 100);
    m_view->setColumnWidth(WebhooksModel::UrlColumn, 260);
    m_view->setColumnWidth(WebhooksModel::EventsColumn, 160);
    m_view->setColumnWidth(WebhooksModel::StatusColumn, 180);
    m_detail->setObjectName(QStringLiteral("webhookDetail"));
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(QStringLiteral("Select a delivery to see its exact request"));
    m_resend->setObjectName(QStringLiteral("resendWebhook"));
    m_resend->setEnabled(false);
    m_resend->setToolTip(QStringLiteral("Send the selected request again: same headers, same body, same signature"));
    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_view);
    auto *bottom = new QWidget;
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_detail);
    auto *row = new QHBoxLayout;
    row->addWidget(m_resend);
    row->addStretch();
    bottomLayout->addLayout(row);
    splitter->addWidget(bottom);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &WebhooksPanel::showSelected);
    connect(m_resend, &QPushButton::clicked, this, &WebhooksPanel::resend);
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        m_follow = value == m_view->verticalScrollBar()->maximum();
    });
    return splitter;
}

QWidget *WebhooksPanel::makeTestForm()
{
    auto *page = new QWidget;
    m_testApp->setObjectName(QStringLiteral("webhookTestApp"));
    m_testUrl->setObjectName(QStringLiteral("webhookTestUrl"));
    m_testType->setObjectName(QStringLiteral("webhookTestType"));
    m_testChannel->setObjectName(QStringLiteral("webhookTestChannel"));
    m_testUrl->setEditable(true);
    m_testUrl->setInsertPolicy(QComboBox::NoInsert);
    for (const Relay::AppConfig &app : m_host.config().apps)
        m_testApp->addItem(app.id);
    m_testType->addItems(Relay::webhookEventTypes());
    const auto fillUrls = [this] {
        const QString typed = m_testUrl->currentText();
        m_testUrl->clear();
        for (const Relay::WebhookTarget &target : m_endpoints->endpoints(m_testApp->currentText()))
            m_testUrl->addItem(target.url);
        if (!typed.isEmpty())
            m_testUrl->setCurrentText(typed);
    };
    fillUrls();
    connect(m_testApp, &QComboBox::currentIndexChanged, this, fillUrls);
    connect(m_endpoints, &WebhookEndpoints::changed, this, fillUrls);
    auto *send = new QPushButton(QStringLiteral("Send a test event"), page);
    send->setObjectName(QStringLiteral("sendTestWebhook"));
    connect(send, &QPushButton::clicked, this, &WebhooksPanel::sendTest);
    auto *form = new QFormLayout(page);
    form->addRow(QStringLiteral("App (signs with its secret)"), m_testApp);
    form->addRow(QStringLiteral("Endpoint URL"), m_testUrl);
    form->addRow(QStringLiteral("Event"), m_testType);
    form->addRow(QStringLiteral("Channel"), m_testChannel);
    form->addRow(QString(), send);
    return page;
}

void WebhooksPanel::appendEvents(const QList<Relay::FeedEvent> &batch)
{
    const int before = m_model->rowCount();
    m_model->append(batch);
    if (m_follow && m_model->rowCount() != before)
        m_view->scrollToBottom();
}

void WebhooksPanel::showSelected()
{
    const QModelIndex current = m_view->currentIndex();
    m_resend->setEnabled(current.isValid());
    m_detail->setPlainText(
        current.isValid() ? WebhooksModel::detailText(m_model->attemptAt(current.row())) : QString());
}

void WebhooksPanel::resend()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    m_pendingRequest = m_host.resendWebhook(m_model->attemptAt(current.row()).request);
}

void WebhooksPanel::sendTest()
{
    m_pendingRequest = m_host.sendTestWebhook(m_testApp->currentText(),
        m_testUrl->currentText().trimmed(),
        m_testType->currentText(),
        m_testChannel->text().trimmed());
}

void WebhooksPanel::onAnswer(const Relay::CommandAnswer &answer)
{
    if (answer.requestId != m_pendingRequest)
        return;
    m_pendingRequest = 0;
    m_answer->setText(answer.ok()
            ? QStringLiteral("Queued; its attempts appear under Deliveries.")
            : QStringLiteral("Refused: %1")
                  .arg(QJsonDocument::fromJson(answer.body).object().value(QLatin1String("error")).toString()));
}

void WebhooksPanel::saveSettings(QSettings &settings) const
{
    saveHeader(settings, QStringLiteral("webhooks/columns"), m_view);
}

void WebhooksPanel::restoreSettings(const QSettings &settings)
{
    restoreHeader(settings, QStringLiteral("webhooks/columns"), m_view);
}

} // namespace Inspector
