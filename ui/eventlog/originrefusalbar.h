// SPDX-License-Identifier: MIT
#pragma once

#include "common/result.h"
#include "stats/relayfeed.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace Inspector {

/// Above the event log: the last browser origin (or Host name) the relay refused with 403, and a button that
/// allows it in the running relay. Hidden until a refusal arrives. What the button adds lasts until the relay
/// stops; the bar says so, and that the config file is not changed.
class OriginRefusalBar : public QFrame {
    Q_OBJECT
public:
    explicit OriginRefusalBar(QWidget *parent = nullptr);

    /// Shows the batch's last OriginRefused event, if it has one.
    void noteEvents(const QList<Relay::FeedEvent> &batch);
    /// The relay's answer to allowRequested(`entry`).
    void showAnswer(const QString &entry, const Relay::Status &status);

Q_SIGNALS:
    /// The user asked to allow `entry` (an `allowed_origins` entry) in the running relay.
    void allowRequested(const QString &entry);

private:
    QLabel *m_text;
    QPushButton *m_allow;
    QPushButton *m_dismiss;
    QString m_entry;
};

} // namespace Inspector
