// SPDX-License-Identifier: MIT
#include "processstats.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QList>

#include <sys/resource.h>
#include <unistd.h>

namespace Relay {

namespace {
    QByteArray readAll(const char *path)
    {
        QFile file(QString::fromLatin1(path));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    /// Seconds since the epoch at which the system booted, from /proc/stat's btime line.
    qint64 bootTime()
    {
        const QByteArray stat = readAll("/proc/stat");
        const qsizetype at = stat.indexOf("\nbtime ");
        if (at < 0)
            return -1;
        const qsizetype end = stat.indexOf('\n', at + 1);
        bool ok = false;
        const qint64 value = stat.mid(at + 7, end - at - 7).trimmed().toLongLong(&ok);
        return ok ? value : -1;
    }
} // namespace

ProcessStats readProcessStats()
{
    ProcessStats stats;
    const long ticks = ::sysconf(_SC_CLK_TCK);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    // /proc/self/stat: "pid (comm) state ..." where comm may hold spaces; the fields after ')' are
    // state(3) ... utime(14) stime(15) ... starttime(22) vsize(23) rss(24), numbered from 1 as in proc(5).
    const QByteArray stat = readAll("/proc/self/stat");
    const qsizetype close = stat.lastIndexOf(')');
    if (close > 0 && ticks > 0) {
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        const auto field = [&fields](int number) { return fields.value(number - 3).toLongLong(); };
        if (fields.size() >= 22) {
            stats.cpuSeconds = double(field(14) + field(15)) / double(ticks);
            stats.virtualBytes = field(23);
            stats.residentBytes = field(24) * pageSize;
            if (const qint64 boot = bootTime(); boot >= 0)
                stats.startTimeSeconds = double(boot) + double(field(22)) / double(ticks);
        }
    }
    const QDir fds(QStringLiteral("/proc/self/fd"));
    if (fds.exists())
        stats.openFds = qint64(fds.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size()) - 1;
    if (rlimit limit {}; ::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        stats.maxFds = qint64(limit.rlim_cur);
    return stats;
}

} // namespace Relay
