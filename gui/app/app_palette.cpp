// SPDX-License-Identifier: GPL-3.0-or-later
#include "app_palette.h"

#include <QApplication>
#include <QStyle>
#include <QWidget>
#include <cmath>

namespace mpwb {
namespace {

// Okabe–Ito blue, the plots' first colour, for the selection and focus frames; on the dark theme a step
// lighter, so a focus frame stands out from the window (3:1) while white text still reads on it (4.5:1).
const QColor kSelectionLight(0x00, 0x72, 0xb2);
const QColor kSelectionDark(0x14, 0x78, 0xc8);

void setAllGroups(QPalette& palette, QPalette::ColorRole role, const QColor& colour) {
    for (auto group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled})
        palette.setColor(group, role, colour);
}

// What both themes need beyond the style's defaults.
void setCommonStates(QPalette& palette, const QColor& selection, const QColor& inactiveSelection,
                     const QColor& inactiveSelectedText) {
    palette.setColor(QPalette::Active, QPalette::Highlight, selection);
    palette.setColor(QPalette::Active, QPalette::HighlightedText, Qt::white);
    // A list without the keyboard still shows its selection, in a quieter colour that its text reads on.
    palette.setColor(QPalette::Inactive, QPalette::Highlight, inactiveSelection);
    palette.setColor(QPalette::Inactive, QPalette::HighlightedText, inactiveSelectedText);
}

QPalette darkPalette() {
    // Built from a button and a window colour, so the bevel roles (light, mid, dark, shadow) that the style
    // draws frames, check boxes and radio buttons with are dark ones too, not the light theme's.
    QPalette palette(QColor(0x3c, 0x3c, 0x3c), QColor(0x2b, 0x2b, 0x2b));
    setAllGroups(palette, QPalette::WindowText, Qt::white);
    setAllGroups(palette, QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    setAllGroups(palette, QPalette::AlternateBase, QColor(0x35, 0x35, 0x35));
    setAllGroups(palette, QPalette::Text, Qt::white);
    setAllGroups(palette, QPalette::ButtonText, Qt::white);
    setAllGroups(palette, QPalette::BrightText, QColor(0xff, 0x8c, 0x69));
    setAllGroups(palette, QPalette::Link, QColor(0x56, 0xb4, 0xe9)); // sky blue: readable on the dark base
    setAllGroups(palette, QPalette::LinkVisited, QColor(0xcc, 0x79, 0xa7));
    // Tooltips a step lighter than the window, so they stand out from what they cover.
    setAllGroups(palette, QPalette::ToolTipBase, QColor(0x45, 0x45, 0x45));
    setAllGroups(palette, QPalette::ToolTipText, Qt::white);
    // A hint in an empty field is grey, clearly not a value typed.
    setAllGroups(palette, QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
    setCommonStates(palette, kSelectionDark, QColor(0x3d, 0x55, 0x6b), Qt::white);
    // A disabled control must look disabled: dim text on a flat face, apart from the enabled white on grey.
    const QColor dimmed(0x86, 0x86, 0x86);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::PlaceholderText})
        palette.setColor(QPalette::Disabled, role, dimmed);
    palette.setColor(QPalette::Disabled, QPalette::Button, QColor(0x2f, 0x2f, 0x2f));
    palette.setColor(QPalette::Disabled, QPalette::Base, QColor(0x2b, 0x2b, 0x2b));
    palette.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x50, 0x50, 0x50));
    palette.setColor(QPalette::Disabled, QPalette::HighlightedText, dimmed);
    return palette;
}

QPalette lightPalette() {
    QPalette palette = QApplication::style()->standardPalette();
    setAllGroups(palette, QPalette::PlaceholderText, QColor(0x6e, 0x6e, 0x6e));
    setAllGroups(palette, QPalette::Link, QColor(0x00, 0x5a, 0x9c));
    setAllGroups(palette, QPalette::LinkVisited, QColor(0x8a, 0x3b, 0x78));
    setAllGroups(palette, QPalette::ToolTipBase, QColor(0xff, 0xfd, 0xe8));
    setAllGroups(palette, QPalette::ToolTipText, Qt::black);
    setCommonStates(palette, kSelectionLight, QColor(0xc6, 0xd9, 0xea), Qt::black);
    const QColor dimmed(0x8c, 0x8c, 0x8c);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::PlaceholderText})
        palette.setColor(QPalette::Disabled, role, dimmed);
    return palette;
}

double luminance(const QColor& c) {
    auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

} // namespace

QPalette appPalette(bool dark) {
    return dark ? darkPalette() : lightPalette();
}

void applyAppPalette(bool dark) {
    QApplication::setPalette(appPalette(dark));
    // A widget with a style sheet (a bold heading, a coloured warning) keeps the palette it was polished
    // with; without this its text would stay black on the dark theme.
    for (auto* widget : QApplication::allWidgets())
        if (!widget->styleSheet().isEmpty()) widget->setStyleSheet(widget->styleSheet());
}

double contrastRatio(const QColor& a, const QColor& b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace mpwb
