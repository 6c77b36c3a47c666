// SPDX-License-Identifier: MIT
#pragma once

#include <QApplication>

#include <memory>

/// Creates the QApplication for the window. When no platform plugin can open the display (an unreachable
/// DISPLAY, a missing Wayland socket), Qt would abort with its plugin message; instead this prints one line
/// naming the display and suggesting --no-gui, and exits the process with status 1.
std::unique_ptr<QApplication> openWindowApplication(int &argc, char **argv);
