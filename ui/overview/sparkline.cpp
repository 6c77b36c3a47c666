// SPDX-License-Identifier: MIT
#include "sparkline.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace Inspector {

namespace {
    void push(QList<double> &series, double value)
    {
        series.append(value);
        if (series.size() > Sparkline::capacity)
            series.removeFirst();
    }

    QPainterPath pathOf(const QList<double> &series, const QRectF &area, double top)
    {
        QPainterPath path;
        const double step = area.width() / (Sparkline::capacity - 1);
        const double x0 = area.right() - step * double(series.size() - 1);
        for (qsizetype i = 0; i < series.size(); ++i) {
            const QPointF point(x0 + step * double(i), area.bottom() - area.height() * series[i] / top);
            if (i == 0)
                path.moveTo(point);
            else
                path.lineTo(point);
        }
        return path;
    }
} // namespace

Sparkline::Sparkline(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void Sparkline::addSample(double events, double deliveries)
{
    push(m_events, events);
    push(m_deliveries, deliveries);
    update();
}

double Sparkline::scaleTop() const
{
    double peak = 0;
    for (const QList<double> *series : { &m_events, &m_deliveries })
        peak = std::max(peak, series->isEmpty() ? 0.0 : *std::max_element(series->cbegin(), series->cend()));
    if (peak <= 0)
        return 0;
    double step = std::pow(10.0, std::floor(std::log10(peak)));
    for (double factor : { 1.0, 2.0, 5.0, 10.0 }) {
        if (step * factor >= peak)
            return step * factor;
    }
    return step * 10;
}

QString Sparkline::caption() const
{
    double peak = 0;
    for (const QList<double> *series : { &m_events, &m_deliveries })
        peak = std::max(peak, series->isEmpty() ? 0.0 : *std::max_element(series->cbegin(), series->cend()));
    return peak <= 0 ? QStringLiteral("no traffic in the last minute")
                     : QStringLiteral("peak %L1/s").arg(qRound64(peak));
}

void Sparkline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QRectF frame = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    painter.fillRect(frame, pal.color(QPalette::Base));
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawRect(frame);
    const QFontMetrics metrics(font());
    const double top = scaleTop();
    const QString topLabel = QStringLiteral("%L1").arg(top, 0, 'g', 6);
    const double axisWidth = metrics.horizontalAdvance(top > 0 ? topLabel : QStringLiteral("0")) + 6;
    const QRectF area = frame.adjusted(4 + axisWidth, metrics.height() + 4, -4, -4);
    const QColor eventsColour = pal.color(QPalette::Highlight);
    const QColor deliveriesColour
        = pal.color(QPalette::Base).lightness() < 128 ? QColor(0x81, 0xc7, 0x84) : QColor(0x2e, 0x7d, 0x32);
    // The scale: a line at its top and at 0, each labelled on the left.
    painter.setPen(QPen(pal.color(QPalette::Mid), 1, Qt::DotLine));
    painter.drawLine(area.bottomLeft(), area.bottomRight());
    painter.setPen(pal.color(QPalette::PlaceholderText));
    const QRectF axis(frame.left() + 2, area.top(), axisWidth, area.height());
    painter.drawText(axis, Qt::AlignBottom | Qt::AlignRight, QStringLiteral("0"));
    if (top > 0) {
        painter.setPen(QPen(pal.color(QPalette::Mid), 1, Qt::DotLine));
        painter.drawLine(area.topLeft(), area.topRight());
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(axis.adjusted(0, -metrics.height() / 2.0, 0, 0), Qt::AlignTop | Qt::AlignRight, topLabel);
        painter.setPen(QPen(deliveriesColour, 1.5));
        painter.drawPath(pathOf(m_deliveries, area, top));
        painter.setPen(QPen(eventsColour, 1.5));
        painter.drawPath(pathOf(m_events, area, top));
    }
    painter.setPen(pal.color(QPalette::Text));
    painter.drawText(frame.adjusted(6, 2, -6, 0), Qt::AlignTop | Qt::AlignRight, caption());
    painter.setPen(eventsColour);
    painter.drawText(frame.adjusted(6, 2, 0, 0), Qt::AlignTop | Qt::AlignLeft, QStringLiteral("events/s"));
    painter.setPen(deliveriesColour);
    painter.drawText(frame.adjusted(6 + metrics.horizontalAdvance(QStringLiteral("events/s  ")), 2, 0, 0),
        Qt::AlignTop | Qt::AlignLeft,
        QStringLiteral("deliveries/s"));
}

} // namespace Inspector
