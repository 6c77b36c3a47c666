// SPDX-License-Identifier: MIT
#pragma once

#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "mainwindow.h"
#include "relayhost.h"
#include "relaytestkit.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>
#include <vector>

/// The real relay in RelayHost's thread and the inspector window on the offscreen platform, with settings kept
/// in a temporary directory. For the widget suites.
class InspectorFixture {
public:
    explicit InspectorFixture(const QString &suite)
    {
        QCoreApplication::setOrganizationName(QStringLiteral("RelayDeskTest"));
        QCoreApplication::setApplicationName(suite);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }

    /// A fresh relay (with `config`) and window; settings cleared.
    bool start(Relay::RelayConfig config = RelayTest::testConfig())
    {
        QSettings().clear();
        window.reset();
        host = std::make_unique<Relay::RelayHost>(config);
        if (!host->start())
            return false;
        openWindow();
        return QTest::qWaitForWindowExposed(window.get());
    }

    void openWindow()
    {
        m_testers.clear();
        window = std::make_unique<Inspector::MainWindow>(*host);
        for (QAbstractItemModel *model : window->findChildren<QAbstractItemModel *>())
            m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest));
        window->show();
    }

    /// Closes the window (it saves its settings) and deletes it; the relay keeps running.
    void closeWindow()
    {
        m_testers.clear();
        if (window)
            window->close();
        window.reset();
    }

    void stop()
    {
        m_testers.clear();
        window.reset();
        host.reset();
    }

    QUrl wsUrl(const QString &query = {}) const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/app/my-key%2").arg(host->port()).arg(query));
    }
    QUrl http(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(host->port()).arg(path));
    }

    /// Log rows matching `predicate`.
    QList<Relay::FeedEvent> rows(const std::function<bool(const Relay::FeedEvent &)> &predicate) const
    {
        QList<Relay::FeedEvent> out;
        const Inspector::EventLogModel *model = window->log()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (predicate(model->eventAt(row)))
                out.append(model->eventAt(row));
        }
        return out;
    }
    QList<Relay::FeedEvent> rowsOf(Relay::FeedEvent::Kind kind) const
    {
        return rows([kind](const Relay::FeedEvent &event) { return event.kind == kind; });
    }

    std::unique_ptr<Relay::RelayHost> host;
    std::unique_ptr<Inspector::MainWindow> window;

private:
    QTemporaryDir m_settingsDir;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
};
