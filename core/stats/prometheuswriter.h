// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace Relay {

/// Writes the Prometheus text exposition format (version 0.0.4): a HELP and a TYPE line per family, then
/// its samples. Label values are escaped; names are the caller's (they must match [a-zA-Z_:][a-zA-Z0-9_:]*).
class PrometheusWriter {
public:
    using Labels = QList<QPair<QByteArrayView, QByteArray>>;

    /// Starts a family; `type` is counter, gauge, histogram or untyped.
    void family(QByteArrayView name, QByteArrayView type, QByteArrayView help);
    void sample(QByteArrayView name, const Labels &labels, double value);
    void sample(QByteArrayView name, const Labels &labels, quint64 value);

    QByteArray text() const { return m_text; }

private:
    void writeLabels(const Labels &labels);

    QByteArray m_text;
};

} // namespace Relay
