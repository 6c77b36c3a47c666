// SPDX-License-Identifier: MIT
#pragma once

#include "tls/tlssetup.h"

#include <QGroupBox>

namespace Inspector {

/// The TLS side of the Overview: scheme, the certificate's hosts, SHA-256 fingerprint and expiry, and for the
/// local CA the buttons "Copy CA path" and "Export CA…" with the trust commands as a tooltip. Children are
/// found by objectName: tlsScheme, tlsHosts, tlsFingerprint, tlsExpiry, copyCaPath, exportCa.
class TlsBox : public QGroupBox {
    Q_OBJECT
public:
    explicit TlsBox(const Relay::TlsInfo &info, QWidget *parent = nullptr);
    /// Copies the CA certificate to `target` (replacing it); the error names what failed, empty on success.
    QString exportCa(const QString &target) const;

private:
    void chooseExportTarget();

    Relay::TlsInfo m_info;
};

} // namespace Inspector
