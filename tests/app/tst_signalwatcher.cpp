// SPDX-License-Identifier: MIT
// SIGINT/SIGTERM reach the event loop as a Qt signal; when they cannot be watched, the watcher says why.
#include "signalwatcher.h"

#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

class SignalWatcherTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void failureIsReported()
    {
#ifdef RELAY_SANITIZED
        QSKIP("the sanitizers probe memory through a pipe, which a zero descriptor limit makes fail");
#endif
        rlimit saved {};
        QCOMPARE(getrlimit(RLIMIT_NOFILE, &saved), 0);
        rlimit none = saved;
        none.rlim_cur = 0; // no new descriptor can be opened: the self-pipe cannot be created
        QCOMPARE(setrlimit(RLIMIT_NOFILE, &none), 0);
        SignalWatcher watcher;
        QCOMPARE(setrlimit(RLIMIT_NOFILE, &saved), 0);
        QVERIFY(!watcher.isWatching());
        QVERIFY2(watcher.errorString().contains("signal pipe"), qPrintable(watcher.errorString()));
    }

    void terminationArrivesInTheEventLoop()
    {
        SignalWatcher watcher;
        QVERIFY(watcher.isWatching());
        QVERIFY(watcher.errorString().isEmpty());
        QSignalSpy requested(&watcher, &SignalWatcher::terminationRequested);
        std::raise(SIGTERM);
        QVERIFY(requested.wait(5000));
    }
};

QTEST_GUILESS_MAIN(SignalWatcherTest)
#include "tst_signalwatcher.moc"
