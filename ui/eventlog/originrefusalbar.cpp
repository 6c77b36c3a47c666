// SPDX-License-Identifier: MIT
#include "originrefusalbar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace Inspector {

OriginRefusalBar::OriginRefusalBar(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_allow(new QPushButton(QStringLiteral("Allow this origin"), this))
    , m_dismiss(new QPushButton(QStringLiteral("Dismiss"), this))
{
    setObjectName(QStringLiteral("originRefusalBar"));
    m_text->setObjectName(QStringLiteral("originRefusalText"));
    m_allow->setObjectName(QStringLiteral("allowOriginButton"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_allow->setToolTip(QStringLiteral("Allowed until the relay stops; the config file is not changed. To keep it, "
                                       "add it to \"allowed_origins\" or start with --allowed-origin."));
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 3, 6, 3);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_allow);
    layout->addWidget(m_dismiss);
    connect(m_allow, &QPushButton::clicked, this, [this] { Q_EMIT allowRequested(m_entry); });
    connect(m_dismiss, &QPushButton::clicked, this, &QWidget::hide);
    hide();
}

void OriginRefusalBar::noteEvents(const QList<Relay::FeedEvent> &batch)
{
    for (auto it = batch.crbegin(); it != batch.crend(); ++it) {
        if (it->kind != Relay::FeedEvent::Kind::OriginRefused)
            continue;
        m_entry = it->event;
        m_text->setText(QStringLiteral("Refused a browser request from %1 (403).").arg(m_entry.toHtmlEscaped()));
        m_text->setToolTip(it->detail);
        m_allow->setText(QStringLiteral("Allow %1").arg(m_entry));
        m_allow->setVisible(!m_entry.isEmpty());
        show();
        return;
    }
}

void OriginRefusalBar::showAnswer(const QString &entry, const Relay::Status &status)
{
    if (status) {
        m_text->setText(QStringLiteral("Allowed %1 until the relay stops. The config file was not changed: add it to "
                                       "\"allowed_origins\" or start with --allowed-origin to keep it.")
                            .arg(entry.toHtmlEscaped()));
        m_allow->hide();
    } else {
        m_text->setText(QStringLiteral("Could not allow %1: %2")
                            .arg(entry.toHtmlEscaped(), status.error().message.toHtmlEscaped()));
    }
    show();
}

} // namespace Inspector
