// SPDX-License-Identifier: MIT
// Channels, members and connections models: snapshots become minimal row changes.
#include "channelsmodel.h"
#include "connectionsmodel.h"
#include "membersmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace Relay;
using Inspector::ChannelsModel;
using Inspector::ConnectionsModel;
using Inspector::MembersModel;

namespace {
ChannelInfo channel(const QString &name, int subscribers = 1, const QString &app = QStringLiteral("my-app"))
{
    const QString type
        = name.startsWith(QLatin1String("presence-")) ? QStringLiteral("presence") : QStringLiteral("public");
    return ChannelInfo { app, name, type, subscribers, 0, 0, 0 };
}

RelaySnapshot withChannels(const QList<ChannelInfo> &channels)
{
    RelaySnapshot snapshot;
    snapshot.channels = channels;
    return snapshot;
}

QStringList names(const ChannelsModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.index(row, ChannelsModel::NameColumn).data().toString());
    return out;
}
} // namespace

class TestSnapshotModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void channelsSyncMinimally()
    {
        ChannelsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(withChannels({ channel(QStringLiteral("b")), channel(QStringLiteral("d")) }));
        QCOMPARE(names(model), QStringList({ QStringLiteral("b"), QStringLiteral("d") }));

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setSnapshot(withChannels({ channel(QStringLiteral("a")), channel(QStringLiteral("b"), 5),
            channel(QStringLiteral("c")), channel(QStringLiteral("c2")) }));
        QCOMPARE(names(model),
            QStringList({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("c2") }));
        QCOMPARE(inserted.count(), 2); // "a", then the run "c", "c2"
        QCOMPARE(removed.count(), 1); // "d"
        QCOMPARE(changed.count(), 1); // "b" now has 5 subscribers
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.index(1, ChannelsModel::SubscribersColumn).data().toInt(), 5);

        changed.clear();
        model.setSnapshot(withChannels({ channel(QStringLiteral("a")), channel(QStringLiteral("b"), 5),
            channel(QStringLiteral("c")), channel(QStringLiteral("c2")) }));
        QCOMPARE(changed.count(), 0); // nothing changed, nothing said
        QCOMPARE(model.rowOf(QStringLiteral("my-app"), QStringLiteral("c")), 2);
        QCOMPARE(model.rowOf(QStringLiteral("x"), QStringLiteral("c")), -1);
    }

    void channelsRandomised()
    {
        ChannelsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QRandomGenerator random(42);
        for (int round = 0; round < 200; ++round) {
            QList<ChannelInfo> next;
            QStringList expected;
            for (int i = 0; i < 30; ++i) {
                if (random.bounded(2) == 0)
                    continue;
                const QString name = QStringLiteral("ch%1").arg(i, 2, 10, QLatin1Char('0'));
                next.append(channel(name, int(random.bounded(3)) + 1));
                expected.append(name);
            }
            std::shuffle(next.begin(), next.end(), std::mt19937(round));
            model.setSnapshot(withChannels(next));
            QCOMPARE(names(model), expected);
        }
    }

    void membersOfTheFocusedChannel()
    {
        MembersModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        RelaySnapshot snapshot;
        snapshot.members = {
            MemberInfo { QStringLiteral("my-app"), QStringLiteral("presence-a"), QStringLiteral("1"), 1,
                QJsonObject { { QStringLiteral("name"), QStringLiteral("Ann") } }, 1, 100, {} },
            MemberInfo { QStringLiteral("my-app"), QStringLiteral("presence-b"), QStringLiteral("2"), 2, {}, 1, 200, {} },
            MemberInfo { QStringLiteral("my-app"), QStringLiteral("presence-a"), QStringLiteral("3"), 3, {}, 2, 300, {} },
        };
        model.setSnapshot(snapshot);
        QCOMPARE(model.rowCount(), 0); // no channel focused
        model.setChannel(QStringLiteral("my-app"), QStringLiteral("presence-a"));
        model.setSnapshot(snapshot);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, MembersModel::IdColumn).data().toString(), QStringLiteral("1"));
        QCOMPARE(model.index(0, MembersModel::UserInfoColumn).data().toString(), QStringLiteral("{\"name\":\"Ann\"}"));
        QCOMPARE(model.index(1, MembersModel::SocketsColumn).data().toInt(), 2);
        snapshot.members.removeFirst();
        model.setSnapshot(snapshot);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, MembersModel::IdColumn).data().toString(), QStringLiteral("3"));
    }

    void connectionsFilteredByChannel()
    {
        ConnectionsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto snapshot = std::make_shared<RelaySnapshot>();
        snapshot->connections = {
            ConnectionInfo { QStringLiteral("1.1"), QStringLiteral("my-app"), QStringLiteral("127.0.0.1:5000"),
                QStringLiteral("relay"), 10, { QStringLiteral("chat") }, 3, 4, {}, {}, {} },
            ConnectionInfo { QStringLiteral("2.2"), QStringLiteral("my-app"), QStringLiteral("127.0.0.1:5001"),
                QStringLiteral("pusher"), 20, {}, 1, 1, {}, {}, {} },
        };
        model.setSnapshot(snapshot);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, ConnectionsModel::SubscriptionsColumn).data().toInt(), 1);
        QCOMPARE(model.index(0, ConnectionsModel::OutColumn).data().toULongLong(), 4u);
        model.setChannelFilter(QStringLiteral("my-app"), QStringLiteral("chat"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowOf(QStringLiteral("1.1")), 0);
        QCOMPARE(model.rowOf(QStringLiteral("2.2")), -1);
        model.setChannelFilter({}, {});
        QCOMPARE(model.rowCount(), 2);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotModels)
#include "tst_snapshotmodels.moc"
