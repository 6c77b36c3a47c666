// SPDX-License-Identifier: MIT
#include "publishpanel.h"

#include "feedformat.h"
#include "protocol/jsontext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateTime>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStringListModel>
#include <QVBoxLayout>

namespace Inspector {

namespace {
    /// Any JSON value (scalars too); nullopt with a message when the text does not parse.
    std::optional<QJsonValue> parseData(const QString &text, QString *message)
    {
        QJsonParseError error {};
        if (std::optional<QJsonValue> value = Relay::parseJsonValue(text, &error))
            return value;
        if (message) {
            *message = text.trimmed().isEmpty()
                ? QStringLiteral("data is required (any JSON: {}, [], \"text\", 42)")
                : QStringLiteral("not valid JSON: %1 at character %2").arg(error.errorString()).arg(error.offset);
        }
        return std::nullopt;
    }

} // namespace

PublishPanel::PublishPanel(Relay::RelayHost &host, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_app(new QComboBox(this))
    , m_channel(new QLineEdit(this))
    , m_event(new QLineEdit(this))
    , m_data(new QPlainTextEdit(this))
    , m_raw(new QCheckBox(QStringLiteral("Plain string"), this))
    , m_socket(new QLineEdit(this))
    , m_send(new QPushButton(QStringLiteral("Send"), this))
    , m_format(new QPushButton(QStringLiteral("Format JSON"), this))
    , m_validity(new QLabel(this))
    , m_answer(new QLabel(this))
    , m_history(new QListWidget(this))
    , m_completions(new QStringListModel(this))
{
    for (const Relay::AppConfig &app : host.config().apps)
        m_app->addItem(app.id);
    auto *completer = new QCompleter(m_completions, m_channel);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_channel->setCompleter(completer);
    m_channel->setPlaceholderText(QStringLiteral("chat, private-orders, presence-room…"));
    m_event->setText(QStringLiteral("message"));
    m_socket->setPlaceholderText(QStringLiteral("optional: socket_id to exclude, e.g. 1234.5678"));
    m_data->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_data->setTabChangesFocus(true);
    m_data->setPlainText(QStringLiteral("{\n    \"text\": \"Hello from Relay Desk\"\n}"));
    m_raw->setToolTip(QStringLiteral("Send the text itself as the data string, without reading it as JSON"));
    m_send->setDefault(true);
    m_send->setToolTip(QStringLiteral("Publish (Ctrl+Enter)"));
    m_answer->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_answer->setWordWrap(true);
    m_history->setToolTip(QStringLiteral("Sent payloads: double-click to send again"));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(makeForm());
    auto *historyBox = new QWidget(splitter);
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    historyLayout->addWidget(new QLabel(QStringLiteral("History (double-click to resend)"), historyBox));
    historyLayout->addWidget(m_history);
    splitter->addWidget(historyBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    for (const QKeySequence &keys :
        { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) }) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, &PublishPanel::send);
    }
    connect(m_send, &QPushButton::clicked, this, &PublishPanel::send);
    connect(m_format, &QPushButton::clicked, this, &PublishPanel::formatData);
    connect(m_data, &QPlainTextEdit::textChanged, this, &PublishPanel::validate);
    connect(m_raw, &QCheckBox::toggled, this, &PublishPanel::validate);
    connect(m_app, &QComboBox::currentTextChanged, this, &PublishPanel::updateCompletions);
    connect(
        m_history, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) { resend(m_history->row(item)); });
    connect(&m_host, &Relay::RelayHost::published, this, &PublishPanel::onAnswer);
    validate();
}

QWidget *PublishPanel::makeForm()
{
    auto *form = new QWidget(this);
    auto *layout = new QFormLayout(form);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addRow(QStringLiteral("App"), m_app);
    layout->addRow(QStringLiteral("Channel"), m_channel);
    layout->addRow(QStringLiteral("Event"), m_event);
    layout->addRow(QStringLiteral("Data"), m_data);
    auto *validity = new QHBoxLayout;
    validity->addWidget(m_validity, 1);
    validity->addWidget(m_raw);
    layout->addRow(QString(), validity);
    layout->addRow(QStringLiteral("Exclude socket"), m_socket);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_format);
    buttons->addStretch();
    buttons->addWidget(m_send);
    layout->addRow(buttons);
    layout->addRow(QStringLiteral("Answer"), m_answer);
    return form;
}

void PublishPanel::validate()
{
    QString message;
    const bool json = parseData(m_data->toPlainText(), &message).has_value();
    const bool raw = m_raw->isChecked();
    m_validity->setText(raw ? QStringLiteral("sent as a plain string, exactly as typed")
            : json          ? QStringLiteral("✓ valid JSON, sent exactly as typed")
                            : message);
    m_validity->setStyleSheet(raw || json ? QString() : QStringLiteral("color: #d32f2f;"));
    m_send->setEnabled(raw || json);
    m_format->setEnabled(json && !raw);
}

void PublishPanel::formatData()
{
    if (parseData(m_data->toPlainText(), nullptr))
        m_data->setPlainText(FeedFormat::prettyText(m_data->toPlainText()));
}

bool PublishPanel::send()
{
    const QString data = m_data->toPlainText();
    if (!m_raw->isChecked() && !parseData(data, nullptr))
        return false;
    const Relay::Publication publication {
        m_channel->text().trimmed(), m_event->text().trimmed(), data, m_socket->text().trimmed()
    };
    // "a, b, c" publishes to each, like the API's `channels` list.
    QList<Relay::Publication> publications;
    for (const QString &channel : publication.channel.split(QLatin1Char(','), Qt::SkipEmptyParts))
        publications.append({ channel.trimmed(), publication.event, data, publication.excludeSocketId });
    if (publications.isEmpty())
        publications.append(publication); // the relay answers the empty channel name
    m_pendingRequest = m_host.publish(m_app->currentText(), publications);
    m_answer->setText(QStringLiteral("sending…"));
    m_answer->setStyleSheet({});
    QJsonObject entry { { QStringLiteral("app"), m_app->currentText() },
        { QStringLiteral("channel"), publication.channel },
        { QStringLiteral("event"), publication.event },
        { QStringLiteral("data"), publication.data } };
    if (!publication.excludeSocketId.isEmpty())
        entry.insert(QStringLiteral("socket_id"), publication.excludeSocketId);
    if (m_raw->isChecked())
        entry.insert(QStringLiteral("raw"), true);
    m_pendingEntry = entry;
    return true;
}

void PublishPanel::onAnswer(const Relay::CommandAnswer &answer)
{
    if (answer.requestId != m_pendingRequest)
        return;
    m_answer->setText(QStringLiteral("%1 %2").arg(answer.status).arg(QString::fromUtf8(answer.body)));
    m_answer->setStyleSheet(answer.ok() ? QString() : QStringLiteral("color: #d32f2f;"));
    if (answer.ok())
        addHistory(m_pendingEntry);
    Q_EMIT answered(answer);
}

void PublishPanel::addHistory(const QJsonObject &entry)
{
    // The newest first; sending the same payload again moves it to the top instead of repeating it.
    for (int row = 0; row < m_history->count(); ++row) {
        if (m_history->item(row)->data(Qt::UserRole).toJsonObject() == entry) {
            delete m_history->takeItem(row);
            break;
        }
    }
    const QString label = QStringLiteral("%1  %2  %3")
                              .arg(entry.value(QStringLiteral("channel")).toString(),
                                  entry.value(QStringLiteral("event")).toString(),
                                  entry.value(QStringLiteral("data")).toString().left(80));
    auto *item = new QListWidgetItem(label);
    item->setData(Qt::UserRole, entry);
    item->setToolTip(FeedFormat::prettyText(QString::fromUtf8(QJsonDocument(entry).toJson(QJsonDocument::Compact))));
    m_history->insertItem(0, item);
    while (m_history->count() > historyLimit)
        delete m_history->takeItem(m_history->count() - 1);
}

void PublishPanel::loadHistory(int row)
{
    const QJsonObject entry = m_history->item(row)->data(Qt::UserRole).toJsonObject();
    const int app = m_app->findText(entry.value(QStringLiteral("app")).toString());
    if (app >= 0)
        m_app->setCurrentIndex(app);
    m_channel->setText(entry.value(QStringLiteral("channel")).toString());
    m_event->setText(entry.value(QStringLiteral("event")).toString());
    m_raw->setChecked(entry.value(QStringLiteral("raw")).toBool());
    m_data->setPlainText(entry.value(QStringLiteral("data")).toString());
    m_socket->setText(entry.value(QStringLiteral("socket_id")).toString());
}

void PublishPanel::load(const Relay::FeedEvent &event)
{
    const int app = m_app->findText(event.appId);
    if (app >= 0)
        m_app->setCurrentIndex(app);
    m_channel->setText(event.channel);
    m_event->setText(event.event);
    // JSON data goes back in as typed; anything else as the plain string it was.
    m_raw->setChecked(!parseData(event.detail, nullptr));
    m_data->setPlainText(event.detail);
    m_socket->setText(event.socketId);
}

bool PublishPanel::resend(int historyRow)
{
    if (historyRow < 0 || historyRow >= m_history->count())
        return false;
    loadHistory(historyRow);
    return send();
}

void PublishPanel::setChannel(const QString &appId, const QString &channel)
{
    if (channel.isEmpty())
        return;
    const int app = m_app->findText(appId);
    if (app >= 0)
        m_app->setCurrentIndex(app);
    m_channel->setText(channel);
}

void PublishPanel::setSnapshot(std::shared_ptr<const Relay::RelaySnapshot> snapshot)
{
    m_snapshot = std::move(snapshot);
    updateCompletions();
}

void PublishPanel::updateCompletions()
{
    QStringList names;
    if (m_snapshot) {
        for (const Relay::ChannelInfo &channel : m_snapshot->channels) {
            if (channel.appId == m_app->currentText())
                names.append(channel.name);
        }
    }
    if (names != m_completions->stringList())
        m_completions->setStringList(names);
}

void PublishPanel::saveSettings(QSettings &settings) const
{
    QJsonArray entries;
    for (int row = m_history->count() - 1; row >= 0; --row)
        entries.append(m_history->item(row)->data(Qt::UserRole).toJsonObject());
    settings.setValue(
        QStringLiteral("publish/history"), QString::fromUtf8(QJsonDocument(entries).toJson(QJsonDocument::Compact)));
    settings.setValue(QStringLiteral("publish/channel"), m_channel->text());
    settings.setValue(QStringLiteral("publish/event"), m_event->text());
    settings.setValue(QStringLiteral("publish/data"), m_data->toPlainText());
}

void PublishPanel::restoreSettings(const QSettings &settings)
{
    m_history->clear();
    const QJsonArray entries
        = QJsonDocument::fromJson(settings.value(QStringLiteral("publish/history")).toString().toUtf8()).array();
    for (const QJsonValue &entry : entries)
        addHistory(entry.toObject());
    m_channel->setText(settings.value(QStringLiteral("publish/channel"), m_channel->text()).toString());
    m_event->setText(settings.value(QStringLiteral("publish/event"), m_event->text()).toString());
    m_data->setPlainText(settings.value(QStringLiteral("publish/data"), m_data->toPlainText()).toString());
}

} // namespace Inspector
