// SPDX-License-Identifier: MIT
// The Prometheus text writer: HELP/TYPE lines, label escaping, number formats.
#include "stats/prometheuswriter.h"

#include <QTest>

#include <limits>

using Relay::PrometheusWriter;

class PrometheusWriterTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void familyAndSamples()
    {
        PrometheusWriter out;
        out.family("relaydesk_x_total", "counter", "Things.\nMore \\ things.");
        out.sample("relaydesk_x_total", { { "app_id", "a" }, { "code", "4100" } }, quint64(18446744073709551615ULL));
        out.sample("relaydesk_x_total", {}, quint64(0));
        QCOMPARE(out.text(),
            QByteArray("# HELP relaydesk_x_total Things.\\nMore \\\\ things.\n"
                       "# TYPE relaydesk_x_total counter\n"
                       "relaydesk_x_total{app_id=\"a\",code=\"4100\"} 18446744073709551615\n"
                       "relaydesk_x_total 0\n"));
    }

    void labelValuesAreEscaped()
    {
        PrometheusWriter out;
        out.sample("m", { { "app_id", "a\"b\\c\nd" } }, quint64(1));
        QCOMPARE(out.text(), QByteArray("m{app_id=\"a\\\"b\\\\c\\nd\"} 1\n"));
    }

    void doubles_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("fraction") << 0.00025 << QByteArray("0.00025");
        QTest::newRow("whole") << 3.0 << QByteArray("3");
        QTest::newRow("large") << 1.5e12 << QByteArray("1.5e+12");
        QTest::newRow("+Inf") << std::numeric_limits<double>::infinity() << QByteArray("+Inf");
        QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << QByteArray("NaN");
    }

    void doubles()
    {
        QFETCH(double, value);
        QFETCH(QByteArray, text);
        PrometheusWriter out;
        out.sample("m", {}, value);
        QCOMPARE(out.text(), "m " + text + '\n');
    }
};

QTEST_GUILESS_MAIN(PrometheusWriterTest)
#include "tst_prometheuswriter.moc"
