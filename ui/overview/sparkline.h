// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QWidget>

namespace Inspector {

/// A small live chart of two rates (events/s and deliveries/s) over the last minute, in palette colours.
class Sparkline : public QWidget {
    Q_OBJECT
public:
    static constexpr int capacity = 120;
    explicit Sparkline(QWidget *parent = nullptr);

    void addSample(double events, double deliveries);
    qsizetype sampleCount() const { return m_events.size(); }
    QSize sizeHint() const override { return { 320, 90 }; }
    QSize minimumSizeHint() const override { return { 120, 50 }; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<double> m_events;
    QList<double> m_deliveries;
};

} // namespace Inspector
