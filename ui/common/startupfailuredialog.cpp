// SPDX-License-Identifier: MIT
#include "startupfailuredialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTcpServer>
#include <QVBoxLayout>

#include <cstdio>

namespace Inspector {

namespace {
    QHostAddress listenAddress(const QString &host)
    {
        return host == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(host);
    }
} // namespace

StartupFailureDialog::StartupFailureDialog(
    const QString &message, const QString &host, quint16 failedPort, bool portProblem, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Relay Desk could not start"));
    auto *layout = new QVBoxLayout(this);
    auto *headline = new QLabel(message, this);
    headline->setObjectName(QStringLiteral("startupError"));
    headline->setWordWrap(true);
    headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(headline);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (portProblem) {
        auto *explanation = new QLabel(tr("Another program, or another Relay Desk, is already using port %1 on %2. "
                                          "Stop it, or start the relay on another port (your app's client and server "
                                          "settings must then use that port too).")
                                           .arg(failedPort)
                                           .arg(host),
            this);
        explanation->setObjectName(QStringLiteral("startupExplanation"));
        explanation->setWordWrap(true);
        layout->addWidget(explanation);
        auto *form = new QFormLayout;
        m_port = new QSpinBox(this);
        m_port->setObjectName(QStringLiteral("startupPort"));
        m_port->setRange(1, 65535);
        const quint16 suggestion = freePortAfter(host, failedPort);
        m_port->setValue(suggestion != 0 ? suggestion : failedPort);
        form->addRow(tr("Port:"), m_port);
        layout->addLayout(form);
        QPushButton *retry = buttons->addButton(tr("Start on this port"), QDialogButtonBox::AcceptRole);
        retry->setObjectName(QStringLiteral("startupRetry"));
        retry->setDefault(true);
        connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    }
    layout->addWidget(buttons);
}

quint16 StartupFailureDialog::port() const
{
    return m_port != nullptr ? quint16(m_port->value()) : 0;
}

std::unique_ptr<Relay::RelayHost> StartupFailureDialog::startRelay(Relay::RelayConfig &config)
{
    for (;;) {
        auto host = std::make_unique<Relay::RelayHost>(config);
        const Relay::Status started = host->start();
        if (started)
            return host;
        const QString message = started.error().message;
        std::fprintf(stderr, "relaydesk: %s\n", qUtf8Printable(message));
        std::fflush(stderr);
        // RelayServer::start words every bind failure this way; nothing else is helped by another port.
        const bool portProblem = message.startsWith(QLatin1String("cannot listen on"));
        StartupFailureDialog dialog(message, config.host, config.port, portProblem);
        if (dialog.exec() != QDialog::Accepted)
            return nullptr;
        config.port = dialog.port();
    }
}

quint16 StartupFailureDialog::freePortAfter(const QString &host, quint16 after)
{
    const QHostAddress address = listenAddress(host);
    for (int candidate = after + 1; candidate <= after + 100 && candidate <= 65535; ++candidate) {
        QTcpServer probe;
        if (probe.listen(address, quint16(candidate)))
            return quint16(candidate);
    }
    return 0;
}

} // namespace Inspector
