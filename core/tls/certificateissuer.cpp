// SPDX-License-Identifier: MIT
#include "certificateissuer.h"

#include <QHostAddress>

#include <openssl/bn.h>
#include <openssl/err.h>

namespace Relay::Tls {

namespace {
    constexpr long clockSkewSeconds = 3600; // a certificate is valid from an hour ago, for clocks slightly behind

    /// A random positive 127-bit serial: unique enough that browsers never see two certificates with one serial.
    void setRandomSerial(X509 *certificate)
    {
        BIGNUM *number = BN_new();
        BN_rand(number, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
        BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate));
        BN_free(number);
    }

    void addNameEntry(X509_NAME *name, const char *field, const QString &value)
    {
        const QByteArray utf8 = value.toUtf8();
        X509_NAME_add_entry_by_txt(name,
            field,
            MBSTRING_UTF8,
            reinterpret_cast<const unsigned char *>(utf8.constData()),
            int(utf8.size()),
            -1,
            0);
    }

    /// Adds one extension in openssl.cnf syntax (e.g. "critical,CA:TRUE"); `issuer` and `subject` resolve keyid.
    bool addExtension(X509 *subject, X509 *issuer, int nid, const QByteArray &value)
    {
        X509V3_CTX context;
        X509V3_set_ctx_nodb(&context);
        X509V3_set_ctx(&context, issuer, subject, nullptr, nullptr, 0);
        const ExtensionHandle extension(X509V3_EXT_nconf_nid(nullptr, &context, nid, value.constData()));
        return extension && X509_add_ext(subject, extension.get(), -1) == 1;
    }

    CertHandle newCertificate(EVP_PKEY *key, const QString &commonName, long lifetimeSeconds)
    {
        CertHandle certificate(X509_new());
        X509_set_version(certificate.get(), 2); // v3, for extensions
        setRandomSerial(certificate.get());
        X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -clockSkewSeconds);
        X509_time_adj_ex(X509_getm_notAfter(certificate.get()), 0, lifetimeSeconds - clockSkewSeconds, nullptr);
        X509_NAME *name = X509_get_subject_name(certificate.get());
        addNameEntry(name, "O", QStringLiteral("Relay Desk"));
        addNameEntry(name, "CN", commonName);
        X509_set_pubkey(certificate.get(), key);
        return certificate;
    }

    QByteArray subjectAltNames(const QStringList &hosts)
    {
        QByteArray names;
        for (const QString &host : hosts) {
            if (!names.isEmpty())
                names += ',';
            const QHostAddress address(host);
            names += (address.isNull() ? "DNS:" : "IP:") + host.toUtf8();
        }
        return names;
    }
} // namespace

KeyHandle generateKey()
{
    return KeyHandle(EVP_EC_gen("P-256"));
}

CertHandle issueAuthority(EVP_PKEY *key, const QString &commonName)
{
    CertHandle authority = newCertificate(key, commonName, long(authorityLifetimeDays) * 86400);
    X509 *self = authority.get();
    X509_set_issuer_name(self, X509_get_subject_name(self));
    const bool extended = addExtension(self, self, NID_basic_constraints, "critical,CA:TRUE,pathlen:0")
        && addExtension(self, self, NID_key_usage, "critical,keyCertSign,cRLSign")
        && addExtension(self, self, NID_subject_key_identifier, "hash");
    if (!extended || X509_sign(self, key, EVP_sha256()) <= 0) {
        ERR_clear_error();
        return nullptr;
    }
    return authority;
}

CertHandle issueServerCertificate(X509 *authority, EVP_PKEY *authorityKey, EVP_PKEY *key, const QStringList &hosts)
{
    CertHandle leaf = newCertificate(key, hosts.value(0, QStringLiteral("localhost")), long(leafLifetimeDays) * 86400);
    X509 *subject = leaf.get();
    if (X509_cmp_time(X509_get0_notAfter(authority), nullptr) > 0
        && ASN1_TIME_compare(X509_get0_notAfter(authority), X509_get0_notAfter(subject)) < 0)
        X509_set1_notAfter(subject, X509_get0_notAfter(authority));
    X509_set_issuer_name(subject, X509_get_subject_name(authority));
    const bool extended = addExtension(subject, authority, NID_basic_constraints, "critical,CA:FALSE")
        && addExtension(subject, authority, NID_key_usage, "critical,digitalSignature")
        && addExtension(subject, authority, NID_ext_key_usage, "serverAuth")
        && addExtension(subject, authority, NID_subject_key_identifier, "hash")
        && addExtension(subject, authority, NID_authority_key_identifier, "keyid:always")
        && addExtension(subject, authority, NID_subject_alt_name, subjectAltNames(hosts));
    if (!extended || X509_sign(subject, authorityKey, EVP_sha256()) <= 0) {
        ERR_clear_error();
        return nullptr;
    }
    return leaf;
}

} // namespace Relay::Tls
