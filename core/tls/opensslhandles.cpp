// SPDX-License-Identifier: MIT
#include "opensslhandles.h"

#include <openssl/err.h>
#include <openssl/pem.h>

namespace Relay::Tls {

namespace {
    BioHandle readBio(const QByteArray &pem)
    {
        return BioHandle(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    }

    QByteArray drain(BIO *bio)
    {
        char *data = nullptr;
        const long size = BIO_get_mem_data(bio, &data);
        return QByteArray(data, qsizetype(size));
    }

    /// Refuses any passphrase prompt: keys on disk must be unencrypted for a relay that starts unattended.
    int noPassphrase(char *, int, int, void *)
    {
        return -1;
    }
} // namespace

CertHandle certificateFromPem(const QByteArray &pem)
{
    const BioHandle bio = readBio(pem);
    CertHandle certificate(PEM_read_bio_X509(bio.get(), nullptr, noPassphrase, nullptr));
    ERR_clear_error(); // a failed parse leaves entries that would confuse later, unrelated error reports
    return certificate;
}

KeyHandle privateKeyFromPem(const QByteArray &pem)
{
    const BioHandle bio = readBio(pem);
    KeyHandle key(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr));
    ERR_clear_error();
    return key;
}

QByteArray toPem(X509 *certificate)
{
    const BioHandle bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), certificate);
    return drain(bio.get());
}

QByteArray toPem(EVP_PKEY *key)
{
    const BioHandle bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    return drain(bio.get());
}

} // namespace Relay::Tls
