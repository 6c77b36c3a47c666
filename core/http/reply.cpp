// SPDX-License-Identifier: MIT
#include "reply.h"

#include "protocol/jsontext.h"

namespace Relay {

namespace {
QByteArrayView reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 426:
        return "Upgrade Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}
} // namespace

Reply Reply::json(const QJsonObject &object, int status)
{
    return Reply { status, compactJson(object).toUtf8(), {} };
}

Reply Reply::error(const Error &error)
{
    QString body = QStringLiteral("{\"error\":");
    appendJsonString(body, error.message);
    body += u'}';
    return Reply { httpStatus(error.code), body.toUtf8(), {} };
}

Reply Reply::text(const Error &error)
{
    Reply reply { httpStatus(error.code), error.message.toUtf8() + '\n', {} };
    reply.contentType = "text/plain; charset=utf-8";
    return reply;
}

QByteArray Reply::toHttp(bool close) const
{
    QByteArray out;
    out.reserve(160 + body.size());
    out += "HTTP/1.1 ";
    out += QByteArray::number(status);
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\nAccess-Control-Allow-Origin: *\r\n";
    for (const auto &[name, value] : headers) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    if (status != 204) {
        out += "Content-Type: ";
        out += contentType;
        out += "\r\n";
    }
    out += "Content-Length: ";
    out += QByteArray::number(status == 204 ? 0 : body.size());
    out += close ? "\r\nConnection: close\r\n\r\n" : "\r\n\r\n";
    if (status != 204)
        out += body;
    return out;
}

} // namespace Relay
