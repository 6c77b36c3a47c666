// SPDX-License-Identifier: MIT
#pragma once

#include "opensslhandles.h"

#include <QStringList>

namespace Relay::Tls {

/// Lifetimes of what the local authority issues. Browsers refuse a leaf valid for more than 825 days, even
/// from a locally trusted CA.
constexpr int authorityLifetimeDays = 3650;
constexpr int leafLifetimeDays = 825;

/// A new P-256 key: small, fast to handshake, accepted by every browser and by Node.
KeyHandle generateKey();

/// A self-signed certificate authority (basicConstraints CA:TRUE with pathlen 0, keyCertSign and cRLSign),
/// valid from an hour ago for `authorityLifetimeDays`.
CertHandle issueAuthority(EVP_PKEY *key, const QString &commonName);

/// A server certificate for `hosts` (DNS names and IP addresses, as subjectAltName entries) signed by the
/// authority: CA:FALSE, digitalSignature, extendedKeyUsage serverAuth. Valid from an hour ago for
/// `leafLifetimeDays` in all, and never past the authority's own expiry.
CertHandle issueServerCertificate(X509 *authority, EVP_PKEY *authorityKey, EVP_PKEY *key, const QStringList &hosts);

} // namespace Relay::Tls
