// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QWidget>

namespace Inspector {

/// A small live chart of two rates (events/s and deliveries/s) over the last minute, in palette colours, on a
/// labelled scale from 0 to a round number above the peak. With no traffic in view it says so, and no peak.
class Sparkline : public QWidget {
    Q_OBJECT
public:
    static constexpr int capacity = 120;
    explicit Sparkline(QWidget *parent = nullptr);

    void addSample(double events, double deliveries);
    qsizetype sampleCount() const { return m_events.size(); }
    /// The top of the scale (1, 2 or 5 times a power of ten, at least the peak); 0 while nothing moved.
    double scaleTop() const;
    /// The caption at the top right: "peak N/s", or "no traffic in the last minute".
    QString caption() const;
    QSize sizeHint() const override { return { 320, 90 }; }
    QSize minimumSizeHint() const override { return { 120, 50 }; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<double> m_events;
    QList<double> m_deliveries;
};

} // namespace Inspector
