// SPDX-License-Identifier: GPL-3.0-or-later
#include "presentation_mode.h"

#include <QFileInfo>
#include <QMenuBar>
#include <QShortcut>
#include <QStatusBar>

#include "compare_page.h"
#include "exercise_page.h"
#include "main_window.h"
#include "playback_cursor.h"
#include "presentation_bar.h"
#include "python_page.h"
#include "run_library.h"
#include "run_model.h"
#include "run_views_panel.h"

namespace mpwb {

PresentationMode::PresentationMode(MainWindow& window, PresentationBar& bar)
    : QObject(&window), m_window(window), m_bar(bar) {
    addKeys();
    m_captionTimer.setInterval(250);
    connect(&m_captionTimer, &QTimer::timeout, this, &PresentationMode::updateCaption);
}

std::vector<PresentationMode::Binding> PresentationMode::bindings() {
    auto onCursor = [this](void (PlaybackCursor::*step)()) {
        return [this, step] {
            if (auto* c = cursor()) (c->*step)();
            updateCaption();
        };
    };
    std::vector<Binding> out{
        {{{QKeySequence(Qt::Key_Escape), QKeySequence(Qt::Key_F5)}, tr("leave presentation mode")},
         [this] { setOn(false); }},
        {{{QKeySequence(Qt::Key_Space)}, tr("replay from here, or pause")},
         [this] {
             if (auto* c = cursor()) c->mode() == PlaybackCursor::Mode::Playing ? c->pause() : c->play();
         }},
        {{{QKeySequence(Qt::Key_Right)}, tr("step forward one event")},
         onCursor(&PlaybackCursor::stepForward)},
        {{{QKeySequence(Qt::Key_Left)}, tr("step back one event")}, onCursor(&PlaybackCursor::stepBack)},
        {{{QKeySequence(Qt::Key_Down), QKeySequence(Qt::Key_Minus)}, tr("replay slower")},
         onCursor(&PlaybackCursor::slower)},
        {{{QKeySequence(Qt::Key_Up), QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal)},
          tr("replay faster")},
         onCursor(&PlaybackCursor::faster)},
        {{{QKeySequence(Qt::Key_Home)}, tr("back to the start of the run")},
         [this] {
             if (auto* c = cursor()) c->seekEvent(0);
         }},
        {{{QKeySequence(Qt::Key_End)}, tr("the end of the run (or the live run)")},
         onCursor(&PlaybackCursor::goLive)},
        {{{QKeySequence(Qt::Key_V), QKeySequence(Qt::Key_Tab)}, tr("next view")}, [this] { stepView(+1); }},
        {{{QKeySequence(Qt::SHIFT | Qt::Key_V), QKeySequence(Qt::SHIFT | Qt::Key_Backtab)},
          tr("previous view")},
         [this] { stepView(-1); }},
        {{{QKeySequence(Qt::Key_R)}, tr("run the exercise again, live")}, [this] { runAgain(); }},
        {{{QKeySequence(Qt::Key_PageDown), QKeySequence(Qt::Key_N)}, tr("next run brought to class")},
         [this] { goToStep(m_step + 1); }},
        {{{QKeySequence(Qt::Key_PageUp), QKeySequence(Qt::Key_P)}, tr("previous run brought to class")},
         [this] { goToStep(m_step - 1); }},
    };
    for (int n = 1; n <= 9; ++n)
        out.push_back({{{QKeySequence(Qt::Key_0 + n)}, n == 1 ? tr("view 1 to 9 (by tab)") : QString()},
                       [this, n] { showView(n - 1); }});
    return out;
}

void PresentationMode::addKeys() {
    for (auto& binding : bindings()) {
        for (const auto& key : binding.key.keys) {
            // Esc and F5 belong to the window (they toggle, and Esc does other things outside the mode).
            if (key == QKeySequence(Qt::Key_Escape) || key == QKeySequence(Qt::Key_F5)) continue;
            // Window-wide, but only while presenting: Esc, Space and the arrows mean other things otherwise.
            auto* shortcut = new QShortcut(key, &m_window);
            shortcut->setContext(Qt::WindowShortcut);
            shortcut->setEnabled(false);
            connect(shortcut, &QShortcut::activated, this, binding.act);
            m_shortcuts.push_back(shortcut);
        }
    }
}

std::vector<PresentationKey> PresentationMode::keys() const {
    std::vector<PresentationKey> out;
    for (auto& binding : const_cast<PresentationMode*>(this)->bindings())
        if (!binding.key.meaning.isEmpty()) out.push_back(binding.key);
    return out;
}

void PresentationMode::setOn(bool on) {
    if (on == m_on) return;
    m_on = on;
    for (auto* shortcut : m_shortcuts)
        shortcut->setEnabled(on);
    if (on) {
        m_wasFullScreen = m_window.isFullScreen();
        m_wasMaximised = m_window.isMaximized();
    }
    m_window.sidePanel()->setVisible(!on);
    m_window.menuBar()->setVisible(!on);
    m_window.statusBar()->setVisible(!on);
    m_bar.setVisible(on);
    on ? m_captionTimer.start() : m_captionTimer.stop();
    m_window.setPresentationLook(on);
    for (auto* page : m_window.exercisePages())
        page->setPresenting(on);
    m_window.comparePage()->setPresenting(on);
    m_window.pythonPage()->setPresenting(on);
    if (on) {
        m_window.showFullScreen();
        // Keys must not land in a hidden form's field: the views take the focus.
        m_window.centralWidget()->setFocus();
    } else if (!m_wasFullScreen) {
        m_wasMaximised ? m_window.showMaximized() : m_window.showNormal();
    }
    updateCaption();
    Q_EMIT toggled(on);
}

void PresentationMode::present(const std::vector<std::pair<QString, QList<RunModel*>>>& steps) {
    m_steps = steps;
    m_step = -1;
    setOn(true);
    goToStep(0);
}

bool PresentationMode::presentFiles(const QStringList& paths, RunLibrary& library, QString* why) {
    if (paths.isEmpty()) {
        *why = tr("Choose at least one saved run.");
        return false;
    }
    std::vector<std::pair<QString, std::vector<std::unique_ptr<RunModel>>>> loaded;
    for (const auto& path : paths) {
        QString fileWhy;
        auto runs = RunLibrary::load(path, &fileWhy);
        if (runs.empty()) {
            *why = tr("%1 could not be opened: %2").arg(QFileInfo(path).fileName(), fileWhy);
            return false;
        }
        loaded.emplace_back(path, std::move(runs));
    }
    std::vector<std::pair<QString, QList<RunModel*>>> steps;
    for (auto& [path, runs] : loaded) {
        QList<RunModel*> added;
        for (auto& run : runs) {
            added << run.get();
            library.add(run.release());
        }
        steps.emplace_back(path, added);
    }
    present(steps);
    return true;
}

void PresentationMode::goToStep(int index) {
    if (index < 0 || index >= int(m_steps.size())) {
        updateCaption(); // says "first" or "last" run
        return;
    }
    m_step = index;
    const auto& [path, runs] = m_steps[std::size_t(index)];
    m_window.showRuns(path, runs);
    // Replayed from its first event at the speed chosen, as it was recorded: the same on every machine.
    if (auto* c = cursor()) {
        c->seekEvent(0);
        c->play();
    }
    updateCaption();
}

PlaybackCursor* PresentationMode::cursor() const {
    if (m_window.isCompareShown()) return &m_window.comparePage()->cursor();
    if (m_window.isPythonShown()) return &m_window.pythonPage()->cursor();
    auto* page = m_window.currentPage();
    return page ? &page->cursor() : nullptr;
}

void PresentationMode::stepView(int offset) {
    if (m_window.isPythonShown()) m_window.pythonPage()->viewsPanel()->stepTab(offset);
    if (auto* page = m_window.currentPage()) page->viewsPanel()->stepTab(offset);
    updateCaption();
}

void PresentationMode::showView(int index) {
    if (m_window.isPythonShown()) m_window.pythonPage()->viewsPanel()->showTabAt(index);
    if (auto* page = m_window.currentPage()) page->viewsPanel()->showTabAt(index);
    updateCaption();
}

void PresentationMode::runAgain() {
    if (m_window.isPythonShown() && !m_window.pythonPage()->isRunning()) m_window.pythonPage()->startRun();
    if (auto* page = m_window.currentPage(); page && !page->isRunning()) page->startRun();
    updateCaption();
}

void PresentationMode::updateCaption() {
    if (!m_on) return;
    QString title;
    QString where;
    if (m_window.isCompareShown()) {
        title = tr("Threads or processes? %n run(s) compared", nullptr,
                   int(m_window.comparePage()->shownRuns().size()));
    } else if (m_window.isPythonShown()) {
        // The run on screen names its script (a saved run's may not be the one the page has open).
        const auto* run = m_window.pythonPage()->shownRun();
        const auto script = m_window.pythonPage()->script();
        title = tr("Your own Python");
        if (run)
            title += QString::fromUtf8(" · ") + run->label();
        else if (!script.isEmpty())
            title += QString::fromUtf8(" · ") + QFileInfo(script).fileName();
    } else if (auto* page = m_window.currentPage()) {
        title = page->exercise().title;
        if (const auto* run = page->shownRun()) {
            // The label starts with the exercise's id, which the title already says in words.
            QString label = run->label();
            const QString id = page->exercise().id + QString::fromUtf8(" · ");
            if (label.startsWith(id)) label = label.mid(id.size());
            title += QString::fromUtf8(" · ") + label;
        }
    } else {
        title = m_window.windowTitle();
    }
    if (const auto* c = cursor(); c && c->run()) {
        const double speed = c->speed();
        where += QString::fromUtf8("%1 s of %2 s · %3")
                     .arg(double(c->timeNs()) / 1e9, 0, 'f', 3)
                     .arg(double(c->run()->endNs()) / 1e9, 0, 'f', 3)
                     .arg(speed >= 1 ? tr("×1") : tr("×1/%1").arg(qRound(1 / speed)));
    }
    if (m_step >= 0)
        where = tr("run %1 of %2").arg(m_step + 1).arg(m_steps.size()) +
                (where.isEmpty() ? QString() : QString::fromUtf8(" · ") + where);
    m_bar.setCaption(title, where);
    m_bar.setHints(m_steps.empty()
                       ? tr("Space replay/pause · ←/→ step · ↓/↑ slower/faster · V view · R run · Esc leave")
                       : tr("Space replay/pause · ←/→ step · ↓/↑ slower/faster · V view · "
                            "PgDn/PgUp next/previous run · Esc leave"));
}

} // namespace mpwb
