// SPDX-License-Identifier: MIT
#include "tlsbox.h"

#include "tls/trustadvice.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>

namespace Inspector {

namespace {
    QLabel *selectableLabel(const QString &text, const QString &name, QWidget *parent)
    {
        auto *label = new QLabel(text, parent);
        label->setObjectName(name);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setWordWrap(true);
        return label;
    }
} // namespace

TlsBox::TlsBox(const Relay::TlsInfo &info, QWidget *parent)
    : QGroupBox(QStringLiteral("TLS"), parent)
    , m_info(info)
{
    setObjectName(QStringLiteral("tlsBox"));
    const QString scheme = info.only ? QStringLiteral("https and wss only (plain refused)")
                                     : QStringLiteral("https and wss, plus http and ws on the same port");
    const int daysLeft = int(QDateTime::currentDateTimeUtc().daysTo(info.expiry));
    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("Scheme"), selectableLabel(scheme, QStringLiteral("tlsScheme"), this));
    form->addRow(QStringLiteral("Hosts"),
        selectableLabel(info.hosts.join(QStringLiteral(", ")), QStringLiteral("tlsHosts"), this));
    // 95 characters without a space: shown as two lines of 16 bytes, in a fixed-width font.
    const qsizetype half = info.fingerprintSha256.size() / 2 + 1;
    auto *fingerprint = selectableLabel(info.fingerprintSha256.left(half) + u'\n' + info.fingerprintSha256.mid(half),
        QStringLiteral("tlsFingerprint"),
        this);
    fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    fingerprint->setToolTip(info.fingerprintSha256);
    form->addRow(QStringLiteral("SHA-256"), fingerprint);
    form->addRow(QStringLiteral("Expires"),
        selectableLabel(
            QStringLiteral("%1 (%2 days)").arg(info.expiry.toString(QStringLiteral("yyyy-MM-dd"))).arg(daysLeft),
            QStringLiteral("tlsExpiry"),
            this));
    form->addRow(QStringLiteral("Issuer"),
        selectableLabel(info.localAuthority
                ? QStringLiteral("%1 (%2)").arg(info.issuer, info.caCertPath)
                : QStringLiteral("%1 (your certificate %2)").arg(info.issuer, info.certPath),
            QStringLiteral("tlsIssuer"),
            this));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    if (!info.localAuthority)
        return;
    auto *copyPath = new QPushButton(QStringLiteral("Copy CA path"), this);
    copyPath->setObjectName(QStringLiteral("copyCaPath"));
    auto *exportButton = new QPushButton(QStringLiteral("Export CA…"), this);
    exportButton->setObjectName(QStringLiteral("exportCa"));
    const QString advice = Relay::trustAdvice(info).trimmed();
    copyPath->setToolTip(advice);
    exportButton->setToolTip(advice);
    auto *bar = new QHBoxLayout;
    bar->addWidget(copyPath);
    bar->addWidget(exportButton);
    bar->addStretch();
    layout->addLayout(bar);
    connect(copyPath, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_info.caCertPath); });
    connect(exportButton, &QPushButton::clicked, this, &TlsBox::chooseExportTarget);
}

QString TlsBox::exportCa(const QString &target) const
{
    if (QFile::exists(target) && !QFile::remove(target))
        return QStringLiteral("cannot replace %1").arg(target);
    QFile source(m_info.caCertPath);
    if (!source.copy(target))
        return QStringLiteral("cannot copy %1 to %2: %3").arg(m_info.caCertPath, target, source.errorString());
    QFile::setPermissions(
        target, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
    return {};
}

void TlsBox::chooseExportTarget()
{
    const QString target = QFileDialog::getSaveFileName(this,
        QStringLiteral("Export the Relay Desk CA certificate"),
        QDir::home().filePath(QStringLiteral("relaydesk-ca.crt")),
        QStringLiteral("PEM certificates (*.crt *.pem)"));
    if (target.isEmpty())
        return;
    if (const QString error = exportCa(target); !error.isEmpty())
        QMessageBox::warning(this, QStringLiteral("Export CA"), error);
}

} // namespace Inspector
