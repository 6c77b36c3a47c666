// SPDX-License-Identifier: MIT
#include "clustersnapshot.h"

#include <QDataStream>
#include <QIODevice>

namespace Relay {

namespace {
    constexpr quint8 snapshotVersion = 1;

    qsizetype sizeOf(const EventRecord &record)
    {
        return 2
            * (record.event.size() + record.channel.size() + record.data.size() + record.socketId.size()
                + record.origin.size())
            + 32;
    }

    qsizetype sizeOf(const CachedFrame &entry)
    {
        return 2 * (entry.channel.size() + entry.frame.size()) + 16;
    }
} // namespace

namespace ClusterSnapshot {

    QByteArray encode(const QList<AppSnapshot> &apps, qsizetype budgetBytes)
    {
        QByteArray bytes;
        QDataStream out(&bytes, QIODevice::WriteOnly);
        out.setVersion(QDataStream::Qt_6_4);
        out << snapshotVersion << quint32(apps.size());
        qsizetype left = budgetBytes;
        for (const AppSnapshot &app : apps) {
            QList<CachedFrame> cache;
            for (const CachedFrame &entry : app.cache) {
                if ((left -= sizeOf(entry)) < 0)
                    break;
                cache.append(entry);
            }
            qsizetype first = app.events.size();
            while (first > 0 && (left -= sizeOf(app.events.at(first - 1))) >= 0)
                --first;
            out << app.appId << quint32(app.events.size() - first);
            for (qsizetype i = first; i < app.events.size(); ++i) {
                const EventRecord &record = app.events.at(i);
                out << record.event << record.channel << record.data << record.socketId << quint8(record.source)
                    << record.timestamp.toMSecsSinceEpoch() << record.origin;
            }
            out << quint32(cache.size());
            for (const CachedFrame &entry : std::as_const(cache))
                out << entry.channel << entry.frame << entry.storedMs;
        }
        return bytes;
    }

    std::optional<QList<AppSnapshot>> decode(const QByteArray &bytes)
    {
        QDataStream in(bytes);
        in.setVersion(QDataStream::Qt_6_4);
        quint8 version = 0;
        quint32 appCount = 0;
        in >> version >> appCount;
        if (version != snapshotVersion)
            return std::nullopt;
        QList<AppSnapshot> apps;
        for (quint32 a = 0; a < appCount && in.status() == QDataStream::Ok; ++a) {
            AppSnapshot app;
            quint32 eventCount = 0;
            in >> app.appId >> eventCount;
            for (quint32 i = 0; i < eventCount && in.status() == QDataStream::Ok; ++i) {
                EventRecord record;
                quint8 source = 0;
                qint64 ms = 0;
                in >> record.event >> record.channel >> record.data >> record.socketId >> source >> ms >> record.origin;
                record.source = source == quint8(EventSource::Client) ? EventSource::Client : EventSource::Api;
                record.timestamp = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
                app.events.append(std::move(record));
            }
            quint32 cacheCount = 0;
            in >> cacheCount;
            for (quint32 i = 0; i < cacheCount && in.status() == QDataStream::Ok; ++i) {
                CachedFrame entry;
                in >> entry.channel >> entry.frame >> entry.storedMs;
                app.cache.append(std::move(entry));
            }
            apps.append(std::move(app));
        }
        if (in.status() != QDataStream::Ok)
            return std::nullopt;
        return apps;
    }

} // namespace ClusterSnapshot

} // namespace Relay
