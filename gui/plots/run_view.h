// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The one interface every view of a run implements. A page keeps its views in a list and hands each the
// frame at the playback cursor; adding a view touches no page code.

#include <QString>

#include "run_model.h"

class QWidget;

namespace mpwb {

struct PlotTheme;

class RunView {
public:
    virtual ~RunView() = default;

    virtual QWidget* widget() = 0;
    // Its tab's label.
    virtual QString title() const = 0;
    // Whether it has anything to show for this run (queues only for runs that have queues); a page shows
    // the tabs of the views that apply.
    virtual bool appliesTo(const RunFrame& frame) const = 0;
    // Draws the run as the frame shows it. Called on every move of the cursor: a view keeps what it took
    // when the frame only grew, and starts afresh when it shrank or shows another run. Drawing itself waits
    // for the view's next redraw frame, so many calls cost one redraw.
    virtual void showFrame(const RunFrame& frame) = 0;
    virtual void setTheme(const PlotTheme& theme) = 0;
    // Views of a sweep (speedup, chunksize) keep showing a page's latest sweep while single runs are shown.
    virtual bool drawsSweeps() const { return false; }
};

} // namespace mpwb
