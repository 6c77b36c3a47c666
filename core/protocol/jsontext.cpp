// SPDX-License-Identifier: MIT
#include "jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Relay {

qsizetype utf8Size(QStringView text)
{
    qsizetype bytes = 0;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        bytes += u < 0x80 ? 1 : (u < 0x800 || c.isSurrogate()) ? 2 : 3; // a surrogate pair is 4 bytes
    }
    return bytes;
}

void appendJsonString(QString &out, QStringView text)
{
    static constexpr char16_t hex[] = u"0123456789abcdef";
    out.reserve(out.size() + text.size() + 2);
    out += u'"';
    for (QChar c : text) {
        const char16_t u = c.unicode();
        switch (u) {
        case u'"':
            out += u"\\\"";
            break;
        case u'\\':
            out += u"\\\\";
            break;
        case u'\n':
            out += u"\\n";
            break;
        case u'\r':
            out += u"\\r";
            break;
        case u'\t':
            out += u"\\t";
            break;
        default:
            if (u < 0x20) {
                const char16_t escape[] = { u'\\', u'u', u'0', u'0', hex[u >> 4], hex[u & 0xf] };
                out.append(QStringView(escape, 6));
            } else {
                out += c;
            }
        }
    }
    out += u'"';
}

QString compactJson(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    default: {
        // QJsonDocument only serialises containers: wrap, then strip the brackets.
        const QByteArray wrapped = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
    }
    }
}

std::optional<QJsonValue> parseJsonValue(QStringView text, QJsonParseError *error)
{
    // The one place scalars are wrapped: "[" + text + "]" parses as an array of exactly one value.
    QJsonParseError local {};
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray('[' + text.toUtf8() + ']'), &local);
    local.offset = qMax(0, local.offset - 1);
    if (error)
        *error = local;
    if (local.error != QJsonParseError::NoError || document.array().size() != 1)
        return std::nullopt;
    return document.array().first();
}

} // namespace Relay
