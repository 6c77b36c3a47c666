// SPDX-License-Identifier: MIT
#pragma once

#include "relayhost.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSettings;
class QTreeView;

namespace Inspector {

class WebhookEndpoints;
class WebhooksModel;

/// Every webhook delivery attempt (time, app, URL, events, status or error, latency, attempt, next retry),
/// the exact request of the selected one with its signature, Resend, "Send a test event", and the endpoints
/// of each app, editable while the relay runs. Fed by the observer's batches.
class WebhooksPanel : public QWidget {
    Q_OBJECT
public:
    explicit WebhooksPanel(Relay::RelayHost &host, QWidget *parent = nullptr);

    void appendEvents(const QList<Relay::FeedEvent> &batch);
    WebhooksModel *model() const { return m_model; }

    void saveSettings(QSettings &settings) const;
    void restoreSettings(const QSettings &settings);

private:
    QWidget *makeDeliveries();
    QWidget *makeTestForm();
    void showSelected();
    void resend();
    void sendTest();
    void onAnswer(const Relay::CommandAnswer &answer);

    Relay::RelayHost &m_host;
    WebhooksModel *m_model;
    QTreeView *m_view;
    QPlainTextEdit *m_detail;
    QPushButton *m_resend;
    QComboBox *m_testApp;
    QComboBox *m_testUrl;
    QComboBox *m_testType;
    QLineEdit *m_testChannel;
    QLabel *m_answer;
    WebhookEndpoints *m_endpoints;
    quint64 m_pendingRequest = 0;
    bool m_follow = true;
};

} // namespace Inspector
