// SPDX-License-Identifier: MIT
#include "versioninfo.h"

#include <openssl/crypto.h>

#include <QtGlobal>

namespace Relay {

RuntimeVersions runtimeVersions()
{
    return RuntimeVersions { QString::fromLatin1(qVersion()), QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION)) };
}

} // namespace Relay
