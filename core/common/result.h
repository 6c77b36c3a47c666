// SPDX-License-Identifier: MIT
#pragma once

#include "error.h"

#include <utility>
#include <variant>

namespace Relay {

/// A value or an Error; used for everything that can fail on bad input.
template <typename T>
class Result {
public:
    Result(T value)
        : m_state(std::move(value))
    {
    }
    Result(Error error)
        : m_state(std::move(error))
    {
    }
    Result(ErrorCode code, QString message)
        : m_state(Error { code, std::move(message) })
    {
    }

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const T *operator->() const { return &value(); }
    const T &operator*() const { return value(); }
    const Error &error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

/// Success carries nothing.
struct Ok {
};
using Status = Result<Ok>;

} // namespace Relay
