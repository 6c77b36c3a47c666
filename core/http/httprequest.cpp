// SPDX-License-Identifier: MIT
#include "httprequest.h"

namespace Relay {

namespace {
/// The origin-form part of the target: an absolute target loses its scheme and authority.
QByteArrayView originForm(QByteArrayView target)
{
    if (target == "*")
        return "/";
    if (target.startsWith("http://")) {
        const qsizetype slash = target.indexOf('/', 7);
        return slash < 0 ? QByteArrayView("/") : target.sliced(slash);
    }
    return target;
}
} // namespace

QByteArrayView HttpRequest::path() const
{
    const QByteArrayView form = originForm(target);
    const qsizetype question = form.indexOf('?');
    return question < 0 ? form : form.first(question);
}

QByteArrayView HttpRequest::query() const
{
    const QByteArrayView form = originForm(target);
    const qsizetype question = form.indexOf('?');
    return question < 0 ? QByteArrayView() : form.sliced(question + 1);
}

} // namespace Relay
