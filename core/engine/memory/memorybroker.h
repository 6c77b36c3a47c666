// SPDX-License-Identifier: MIT
#pragma once

#include "engine/broker.h"

namespace Relay {

/// The broker of a relay on its own: there is no other node to tell.
class MemoryBroker final : public Broker {
public:
    bool clustered() const override { return false; }
    void publish(const BrokerMessage &) override { }
    BrokerStatus status() const override { return {}; }
};

} // namespace Relay
