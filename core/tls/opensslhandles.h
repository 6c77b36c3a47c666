// SPDX-License-Identifier: MIT
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <QByteArray>

#include <memory>

namespace Relay::Tls {

/// Owning handles for the OpenSSL objects this folder creates; each frees with its own *_free.
template <auto Free> struct OpenSslDeleter {
    template <typename T> void operator()(T *object) const { Free(object); }
};
using KeyHandle = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY_free>>;
using CertHandle = std::unique_ptr<X509, OpenSslDeleter<X509_free>>;
using BioHandle = std::unique_ptr<BIO, OpenSslDeleter<BIO_free_all>>;
using ExtensionHandle = std::unique_ptr<X509_EXTENSION, OpenSslDeleter<X509_EXTENSION_free>>;

/// PEM text to and from OpenSSL objects. Reading returns null when the text holds no such object (an
/// encrypted key counts as none: no passphrase is ever asked for).
CertHandle certificateFromPem(const QByteArray &pem);
KeyHandle privateKeyFromPem(const QByteArray &pem);
QByteArray toPem(X509 *certificate);
QByteArray toPem(EVP_PKEY *key); ///< PKCS#8, unencrypted

} // namespace Relay::Tls
