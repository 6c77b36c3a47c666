// SPDX-License-Identifier: MIT
#pragma once

#include "cachechannels.h"
#include "channels/eventrecord.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace Relay {

/// What one node hands a node that (re)joins the cluster, per app: its history and its cache channels' last
/// events, so that a late node's history, event log and cache channels start where the cluster's are.
struct AppSnapshot {
    QString appId;
    QList<EventRecord> events; ///< oldest first
    QList<CachedFrame> cache;
};

namespace ClusterSnapshot {
    /// The snapshot's bytes. Over `budgetBytes` (about: the text it holds), each app's oldest events are left out.
    QByteArray encode(const QList<AppSnapshot> &apps, qsizetype budgetBytes);
    /// nullopt for bytes that are not an encoded snapshot (another version, truncated).
    std::optional<QList<AppSnapshot>> decode(const QByteArray &bytes);
} // namespace ClusterSnapshot

} // namespace Relay
