// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a Python run printed, as it arrives: standard output in the text colour, standard error in red, the
// workbench's own notes (processes left behind, output cut) in blue italics after "workbench:". It follows
// one run of the library and adds only what is new each time that run grows.

#include <QPlainTextEdit>
#include <QPointer>

#include "run_model.h"

namespace mpwb {

class ScriptOutputView : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit ScriptOutputView(QWidget* parent = nullptr);

    // Shows this run's output (none: empty) and follows it while it grows.
    void setRun(const RunModel* run);
    void setDark(bool dark);
    // How many output events are on screen.
    std::size_t shownCount() const { return m_shown; }

private:
    void appendNew();
    void redraw();

    QPointer<const RunModel> m_run;
    std::size_t m_shown = 0;   // output events on screen
    std::size_t m_scanned = 0; // events of the run looked at
    bool m_dark = false;
};

} // namespace mpwb
