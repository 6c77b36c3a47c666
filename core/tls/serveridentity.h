// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>

namespace Relay::Tls {

/// What the port presents in a TLS handshake: the server certificate first, then any intermediates from
/// the same file, and the private key that matches the first.
struct ServerIdentity {
    QList<QSslCertificate> chain;
    QSslKey key;
};

/// Reads a PEM certificate (chain) and its PEM private key. Every refusal is one line naming the file: it
/// does not exist, cannot be read, holds no certificate or no unencrypted key, the key does not match the
/// certificate, or the certificate is expired (or not yet valid) at `now`.
Result<ServerIdentity> loadServerIdentity(
    const QString &certPath, const QString &keyPath, const QDateTime &now = QDateTime::currentDateTimeUtc());

/// Reads a whole file, or says in one line why not (missing, a directory, unreadable), naming it by `role`.
Result<QByteArray> readPemFile(const QString &path, const QString &role);

} // namespace Relay::Tls
