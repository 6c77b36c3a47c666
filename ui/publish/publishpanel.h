// SPDX-License-Identifier: MIT
#pragma once

#include "relayhost.h"

#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSettings;
class QStringListModel;

namespace Inspector {

/// Publishes an event exactly as POST /apps/{id}/events would (same validation, same answer), with a JSON
/// editor that validates and formats (keeping key order), channel completion from the live channels, and a
/// resendable history of the sends the relay accepted. The data goes out exactly as typed: as JSON text, or
/// with "plain string" as the string itself.
class PublishPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int historyLimit = 50;
    explicit PublishPanel(Relay::RelayHost &host, QWidget *parent = nullptr);

    void setSnapshot(std::shared_ptr<const Relay::RelaySnapshot> snapshot);
    /// Fills the channel (and app) from the Channels panel's selection.
    void setChannel(const QString &appId, const QString &channel);
    /// Sends the form; false (and nothing sent) when the data is not valid JSON (and not sent as a plain string).
    bool send();
    /// Fills the form from a log row (app, channel, event, data, socket_id); nothing is sent.
    void load(const Relay::FeedEvent &event);
    /// Loads a history entry into the form and sends it.
    bool resend(int historyRow);
    /// Pretty-formats the data editor when it holds valid JSON.
    void formatData();

    QComboBox *appBox() const { return m_app; }
    QLineEdit *channelEdit() const { return m_channel; }
    QLineEdit *eventEdit() const { return m_event; }
    QPlainTextEdit *dataEdit() const { return m_data; }
    QCheckBox *rawStringBox() const { return m_raw; }
    QLineEdit *socketEdit() const { return m_socket; }
    QPushButton *sendButton() const { return m_send; }
    QLabel *answerLabel() const { return m_answer; }
    QLabel *validityLabel() const { return m_validity; }
    QListWidget *history() const { return m_history; }
    QStringListModel *completionModel() const { return m_completions; }

    void saveSettings(QSettings &settings) const;
    void restoreSettings(const QSettings &settings);

Q_SIGNALS:
    void answered(const Relay::CommandAnswer &answer);

private:
    QWidget *makeForm();
    void validate();
    void onAnswer(const Relay::CommandAnswer &answer);
    void addHistory(const QJsonObject &entry);
    void loadHistory(int row);
    void updateCompletions();

    Relay::RelayHost &m_host;
    QComboBox *m_app;
    QLineEdit *m_channel;
    QLineEdit *m_event;
    QPlainTextEdit *m_data;
    QCheckBox *m_raw;
    QLineEdit *m_socket;
    QPushButton *m_send;
    QPushButton *m_format;
    QLabel *m_validity;
    QLabel *m_answer;
    QListWidget *m_history;
    QStringListModel *m_completions;
    std::shared_ptr<const Relay::RelaySnapshot> m_snapshot;
    quint64 m_pendingRequest = 0;
    QJsonObject m_pendingEntry; ///< enters the history once the relay accepts it
};

} // namespace Inspector
