// SPDX-License-Identifier: GPL-3.0-or-later
#include "text_scale.h"

#include <QApplication>
#include <QEvent>
#include <QPointer>
#include <QWidget>
#include <vector>

namespace mpwb {
namespace {

// One watcher for the whole app: it hears of a new app font (a widget whose font is its own may not) and
// sizes every scaled widget again. Gone widgets drop out of its list.
class ScaledWidgets : public QObject {
public:
    static ScaledWidgets& instance() {
        static auto* watcher = new ScaledWidgets(qApp); // goes with the application
        return *watcher;
    }

    void add(QWidget* widget, double factor, bool bold) {
        std::erase_if(m_entries, [widget](const Entry& e) { return !e.widget || e.widget == widget; });
        m_entries.push_back({widget, factor, bold});
        apply(m_entries.back());
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == qApp && event->type() == QEvent::ApplicationFontChange) {
            std::erase_if(m_entries, [](const Entry& e) { return !e.widget; });
            for (const auto& e : m_entries)
                apply(e);
        }
        return false;
    }

private:
    struct Entry {
        QPointer<QWidget> widget;
        double factor = 1;
        bool bold = false;
    };

    explicit ScaledWidgets(QObject* parent) : QObject(parent) { qApp->installEventFilter(this); }

    static void apply(const Entry& e) {
        QFont f = QApplication::font();
        f.setPointSizeF(f.pointSizeF() * e.factor);
        f.setBold(e.bold);
        e.widget->setFont(f);
    }

    std::vector<Entry> m_entries;
};

} // namespace

void scaleText(QWidget* widget, double factor, bool bold) {
    ScaledWidgets::instance().add(widget, factor, bold);
}

} // namespace mpwb
