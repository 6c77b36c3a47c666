// SPDX-License-Identifier: MIT
// Refused browser origins in the inspector: a feed record in the event log, and a bar whose button allows the
// origin (or the refused Host) in the running relay.
#include "inspectorfixture.h"
#include "originrefusalbar.h"

#include <QLabel>
#include <QPushButton>

using namespace RelayTest;
using Kind = Relay::FeedEvent::Kind;

class OriginRefusalsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_fixture.start()); }
    void cleanup() { m_fixture.stop(); }

    void refusedOriginCanBeAllowedWithOneClick()
    {
        const QByteArray origin = "https://app.example.com";
        Http http;
        const auto fromOrigin = [&] {
            return http.send("GET", m_fixture.http("/health"), {}, { { "Origin", origin } }).status;
        };
        QCOMPARE(fromOrigin(), 403);

        QTRY_COMPARE(m_fixture.rowsOf(Kind::OriginRefused).size(), 1);
        const Relay::FeedEvent row = m_fixture.rowsOf(Kind::OriginRefused).first();
        QCOMPARE(row.event, QString::fromUtf8(origin));
        QVERIFY(row.detail.contains("--allowed-origin"));

        auto *bar = m_fixture.window->findChild<Inspector::OriginRefusalBar *>();
        QVERIFY(bar);
        QTRY_VERIFY(bar->isVisible());
        auto *allow = bar->findChild<QPushButton *>("allowOriginButton");
        QVERIFY(allow && allow->isVisible());
        QVERIFY(allow->text().contains(QString::fromUtf8(origin)));
        allow->click();
        QCOMPARE(fromOrigin(), 200);
        const QString said = bar->findChild<QLabel *>("originRefusalText")->text();
        QVERIFY2(said.contains("not changed"), qPrintable(said));
        QVERIFY(!allow->isVisible());
        // Other origins are still refused.
        QCOMPARE(
            http.send("GET", m_fixture.http("/health"), {}, { { "Origin", "https://other.example.com" } }).status, 403);
    }

    void refusedHostIsWhatTheButtonAllows()
    {
        Http http;
        const auto withHost = [&] {
            return rawExchange(m_fixture.host->port(),
                "GET /health HTTP/1.1\r\nHost: rebind.example:8080\r\nConnection: close\r\n\r\n");
        };
        QVERIFY(withHost().startsWith("HTTP/1.1 403"));
        auto *bar = m_fixture.window->findChild<Inspector::OriginRefusalBar *>();
        QTRY_VERIFY(bar->isVisible());
        QTRY_COMPARE(m_fixture.rowsOf(Kind::OriginRefused).size(), 1);
        QCOMPARE(m_fixture.rowsOf(Kind::OriginRefused).first().event, QString("rebind.example:8080"));
        bar->findChild<QPushButton *>("allowOriginButton")->click();
        QVERIFY(withHost().startsWith("HTTP/1.1 200"));
    }

private:
    InspectorFixture m_fixture { QStringLiteral("tst_originrefusals") };
};

QTEST_MAIN(OriginRefusalsTest)
#include "tst_originrefusals.moc"
