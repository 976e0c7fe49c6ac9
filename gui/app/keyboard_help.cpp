// SPDX-License-Identifier: GPL-3.0-or-later
#include "keyboard_help.h"

#include <QAction>
#include <QCoreApplication>
#include <QMenu>
#include <QMenuBar>

namespace mpwb {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("KeyboardHelp", text);
}

QString keysInWords(const QList<QKeySequence>& keys) {
    QStringList words;
    for (const auto& k : keys)
        words << k.toString(QKeySequence::NativeText);
    return words.join(tr(" or "));
}

void addRow(QString& html, const QString& keys, const QString& what) {
    html += "<tr><td><b>" + keys.toHtmlEscaped() + "</b></td><td>" + what.toHtmlEscaped() + "</td></tr>";
}

} // namespace

QString keyboardHelpHtml(const QMenuBar& menus, const std::vector<PresentationKey>& presentationKeys) {
    QString html = "<h2>" + tr("Keyboard shortcuts") + "</h2><table cellpadding='3'>";
    for (const auto* menu : menus.findChildren<QMenu*>())
        for (const auto* action : menu->actions())
            if (!action->shortcuts().isEmpty())
                addRow(html, keysInWords(action->shortcuts()),
                       action->text().remove('&').remove(QString::fromUtf8("…")));
    addRow(html, tr("Ctrl+R"), tr("Run the exercise on screen"));
    addRow(html, tr("Esc"), tr("Cancel the run on screen; leave full screen or presentation mode"));
    addRow(html, tr("Tab, Shift+Tab"), tr("Move between fields and buttons; Space presses a button"));
    addRow(html, tr("PageDown, PageUp, Ctrl+Home, Ctrl+End, arrows"), tr("Scroll a lesson"));
    html += "</table><h3>" + tr("In presentation mode (F5)") + "</h3><table cellpadding='3'>";
    for (const auto& key : presentationKeys)
        addRow(html, keysInWords(key.keys), key.meaning);
    return html + "</table>";
}

} // namespace mpwb
