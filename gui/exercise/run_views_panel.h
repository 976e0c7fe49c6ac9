// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The right side of an exercise page: the core plot above, the other views of a run in tabs below, and the
// playback bar. It draws the frame at the page's cursor in every view; sweep views keep showing the page's
// latest sweep while single runs are on screen, and the tabs of queues, counter and files come and go with
// the runs that have them.

#include <QPointer>
#include <QSplitter>
#include <cstdint>
#include <vector>

#include "exercise_catalogue.h"
#include "playback_cursor.h"

class QTabWidget;

namespace mpwb {

class CoreUtilisationPlot;
class CounterPlot;
class FileThumbnails;
class PlaybackBar;
class QueueTrafficPlot;
class RedrawThrottle;
class RunView;
struct PlotTheme;

class RunViewsPanel : public QSplitter {
    Q_OBJECT
public:
    RunViewsPanel(const ExerciseDeclaration& exercise, PlaybackCursor& cursor, QWidget* parent = nullptr);

    const std::vector<RunView*>& views() const { return m_views; }
    CoreUtilisationPlot* cores() const { return m_cores; }
    QueueTrafficPlot* queuePlot() const { return m_queuePlot; }
    CounterPlot* counterPlot() const { return m_counterPlot; }
    FileThumbnails* files() const { return m_files; }

    void setTheme(const PlotTheme& theme);
    void setLastSweep(RunModel* sweep) { m_lastSweep = sweep; }
    // Draws the cursor's frame in every view, and soon after gives each view its words for a screen reader.
    void showCursor();
    // Gives every view its accessible name (its title) and description (the cursor's frame in words) now.
    void describeViews();
    // Brings the tab with this title to the front, if there is one.
    void showTab(const QString& title);
    // A lesson link's view=KEY (viewKey of a title): that view to the front now, or as soon as a run adds
    // its tab, and no other added tab takes its place until the student picks a tab. Empty: as usual.
    void showView(const QString& key);
    // Moves through the tabs (presentation keys): by an offset, wrapping, or to the n-th (from 0).
    void stepTab(int offset);
    void showTabAt(int index);
    QString currentTabTitle() const;
    // For a class: the views beside the cores rather than under them (a projector is wide), the kitchen
    // in front; off puts them back as they were.
    void setPresenting(bool on);
    // What the sweep views worked out for the sweep they show (NaN / 0 when they have none).
    double fittedParallelFraction() const;
    std::uint64_t bestChunksize() const;

private:
    void updateTabs(const RunFrame& frame);
    QString wordsOf(RunView* view, const RunFrame& frame) const;

    PlaybackCursor& m_cursor;
    QTabWidget* m_tabs = nullptr;
    PlaybackBar* m_playback = nullptr;
    CoreUtilisationPlot* m_cores = nullptr;
    QueueTrafficPlot* m_queuePlot = nullptr;
    CounterPlot* m_counterPlot = nullptr;
    FileThumbnails* m_files = nullptr;
    std::vector<RunView*> m_views; // the cores first, then one per tab in tab order
    QPointer<RunModel> m_lastSweep;
    QString m_wantedView; // a link's view=, kept while tabs come and go
    QList<int> m_sizesBeforePresenting;
    RedrawThrottle* m_words = nullptr; // paces describeViews while the cursor moves
};

} // namespace mpwb
