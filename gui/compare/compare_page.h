// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Threads or processes?": the same work run with several backends one after another (never at once, so
// they do not compete for cores), then shown stacked on one shared time axis, each run aligned at its own
// start: the CPU each worker really used, its chunks, wall-time bars with speedups, and a verdict in words.
// Any runs of the library can be compared the same way. One playback cursor moves every run in step.

#include <QPointer>
#include <QWidget>
#include <vector>

#include "compare_rows.h"
#include "playback_cursor.h"
#include "plot_theme.h"

class QCheckBox;
class QLabel;
class QListView;
class QPushButton;
class QVBoxLayout;

namespace mpwb {

class EngineHost;
class PlaybackBar;
class RunLibrary;
class SweepOverlay;
class RunStrip;
class WallTimeBars;

class ComparePage : public QWidget {
    Q_OBJECT
public:
    ComparePage(EngineHost& host, RunLibrary& library, QWidget* parent = nullptr);
    ~ComparePage() override;

    // Runs `mpwb-run compare` with these arguments ("compare <exercise> [options]") and the ticked
    // backends. False, with the reason, when another run is going on or no backend is ticked.
    bool startComparison(const QStringList& compareArguments, QString* why);
    // The backends it will run, in order, as ticked.
    QStringList backends() const;
    void setBackends(const QStringList& backends);
    void cancel();
    bool isRunning() const { return m_running; }

    // Shows these runs stacked (from the library, or a file of several runs); sweeps among them are
    // overlaid on one speedup and one chunksize plot instead.
    void showRuns(const QList<RunModel*>& runs);
    QList<RunModel*> shownRuns() const;
    // Chunks each strip's timeline shows at the cursor (tests).
    std::vector<int> stripChunkCounts() const;
    std::vector<CompareRow> rows() const;
    QString verdict() const;
    PlaybackCursor& cursor() { return m_cursor; }
    SweepOverlay* sweepOverlay() const { return m_sweepOverlay; }
    void setTheme(const PlotTheme& theme);
    // Presentation mode: the set-up and the library hidden, the runs and the verdict fill the screen.
    void setPresenting(bool on);

Q_SIGNALS:
    void comparisonFinished(bool ok);
    void statusChanged(const QString& text);

private:
    void addStrip(RunModel* run);
    void clearStrips();
    void onEvents(const std::vector<Event>& events);
    void onHostFinished(int exitCode, const QString& errorText);
    void refresh();
    void onCursorMoved();
    void compareSelected();

    EngineHost& m_host;
    RunLibrary& m_library;
    PlaybackCursor m_cursor;
    std::vector<QCheckBox*> m_backendBoxes;
    QLabel* m_setup = nullptr;
    QPushButton* m_runButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QLabel* m_verdict = nullptr;
    QLabel* m_colours = nullptr; // what the strips' colours mean, once for all of them
    void showColours();
    void showParts(bool runs, bool sweeps);
    SweepOverlay* m_sweepOverlay = nullptr;
    QWidget* m_runsPart = nullptr; // bars, colours, strips and playback: what single runs need
    WallTimeBars* m_bars = nullptr;
    QVBoxLayout* m_strips = nullptr;
    QListView* m_libraryView = nullptr;
    PlaybackBar* m_playback = nullptr;
    std::vector<RunStrip*> m_shown; // in the order they were run or picked
    QStringList m_lastArguments;
    QPointer<RunModel> m_live; // the run the host is writing now
    bool m_running = false;
    bool m_cancelled = false;
    PlotTheme m_theme = PlotTheme::light();
    std::vector<QWidget*> m_setupWidgets; // what presentation mode hides
};

} // namespace mpwb
