// SPDX-License-Identifier: MIT
// Channel name and socket id rules: validation, the type a prefix gives, user channels.
#include "fuzzinput.h"

#include "channels/channelname.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    RelayFuzz::Input input(data, size);
    const int maxLength = input.byte();
    const QString name = QString::fromUtf8(input.rest());
    const Relay::Status valid = Relay::validateChannelName(name, maxLength);
    if (valid && (name.isEmpty() || name.size() > maxLength))
        __builtin_trap();
    (void)Relay::channelTypeName(Relay::channelTypeOf(name));
    (void)Relay::isEncryptedChannel(name);
    (void)Relay::isCacheChannel(name);
    if (Relay::isUserChannel(name)) {
        const QString userId = Relay::userIdOfUserChannel(name);
        if (Relay::userChannelName(userId) != name)
            __builtin_trap();
    }
    (void)Relay::isValidSocketId(name);
    return 0;
}
