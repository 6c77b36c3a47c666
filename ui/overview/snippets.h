// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

namespace Inspector {

/// What a client needs to reach the relay.
struct SnippetTarget {
    QString host;
    quint16 port = 0;
    QString appId;
    QString key;
    QString secret;
};

/// Copy-ready "connect your app" snippets, filled with the real host, port and credentials. With `masked`,
/// the secret is shown as bullets (for the screen; copying uses the unmasked text).
namespace Snippets {
struct Snippet {
    QString title;
    QString text;
};
QList<Snippet> all(const SnippetTarget &target, bool masked);
QString pusherJs(const SnippetTarget &target);
QString laravelEcho(const SnippetTarget &target);
QString laravelEnv(const SnippetTarget &target, bool masked);
QString curlPublish(const SnippetTarget &target, bool masked);
QString maskedSecret(const QString &secret);
} // namespace Snippets

} // namespace Inspector
