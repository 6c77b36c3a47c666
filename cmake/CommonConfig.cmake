# SPDX-License-Identifier: MIT
# One INTERFACE target that every Relay Desk target links: language level, warnings, Qt hygiene.
add_library(relay_common_config INTERFACE)
target_compile_features(relay_common_config INTERFACE cxx_std_20)
target_compile_options(relay_common_config INTERFACE
    -Wall -Wextra -Wpedantic -Wold-style-cast -Wnon-virtual-dtor -Woverloaded-virtual)
# Qt hygiene for product code; tests do without it so that their tables can use plain literals.
add_library(relay_qt_hygiene INTERFACE)
target_compile_definitions(relay_qt_hygiene INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_KEYWORDS
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER)
if(RELAY_WERROR)
    target_compile_options(relay_common_config INTERFACE -Werror)
endif()
if(RELAY_SANITIZERS)
    set(_relay_san_list ${RELAY_SANITIZERS})
    if("undefined" IN_LIST _relay_san_list)
        # Not part of gcc's "undefined" group: a double or float converted to an integer that cannot hold it.
        list(APPEND _relay_san_list float-cast-overflow)
    endif()
    list(JOIN _relay_san_list "," _relay_san)
    target_compile_options(relay_common_config INTERFACE -fsanitize=${_relay_san} -fno-omit-frame-pointer
        -fno-sanitize-recover=undefined,float-cast-overflow)
    target_link_options(relay_common_config INTERFACE -fsanitize=${_relay_san})
    # Lets a test skip what a sanitizer's own runtime cannot survive (e.g. a zero descriptor limit).
    target_compile_definitions(relay_common_config INTERFACE RELAY_SANITIZED=1)
endif()
