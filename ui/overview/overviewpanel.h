// SPDX-License-Identifier: MIT
#pragma once

#include "snippets.h"
#include "stats/relaysnapshot.h"

#include <QWidget>

#include <deque>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace Relay {
struct RelayConfig;
struct TlsInfo;
}

namespace Inspector {

class Sparkline;

/// The relay at a glance: address, live counts and rates with a small chart, and "connect your app"
/// snippets filled with the real host, port and credentials (the secret masked until revealed).
class OverviewPanel : public QWidget {
    Q_OBJECT
public:
    OverviewPanel(const Relay::RelayConfig &config, quint16 port, const Relay::TlsInfo &tls, QWidget *parent = nullptr);

    void setSnapshot(const Relay::RelaySnapshot &snapshot);
    void setSecretRevealed(bool revealed);
    bool isSecretRevealed() const { return m_revealed; }
    /// The shown text of the current snippet tab, and what Copy puts on the clipboard (secret included).
    QString shownSnippet() const;
    QString copyText() const;
    double eventsPerSecond() const { return m_eventsRate; }
    double deliveriesPerSecond() const { return m_deliveriesRate; }
    Sparkline *chart() const { return m_chart; }
    QTabWidget *snippetTabs() const { return m_tabs; }
    /// The counts as shown, one "Caption value" pair per count joined by " · " ("Connections 1 · Channels 2 · ...").
    QString countsText() const;

private:
    QWidget *makeSnippets();
    /// Connections, Channels, Events/s, Deliveries/s, Events total, Deliveries total: a caption over a value of a
    /// fixed size, so that a changing count repaints its label alone and never lays the panel out again.
    QWidget *makeCounts();
    void fillSnippets();
    SnippetTarget target() const;

    const Relay::RelayConfig &m_config;
    quint16 m_port;
    bool m_tls;
    QString m_caPath;
    QLabel *m_address;
    QList<QLabel *> m_captions;
    QList<QLabel *> m_values;
    QLabel *m_cluster; ///< "clusterStatus": nodes, Redis status and round trip; hidden for a node alone
    Sparkline *m_chart;
    QComboBox *m_app;
    QTabWidget *m_tabs;
    QPushButton *m_reveal;
    QList<QPlainTextEdit *> m_snippetViews;
    bool m_revealed = false;
    struct Sample {
        qint64 ms;
        quint64 events;
        quint64 deliveries;
    };
    std::deque<Sample> m_samples; ///< about the last second, for the rates
    qint64 m_lastChartMs = 0;
    double m_eventsRate = 0;
    double m_deliveriesRate = 0;
};

} // namespace Inspector
