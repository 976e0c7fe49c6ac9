// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Presentation mode, for a class on a projector: one key (F5) hides the navigator, the forms, the menus and
// the status bar, puts the views of the page on screen large and side by side (the kitchen beside the
// cores, or the compare page's runs), makes text and plots larger and starker, and goes full screen. Keys
// run, replay, step, slow down, switch views and leave. An instructor can bring runs saved before class (on
// a bigger machine) and step through them: each is replayed from its own events, so it looks the same on
// any laptop.

#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <functional>
#include <vector>

class QShortcut;

namespace mpwb {

class MainWindow;
class PlaybackCursor;
class PresentationBar;
class RunLibrary;
class RunModel;

// A key of presentation mode and what it does, as Help › Keyboard shortcuts lists it.
struct PresentationKey {
    QList<QKeySequence> keys;
    QString meaning;
};

class PresentationMode : public QObject {
    Q_OBJECT
public:
    PresentationMode(MainWindow& window, PresentationBar& bar);

    bool isOn() const { return m_on; }
    void setOn(bool on);
    void toggle() { setOn(!m_on); }

    // Runs brought to class: each step is the runs of one file (one run, or several to compare), shown in
    // the order given. Presentation mode starts on the first.
    void present(const std::vector<std::pair<QString, QList<RunModel*>>>& steps);
    // Reads saved run files (all of them before anything changes), adds their runs to the library and
    // presents them; false, naming the file and what is wrong with it, when one cannot be read.
    bool presentFiles(const QStringList& paths, RunLibrary& library, QString* why);
    int stepCount() const { return int(m_steps.size()); }
    int stepIndex() const { return m_step; }
    void goToStep(int index);

    // The keys, for the help and the caption.
    std::vector<PresentationKey> keys() const;

Q_SIGNALS:
    void toggled(bool on);

private:
    struct Binding {
        PresentationKey key;
        std::function<void()> act;
    };
    std::vector<Binding> bindings();
    void addKeys();
    PlaybackCursor* cursor() const;
    void stepView(int offset);
    void showView(int index);
    void runAgain();
    void updateCaption();

    MainWindow& m_window;
    PresentationBar& m_bar;
    bool m_on = false;
    bool m_wasFullScreen = false;
    bool m_wasMaximised = false;
    std::vector<QShortcut*> m_shortcuts;
    std::vector<std::pair<QString, QList<RunModel*>>> m_steps;
    int m_step = -1;
    QTimer m_captionTimer; // the caption follows the replay while presenting
};

} // namespace mpwb
