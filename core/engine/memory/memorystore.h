// SPDX-License-Identifier: MIT
#pragma once

#include "engine/store.h"

namespace Relay {

/// The store of a relay on its own: there are no other nodes, so every answer about them is empty.
class MemoryStore final : public Store {
public:
    bool clustered() const override { return false; }
    void setConnections(const QString &, int) override { }
    void setSubscribers(const QString &, const QString &, int) override { }
    void setMember(const QString &, const QString &, const PresenceMember &) override { }
    int otherConnections(const QString &) const override { return 0; }
    int otherSubscribers(const QString &, const QString &) const override { return 0; }
    QList<PresenceMember> otherMembers(const QString &, const QString &) const override { return {}; }
    bool otherHasMember(const QString &, const QString &, const QString &) const override { return false; }
    QStringList otherChannels(const QString &) const override { return {}; }
    bool leads() const override { return true; }
    void claimChannel(const QString &, const QString &, bool, std::function<void(bool)> decided) override
    {
        decided(true);
    }
    void claimMember(
        const QString &, const QString &, const QString &, bool, std::function<void(bool)> decided) override
    {
        decided(true);
    }
    QList<NodeInfo> nodes() const override { return {}; }
};

} // namespace Relay
