// SPDX-License-Identifier: MIT
#pragma once

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>

/// What the RelayConfig suites share: an environment holding only the given variables, an app object as a
/// config file writes it, and config files written into a temporary directory.
namespace ConfigTestKit {
inline QProcessEnvironment environment(const QList<QPair<QString, QString>> &variables)
{
    QProcessEnvironment env; // empty: nothing leaks in from the test's own environment
    for (const auto &[name, value] : variables)
        env.insert(name, value);
    return env;
}

inline QJsonObject app(const QString &id, const QString &key, const QString &secret)
{
    return QJsonObject { { "id", id }, { "key", key }, { "secret", secret } };
}

/// Files in a temporary directory that lives as long as this object.
class ConfigFiles {
public:
    bool isValid() const { return m_dir.isValid(); }
    QString path() const { return m_dir.path(); }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    QString writeRaw(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }
    QString write(const QString &name, const QJsonObject &root) { return writeRaw(name, QJsonDocument(root).toJson()); }

private:
    QTemporaryDir m_dir;
};
} // namespace ConfigTestKit
