// SPDX-License-Identifier: MIT
#include "sparkline.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

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
    const QRectF area = frame.adjusted(4, metrics.height() + 4, -4, -4);
    double top = 1;
    for (const QList<double> *series : { &m_events, &m_deliveries })
        top = std::max(top, series->isEmpty() ? 0.0 : *std::max_element(series->cbegin(), series->cend()));
    top *= 1.15;
    const QColor eventsColour = pal.color(QPalette::Highlight);
    const QColor deliveriesColour
        = pal.color(QPalette::Base).lightness() < 128 ? QColor(0x81, 0xc7, 0x84) : QColor(0x2e, 0x7d, 0x32);
    painter.setPen(QPen(deliveriesColour, 1.5));
    painter.drawPath(pathOf(m_deliveries, area, top));
    painter.setPen(QPen(eventsColour, 1.5));
    painter.drawPath(pathOf(m_events, area, top));
    painter.setPen(pal.color(QPalette::Text));
    const QString peak = QStringLiteral("peak %L1/s").arg(qRound64(top / 1.15));
    painter.drawText(frame.adjusted(6, 2, -6, 0), Qt::AlignTop | Qt::AlignRight, peak);
    painter.setPen(eventsColour);
    painter.drawText(frame.adjusted(6, 2, 0, 0), Qt::AlignTop | Qt::AlignLeft, QStringLiteral("events/s"));
    painter.setPen(deliveriesColour);
    painter.drawText(frame.adjusted(6 + metrics.horizontalAdvance(QStringLiteral("events/s  ")), 2, 0, 0),
        Qt::AlignTop | Qt::AlignLeft, QStringLiteral("deliveries/s"));
}

} // namespace Inspector
