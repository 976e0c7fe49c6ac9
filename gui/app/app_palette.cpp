#include "app_palette.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QWidget>

namespace mpwb {
namespace {

QPalette darkPalette() {
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    palette.setColor(QPalette::WindowText, Qt::white);
    palette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    palette.setColor(QPalette::AlternateBase, QColor(0x35, 0x35, 0x35));
    palette.setColor(QPalette::Text, Qt::white);
    palette.setColor(QPalette::Button, QColor(0x3c, 0x3c, 0x3c));
    palette.setColor(QPalette::ButtonText, Qt::white);
    palette.setColor(QPalette::Highlight, QColor(0x00, 0x72, 0xb2));
    palette.setColor(QPalette::Link, QColor(0x56, 0xb4, 0xe9)); // sky blue: readable on the dark base
    palette.setColor(QPalette::LinkVisited, QColor(0xcc, 0x79, 0xa7));
    palette.setColor(QPalette::ToolTipBase, QColor(0x1e, 0x1e, 0x1e));
    palette.setColor(QPalette::ToolTipText, Qt::white);
    // A disabled button or label must look disabled: grey text, not the same white.
    const QColor dimmed(0x80, 0x80, 0x80);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, dimmed);
    palette.setColor(QPalette::Disabled, QPalette::Button, QColor(0x33, 0x33, 0x33));
    return palette;
}

} // namespace

void applyAppPalette(bool dark) {
    QApplication::setPalette(dark ? darkPalette() : QApplication::style()->standardPalette());
    // A widget with a style sheet (a bold heading, a coloured warning) keeps the palette it was polished
    // with; without this its text would stay black on the dark theme.
    for (auto* widget : QApplication::allWidgets())
        if (!widget->styleSheet().isEmpty()) widget->setStyleSheet(widget->styleSheet());
}

} // namespace mpwb
