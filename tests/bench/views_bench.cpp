// SPDX-License-Identifier: GPL-3.0-or-later
// mpwb-bench-views: how often every view of a run can redraw while a recorded run of a million events is
// replayed or scrubbed, and what the real app costs while it sits idle on a page. It measures and prints; it
// never fails on a missed goal.
//
//   mpwb-bench-views [replay] [--events N] [--steps N] [--scrubs N] [--repeats N]
//   mpwb-bench-views idle [--idle-seconds S] [--settle-seconds S] [--page lesson|exercise|both]
//                         [--app PATH] [--platform NAME]
#include <QApplication>
#include <QElapsedTimer>
#include <QGridLayout>
#include <QThread>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "app_idle.h"
#include "chunksize_plot.h"
#include "core_load.h"
#include "core_utilisation_plot.h"
#include "counter_plot.h"
#include "event_json.h"
#include "file_thumbnails.h"
#include "kitchen_canvas.h"
#include "kitchen_view.h"
#include "playback_cursor.h"
#include "process_usage.h"
#include "queue_traffic_plot.h"
#include "replay_stream.h"
#include "speedup_plot.h"
#include "sweep_stats.h"
#include "timeline_plot.h"
#include "worker_cpu_plot.h"

using namespace mpwb;
using namespace mpwb::bench;

namespace {

constexpr double kRedrawGoal = 30; // redraws per second, every view at once
constexpr double kMiB = 1024.0 * 1024.0;

struct Settings {
    bool idle = false;
    std::size_t events = 1'000'000;
    int steps = 250;  // forward steps per round, through the whole run
    int scrubs = 100; // random seeks per round
    int repeats = 5;
    IdleSettings idleSettings{MPWB_APP_PATH, "", 10, 600, 10};
    std::string page = "both";
};

// One view under test and what makes it draw at once. Every plot has updateNow(); the thumbnails are plain
// widgets, so they decode what waits and repaint.
struct ViewUnderTest {
    RunView* view = nullptr;
    std::function<void()> redraw;
    std::vector<QCustomPlot*> plots; // whose own replot timers split drawing from taking in the data
};

template <typename Plot> ViewUnderTest plotView(Plot* plot) {
    return {plot, [plot] { plot->updateNow(); }, {plot->plot()}};
}

// Seconds each part of a pass took, summed over its steps.
struct PassTimes {
    int steps = 0;
    double seconds = 0;            // whole steps: cursor, every view, and the paint that follows
    std::vector<double> view;      // per view: showFrame + its redraw
    std::vector<double> worstView; // per view: its slowest single step
    std::vector<double> replot;    // per view: of view[], QCustomPlot's last replot() of each step
    double paint = 0;              // the event loop turning the queued updates into pixels
};

double secondsSince(const QElapsedTimer& timer) {
    return double(timer.nsecsElapsed()) / 1e9;
}

// Moves the cursor to each time in turn and has every view draw the frame there, as the page does on each
// move of the cursor, but drawing at once instead of at the next throttle frame.
PassTimes timePass(QWidget& window, std::vector<ViewUnderTest>& views, PlaybackCursor& cursor,
                   const std::vector<std::int64_t>& times) {
    PassTimes pass;
    pass.view.assign(views.size(), 0);
    pass.worstView.assign(views.size(), 0);
    pass.replot.assign(views.size(), 0);
    for (const auto t : times) {
        QElapsedTimer step, part;
        step.start();
        cursor.seekTime(t);
        const RunFrame frame = cursor.frame();
        for (std::size_t i = 0; i < views.size(); ++i) {
            part.start();
            views[i].view->showFrame(frame);
            views[i].redraw();
            const double s = secondsSince(part);
            pass.view[i] += s;
            pass.worstView[i] = std::max(pass.worstView[i], s);
            for (const QCustomPlot* plot : views[i].plots)
                pass.replot[i] += plot->replotTime() / 1e3;
        }
        // Qt paints at the window's next update request (a timer), not within processEvents(): repaint()
        // puts the plots' new buffers on screen now, so the pixels are part of the step.
        part.start();
        window.repaint();
        QCoreApplication::processEvents();
        pass.paint += secondsSince(part);
        pass.seconds += secondsSince(step);
        ++pass.steps;
    }
    return pass;
}

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MiB", double(bytes) / kMiB);
    return text;
}

std::string withCommas(std::uint64_t value) {
    std::string digits = std::to_string(value);
    for (int at = int(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(std::size_t(at), ",");
    return digits;
}

int runReplay(int argc, char** argv, const Settings& s) {
    // Benchmarks run headless; a display given on purpose (QT_QPA_PLATFORM=xcb) is kept.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    QWidget window;
    window.resize(1600, 1000);
    auto* grid = new QGridLayout(&window);
    auto* cores = new CoreUtilisationPlot;
    std::vector<ViewUnderTest> views = {
        {cores, [cores] { cores->updateNow(); }, {cores->linePlot(), cores->heatmapPlot()}},
        plotView(new TimelinePlot),
        plotView(new WorkerCpuPlot),
        plotView(new SpeedupPlot),
        plotView(new ChunksizePlot),
        plotView(new QueueTrafficPlot),
        plotView(new CounterPlot),
    };
    // The kitchen paints into its own widget; repaint() draws at once, as updateNow() does for the plots.
    auto* kitchen = new KitchenView;
    views.push_back({kitchen, [kitchen] { kitchen->canvas()->repaint(); }, {}});
    auto* files = new FileThumbnails;
    views.push_back({files,
                     [files] {
                         files->loadAll();
                         files->repaint();
                     },
                     {}});
    for (std::size_t i = 0; i < views.size(); ++i)
        grid->addWidget(views[i].view->widget(), int(i / 3), int(i % 3));
    window.show();
    QCoreApplication::processEvents();
    const auto rssBefore = residentBytes();

    std::fprintf(stderr, "making a stream of %s events\n", withCommas(s.events).c_str());
    QElapsedTimer building;
    building.start();
    RunModel run;
    {
        ReplayStreamShape shape;
        shape.events = s.events;
        run.append(makeReplayStream(shape)); // the stream itself is freed here; the model keeps its copy
    }
    const double buildSeconds = secondsSince(building);
    const auto rssModel = residentBytes();
    const RunFrame whole = RunFrame::whole(&run);

    PlaybackCursor cursor;
    cursor.setRun(&run);
    // First drawing of a full run: layouts, glyph caches. Not part of any round.
    for (auto& v : views) {
        v.view->showFrame(whole);
        v.redraw();
    }
    QCoreApplication::processEvents();

    const std::int64_t end = run.endNs();
    std::vector<std::int64_t> forward;
    for (int k = 1; k <= s.steps; ++k)
        forward.push_back(end * k / s.steps);
    std::vector<PassTimes> forwardPasses, scrubPasses;
    const MachineReading machineBefore = readMachine();
    // Rounds interleave the two kinds of pass, so a slow spell of a shared machine hits both alike.
    for (int round = 0; round < s.repeats; ++round) {
        std::fprintf(stderr, "round %d of %d: forward\n", round + 1, s.repeats);
        cursor.seekTime(0); // replay starts at the beginning: views start afresh, untimed
        for (auto& v : views) {
            v.view->showFrame(cursor.frame());
            v.redraw();
        }
        QCoreApplication::processEvents();
        forwardPasses.push_back(timePass(window, views, cursor, forward));
        std::fprintf(stderr, "round %d of %d: scrub\n", round + 1, s.repeats);
        std::mt19937_64 random(1000 + std::uint64_t(round));
        std::uniform_int_distribution<std::int64_t> anywhere(0, end);
        std::vector<std::int64_t> scrubs;
        for (int k = 0; k < s.scrubs; ++k)
            scrubs.push_back(anywhere(random));
        scrubPasses.push_back(timePass(window, views, cursor, scrubs));
    }
    const double otherCores = otherProgramsCores(machineBefore, readMachine());
    const auto rssAfter = residentBytes();
    std::uint64_t jsonBytes = 0;
    for (const auto& e : run.events())
        jsonBytes += toJsonLine(e).size() + 1;

    const auto& d = run.data();
    std::printf(
        "mpwb-bench-views replay: medians of %d interleaved rounds, window 1600x1000, platform %s\n\n",
        s.repeats, qPrintable(QGuiApplication::platformName()));
    std::printf("stream: %s events, %.1f s of run (sum-squares, processes x %d, chunksize 1): %s chunk "
                "events, %s chunks shown while they ran, %s cpu samples; %.1f MiB as JSON Lines; "
                "made and put in a RunModel in %.1f s\n\n",
                withCommas(run.eventCount()).c_str(), double(end) / 1e9, d.started ? d.started->workers : 0,
                withCommas(d.chunks.size()).c_str(), withCommas(d.starts.size()).c_str(),
                withCommas(d.cpu.size()).c_str(), double(jsonBytes) / kMiB, buildSeconds);
    // The redraws compete with whatever else runs: say how much that was, so a slow figure can be read right.
    std::printf("machine: %d cores; other programs kept %.2f cores busy on average during the rounds%s\n\n",
                QThread::idealThreadCount(), otherCores,
                otherCores >= kNoticeableOtherCores
                    ? " (a busy machine: figures are lower than on a quiet one)"
                    : "");

    auto rates = [](const std::vector<PassTimes>& passes) {
        std::vector<double> r;
        for (const auto& p : passes)
            r.push_back(p.steps / p.seconds);
        return median(r);
    };
    auto msPer = [](const std::vector<PassTimes>& passes, auto part) {
        std::vector<double> r;
        for (const auto& p : passes)
            r.push_back(1e3 * part(p) / p.steps);
        return median(r);
    };
    auto worstMs = [](const std::vector<PassTimes>& passes, std::size_t i) {
        double w = 0;
        for (const auto& p : passes)
            w = std::max(w, p.worstView[i]);
        return 1e3 * w;
    };
    const double forwardRate = rates(forwardPasses), scrubRate = rates(scrubPasses);
    std::printf("%-36s%22s%22s\n", "", ("forward x" + std::to_string(s.steps)).c_str(),
                ("scrub x" + std::to_string(s.scrubs)).c_str());
    std::printf("%-36s%22.1f%22.1f   goal >= %.0f: %s / %s\n", "redraws per second, all views", forwardRate,
                scrubRate, kRedrawGoal, forwardRate >= kRedrawGoal ? "PASS" : "MISS",
                scrubRate >= kRedrawGoal ? "PASS" : "MISS");
    std::printf("%-36s%22.2f%22.2f\n", "ms per redraw, all views painted",
                msPer(forwardPasses, [](const PassTimes& p) { return p.seconds; }),
                msPer(scrubPasses, [](const PassTimes& p) { return p.seconds; }));
    std::printf("\nms per redraw, each view (showFrame + updateNow), [its worst single step], and of it the "
                "last replot()\n");
    std::size_t slowest = 0;
    std::vector<double> forwardMs(views.size()), scrubMs(views.size());
    for (std::size_t i = 0; i < views.size(); ++i) {
        forwardMs[i] = msPer(forwardPasses, [i](const PassTimes& p) { return p.view[i]; });
        scrubMs[i] = msPer(scrubPasses, [i](const PassTimes& p) { return p.view[i]; });
        if (forwardMs[i] + scrubMs[i] > forwardMs[slowest] + scrubMs[slowest]) slowest = i;
        const QString name = views[i].view->title() +
                             (views[i].view->appliesTo(whole) ? QString() : QString(" (nothing to show)"));
        std::printf("  %-34s %7.2f [%5.1f] %5.2f %7.2f [%5.1f] %5.2f\n", qPrintable(name), forwardMs[i],
                    worstMs(forwardPasses, i),
                    msPer(forwardPasses, [i](const PassTimes& p) { return p.replot[i]; }), scrubMs[i],
                    worstMs(scrubPasses, i),
                    msPer(scrubPasses, [i](const PassTimes& p) { return p.replot[i]; }));
    }
    std::printf("  %-34s %7.2f %21.2f\n", "paint (window repainted, flushed)",
                msPer(forwardPasses, [](const PassTimes& p) { return p.paint; }),
                msPer(scrubPasses, [](const PassTimes& p) { return p.paint; }));
    std::printf("slowest view: %s, %.2f ms forward, %.2f ms scrubbing\n\n",
                qPrintable(views[slowest].view->title()), forwardMs[slowest], scrubMs[slowest]);
    std::printf("resident memory (VmRSS)\n  %-42s %12s\n  %-42s %12s  (+%s)\n  %-42s %12s  (+%s)\n",
                "views shown, before the model", megabytes(rssBefore).c_str(), "after the model is built",
                megabytes(rssModel).c_str(), megabytes(rssModel - rssBefore).c_str(), "after the replay",
                megabytes(rssAfter).c_str(), megabytes(rssAfter - rssModel).c_str());
    return 0;
}

void printIdle(const IdlePage& page, const IdleResult& r) {
    std::printf("%s  (mpwb --open %s)\n", page.name.c_str(), page.link.c_str());
    if (!r.shown) {
        std::printf("  not measured: %s\n", r.whyNot.c_str());
        if (!r.appSaid.empty()) std::printf("  the app said: %s\n", r.appSaid.c_str());
        std::printf("\n");
        return;
    }
    const double percent = r.percentOfCore();
    const double grewMiB = (double(r.rssEnd) - double(r.rssStart)) / kMiB;
    // Flat: within 1 MiB or 1 %, whichever is larger; allocators give back memory in steps.
    const bool flat = grewMiB <= std::max(1.0, 0.01 * double(r.rssStart) / kMiB);
    std::printf("  CPU %.2f s over %.0f s = %.3f %% of one core      goal <= %.1f %%: %s\n", r.cpuSeconds,
                r.wallSeconds, percent, page.goalPercent, percent <= page.goalPercent ? "PASS" : "MISS");
    std::printf("  RSS %s at the start, %s at the end (%+.2f MiB; lowest %s, highest %s): %s\n",
                megabytes(r.rssStart).c_str(), megabytes(r.rssEnd).c_str(), grewMiB,
                megabytes(r.rssMin).c_str(), megabytes(r.rssMax).c_str(), flat ? "flat" : "GREW");
    std::printf("  busiest threads:");
    for (std::size_t i = 0; i < r.threads.size() && i < 5 && r.threads[i].ticks > 0; ++i)
        std::printf("  %s [%d] %.2f s", r.threads[i].name.c_str(), r.threads[i].tid,
                    ticksToSeconds(r.threads[i].ticks));
    std::printf("\n");
    if (!r.appSaid.empty()) std::printf("  the app said: %s\n", r.appSaid.c_str());
    std::printf("\n");
}

int runIdle(const Settings& s) {
    IdleSettings settings = s.idleSettings;
    if (settings.platform.empty())
        settings.platform = qEnvironmentVariableIsSet("QT_QPA_PLATFORM")
                                ? qEnvironmentVariable("QT_QPA_PLATFORM").toStdString()
                                : std::string("offscreen");
    std::vector<IdlePage> pages;
    if (s.page != "exercise") pages.push_back({"lesson 01-one-core", "mpwb:lesson/01-one-core", 0.5});
    if (s.page != "lesson")
        pages.push_back({"exercise sum-squares (live core monitor)", "mpwb:exercise/sum-squares", 3.0});
    std::vector<IdleResult> results;
    for (const auto& page : pages) {
        std::fprintf(stderr, "%s: %.0f s to settle, then %.0f s idle\n", page.name.c_str(),
                     settings.settleSeconds, settings.idleSeconds);
        results.push_back(measureIdlePage(page, settings));
    }
    std::printf("mpwb-bench-views idle: %s, platform %s, %.0f s to settle, then %.0f s watched per page\n\n",
                settings.app.c_str(), settings.platform.c_str(), settings.settleSeconds,
                settings.idleSeconds);
    for (std::size_t i = 0; i < pages.size(); ++i)
        printIdle(pages[i], results[i]);
    return 0;
}

[[noreturn]] void usage(int code) {
    std::fprintf(
        stderr,
        "usage: mpwb-bench-views [replay] [--events N] [--steps N] [--scrubs N] [--repeats N (>= 3)]\n"
        "       mpwb-bench-views idle [--idle-seconds S (default 600)] [--settle-seconds S]\n"
        "                             [--page lesson|exercise|both] [--app PATH] [--platform NAME]\n");
    std::exit(code);
}

Settings parseArguments(int argc, char** argv) {
    Settings s;
    int i = 1;
    if (i < argc && std::string(argv[i]) == "idle") {
        s.idle = true;
        ++i;
    } else if (i < argc && std::string(argv[i]) == "replay") {
        ++i;
    }
    for (; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help") usage(0);
        if (i + 1 >= argc) usage(2);
        const char* value = argv[++i];
        if (arg == "--events" && !s.idle)
            s.events = std::strtoull(value, nullptr, 10);
        else if (arg == "--steps" && !s.idle)
            s.steps = std::atoi(value);
        else if (arg == "--scrubs" && !s.idle)
            s.scrubs = std::atoi(value);
        else if (arg == "--repeats" && !s.idle)
            s.repeats = std::atoi(value);
        else if (arg == "--idle-seconds" && s.idle)
            s.idleSettings.idleSeconds = std::atof(value);
        else if (arg == "--settle-seconds" && s.idle)
            s.idleSettings.settleSeconds = std::atof(value);
        else if (arg == "--page" && s.idle)
            s.page = value;
        else if (arg == "--app" && s.idle)
            s.idleSettings.app = value;
        else if (arg == "--platform" && s.idle)
            s.idleSettings.platform = value;
        else
            usage(2);
    }
    if (s.repeats < 3 || s.steps < 1 || s.scrubs < 1 || s.events < 100 || s.idleSettings.idleSeconds <= 0 ||
        (s.page != "both" && s.page != "lesson" && s.page != "exercise")) {
        std::fprintf(stderr, "mpwb-bench-views: a value is out of range (--repeats must be at least 3, so "
                             "that a median means something)\n");
        usage(2);
    }
    return s;
}

} // namespace

int main(int argc, char** argv) {
    const auto s = parseArguments(argc, argv);
    return s.idle ? runIdle(s) : runReplay(argc, argv, s);
}
