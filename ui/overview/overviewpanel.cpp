// SPDX-License-Identifier: MIT
#include "overviewpanel.h"

#include "config/relayconfig.h"
#include "sparkline.h"
#include "tlsbox.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace Inspector {

namespace {
    constexpr qint64 rateWindowMs = 1000;
    constexpr qint64 chartStepMs = 500; // 120 points: the last minute

    QString clusterText(const Relay::ClusterInfo &cluster)
    {
        QString redis = cluster.reachable ? QStringLiteral("Redis <b>connected</b>")
                                          : QStringLiteral("Redis <b><font color=\"#c0392b\">unreachable</font></b>");
        if (cluster.reachable && cluster.roundTripMs >= 0)
            redis += QStringLiteral(", round trip %1 ms").arg(cluster.roundTripMs, 0, 'f', 2);
        if (!cluster.reachable && !cluster.error.isEmpty())
            redis += QStringLiteral(" (%1)").arg(cluster.error.toHtmlEscaped());
        if (cluster.dropped > 0)
            redis += QStringLiteral(", %L1 messages dropped").arg(cluster.dropped);
        QStringList nodes;
        for (const Relay::ClusterNodeInfo &node : cluster.nodes)
            nodes.append(QStringLiteral("%1%2: %L3")
                             .arg(node.name.toHtmlEscaped(), node.self ? QStringLiteral(" (this node)") : QString())
                             .arg(node.connections));
        return QStringLiteral("<b>Cluster</b> &nbsp; %1<br>Nodes and their connections: %2")
            .arg(redis, nodes.join(QStringLiteral(" &middot; ")));
    }
} // namespace

OverviewPanel::OverviewPanel(const Relay::RelayConfig &config, quint16 port, const Relay::TlsInfo &tls, QWidget *parent)
    : QWidget(parent)
    , m_config(config)
    , m_port(port)
    , m_tls(tls.enabled)
    , m_caPath(tls.caCertPath)
    , m_address(new QLabel(this))
    , m_cluster(new QLabel(this))
    , m_chart(new Sparkline(this))
    , m_app(new QComboBox(this))
    , m_tabs(new QTabWidget(this))
    , m_reveal(new QPushButton(QStringLiteral("Reveal secret"), this))
{
    const SnippetTarget where = target();
    m_address->setText(QStringLiteral("<b>%4://%1:%2</b> &nbsp; WebSocket <b>%5://%1:%2/app/%3</b>")
                           .arg(where.host.toHtmlEscaped())
                           .arg(port)
                           .arg(where.key.toHtmlEscaped(),
                               m_tls ? QStringLiteral("https") : QStringLiteral("http"),
                               m_tls ? QStringLiteral("wss") : QStringLiteral("ws")));
    m_address->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_address->setWordWrap(true); // a long address never widens the left column
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_address);
    layout->addWidget(makeCounts());
    m_cluster->setObjectName(QStringLiteral("clusterStatus"));
    m_cluster->setTextFormat(Qt::RichText);
    m_cluster->setVisible(false);
    layout->addWidget(m_cluster);
    if (tls.enabled)
        layout->addWidget(new TlsBox(tls, this));
    layout->addWidget(m_chart, 1);
    layout->addWidget(makeSnippets(), 2);
    setSnapshot({});
}

SnippetTarget OverviewPanel::target() const
{
    const int index = m_app->currentIndex() < 0 ? 0 : m_app->currentIndex();
    const Relay::AppConfig &app = m_config.apps.at(index);
    return SnippetTarget { m_config.host, m_port, app.id, app.key, app.secret, m_tls, m_caPath };
}

QWidget *OverviewPanel::makeSnippets()
{
    auto *box = new QWidget(this);
    for (const Relay::AppConfig &app : m_config.apps)
        m_app->addItem(app.id);
    m_app->setVisible(m_config.apps.size() > 1);
    for (const Snippets::Snippet &snippet : Snippets::all(target(), true)) {
        auto *view = new QPlainTextEdit(m_tabs);
        view->setReadOnly(true);
        view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        view->setLineWrapMode(QPlainTextEdit::NoWrap);
        m_tabs->addTab(view, snippet.title);
        m_snippetViews.append(view);
    }
    auto *copy = new QPushButton(QStringLiteral("Copy"), box);
    copy->setToolTip(QStringLiteral("Copy this snippet, with the real secret"));
    m_reveal->setCheckable(true);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(QStringLiteral("<b>Connect your app</b>"), box));
    bar->addWidget(m_app);
    bar->addStretch();
    bar->addWidget(m_reveal);
    bar->addWidget(copy);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_tabs);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(copyText()); });
    connect(m_reveal, &QPushButton::toggled, this, &OverviewPanel::setSecretRevealed);
    connect(m_app, &QComboBox::currentIndexChanged, this, &OverviewPanel::fillSnippets);
    fillSnippets();
    return box;
}

void OverviewPanel::fillSnippets()
{
    const QList<Snippets::Snippet> snippets = Snippets::all(target(), !m_revealed);
    for (qsizetype i = 0; i < snippets.size() && i < m_snippetViews.size(); ++i)
        m_snippetViews[i]->setPlainText(snippets[i].text);
}

void OverviewPanel::setSecretRevealed(bool revealed)
{
    m_revealed = revealed;
    const QSignalBlocker blocker(m_reveal);
    m_reveal->setChecked(revealed);
    m_reveal->setText(revealed ? QStringLiteral("Hide secret") : QStringLiteral("Reveal secret"));
    fillSnippets();
}

QString OverviewPanel::shownSnippet() const
{
    return m_snippetViews.at(m_tabs->currentIndex())->toPlainText();
}

QString OverviewPanel::copyText() const
{
    return Snippets::all(target(), false).at(m_tabs->currentIndex()).text;
}

void OverviewPanel::setSnapshot(const Relay::RelaySnapshot &snapshot)
{
    m_cluster->setVisible(snapshot.cluster.clustered);
    if (snapshot.cluster.clustered)
        m_cluster->setText(clusterText(snapshot.cluster));
    const Relay::RelayCounters &counters = snapshot.counters;
    if (snapshot.takenMs > 0) {
        m_samples.push_back(Sample { snapshot.takenMs, counters.eventsPublished, counters.messagesDelivered });
        while (m_samples.size() > 2 && m_samples.back().ms - m_samples.front().ms > rateWindowMs)
            m_samples.pop_front();
        const Sample &first = m_samples.front();
        const Sample &last = m_samples.back();
        const double seconds = double(last.ms - first.ms) / 1000.0;
        m_eventsRate = seconds > 0 ? double(last.events - first.events) / seconds : 0;
        m_deliveriesRate = seconds > 0 ? double(last.deliveries - first.deliveries) / seconds : 0;
        if (snapshot.takenMs - m_lastChartMs >= chartStepMs) {
            m_lastChartMs = snapshot.takenMs;
            m_chart->addSample(m_eventsRate, m_deliveriesRate);
        }
    }
    const QList<qint64> values { counters.connections,
        counters.channels,
        qRound64(m_eventsRate),
        qRound64(m_deliveriesRate),
        qint64(counters.eventsPublished),
        qint64(counters.messagesDelivered) };
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QString text = QStringLiteral("%L1").arg(values.at(i));
        if (m_values.at(i)->text() != text)
            m_values.at(i)->setText(text);
    }
}

QWidget *OverviewPanel::makeCounts()
{
    auto *box = new QWidget(this);
    auto *grid = new QGridLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    QFont big = box->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    // Room for ten-digit totals; a fixed size keeps a new value from asking the panel for a new layout.
    const QFontMetrics metrics(big);
    const QSize valueSize(metrics.horizontalAdvance(QStringLiteral("8,888,888,888")), metrics.height());
    const QStringList captions { QStringLiteral("Connections"),
        QStringLiteral("Channels"),
        QStringLiteral("Events/s"),
        QStringLiteral("Deliveries/s"),
        QStringLiteral("Events total"),
        QStringLiteral("Deliveries total") };
    for (qsizetype i = 0; i < captions.size(); ++i) {
        auto *caption = new QLabel(captions.at(i), box);
        auto *value = new QLabel(QStringLiteral("0"), box);
        value->setFont(big);
        value->setFixedSize(valueSize);
        const int row = int(i / 3) * 2;
        const int column = int(i % 3);
        grid->addWidget(caption, row, column);
        grid->addWidget(value, row + 1, column);
        m_captions.append(caption);
        m_values.append(value);
    }
    grid->setColumnStretch(3, 1);
    return box;
}

QString OverviewPanel::countsText() const
{
    QStringList parts;
    for (qsizetype i = 0; i < m_values.size(); ++i)
        parts.append(m_captions.at(i)->text() + u' ' + m_values.at(i)->text());
    return parts.join(QStringLiteral(" · "));
}

} // namespace Inspector
