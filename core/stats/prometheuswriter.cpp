// SPDX-License-Identifier: MIT
#include "prometheuswriter.h"

#include <QLocale>

#include <cmath>

namespace Relay {

void PrometheusWriter::family(QByteArrayView name, QByteArrayView type, QByteArrayView help)
{
    m_text.append("# HELP ").append(name).append(' ');
    for (const char c : help) { // HELP escapes backslash and newline only
        if (c == '\\')
            m_text.append("\\\\");
        else if (c == '\n')
            m_text.append("\\n");
        else
            m_text.append(c);
    }
    m_text.append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
}

void PrometheusWriter::writeLabels(const Labels &labels)
{
    if (labels.isEmpty())
        return;
    m_text.append('{');
    for (qsizetype i = 0; i < labels.size(); ++i) {
        if (i > 0)
            m_text.append(',');
        m_text.append(labels[i].first).append("=\"");
        for (const char c : labels[i].second) {
            if (c == '\\')
                m_text.append("\\\\");
            else if (c == '"')
                m_text.append("\\\"");
            else if (c == '\n')
                m_text.append("\\n");
            else
                m_text.append(c);
        }
        m_text.append('"');
    }
    m_text.append('}');
}

void PrometheusWriter::sample(QByteArrayView name, const Labels &labels, double value)
{
    m_text.append(name);
    writeLabels(labels);
    m_text.append(' ');
    if (std::isinf(value))
        m_text.append(value > 0 ? "+Inf" : "-Inf");
    else if (std::isnan(value))
        m_text.append("NaN");
    else
        m_text.append(QByteArray::number(value, 'g', QLocale::FloatingPointShortest));
    m_text.append('\n');
}

void PrometheusWriter::sample(QByteArrayView name, const Labels &labels, quint64 value)
{
    m_text.append(name);
    writeLabels(labels);
    m_text.append(' ').append(QByteArray::number(value)).append('\n');
}

} // namespace Relay
