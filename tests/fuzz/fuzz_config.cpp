// SPDX-License-Identifier: MIT
// The JSON config file: read from a real file as `--config` reads it, then validated.
#include "fuzzinput.h"

#include "config/relayconfig.h"

#include <QTemporaryFile>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryFile *file = [] {
        auto *created = new QTemporaryFile;
        if (!created->open())
            __builtin_trap();
        return created;
    }();
    file->resize(0);
    file->seek(0);
    file->write(reinterpret_cast<const char *>(data), qint64(size));
    file->flush();
    Relay::RelayConfig config;
    if (Relay::applyConfigFile(config, file->fileName()))
        (void)config.validate();
    return 0;
}
