// SPDX-License-Identifier: MIT
#pragma once

#include "relayhost.h"

#include <QHash>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace Inspector {

/// Adds, changes and removes the webhook endpoints of each app while the relay runs. Every change sends the
/// app's whole new list to the relay, which validates it and applies it at once; the list shown is what the
/// relay accepted, and a refusal is shown beside the form.
class WebhookEndpoints : public QWidget {
    Q_OBJECT
public:
    explicit WebhookEndpoints(Relay::RelayHost &host, QWidget *parent = nullptr);

    /// The endpoints of `appId` as the relay last accepted them.
    QList<Relay::WebhookTarget> endpoints(const QString &appId) const { return m_targets.value(appId); }
    QString currentApp() const;

Q_SIGNALS:
    /// After the relay accepted or refused a change.
    void changed(bool accepted);

private:
    void showApp();
    void load(int row);
    Relay::WebhookTarget formTarget() const;
    void submit(QList<Relay::WebhookTarget> targets);
    void onAnswer(const Relay::CommandAnswer &answer);

    Relay::RelayHost &m_host;
    QComboBox *m_app;
    QListWidget *m_list;
    QLineEdit *m_url;
    QListWidget *m_types;
    QLineEdit *m_prefix;
    QLineEdit *m_suffix;
    QPlainTextEdit *m_headers;
    QLabel *m_answer;
    QHash<QString, QList<Relay::WebhookTarget>> m_targets;
    quint64 m_pendingRequest = 0;
    QString m_pendingApp;
    QList<Relay::WebhookTarget> m_pendingTargets;
};

} // namespace Inspector
