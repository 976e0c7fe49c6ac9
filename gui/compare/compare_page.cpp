// SPDX-License-Identifier: GPL-3.0-or-later
#include "compare_page.h"
#include "text_scale.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QThread>
#include <QVBoxLayout>
#include <cmath>

#include "engine_exit.h"
#include "engine_host.h"
#include "failure_words.h"
#include "playback_bar.h"
#include "plot_theme.h"
#include "run_library.h"
#include "run_strip.h"
#include "sweep_overlay.h"
#include "wall_time_bars.h"

namespace mpwb {
namespace {

const QStringList kAllBackends{"sequential", "gil-threads", "threads", "processes"};

} // namespace

ComparePage::ComparePage(EngineHost& host, RunLibrary& library, QWidget* parent)
    : QWidget(parent), m_host(host), m_library(library) {
    auto* title = new QLabel(tr("Threads or processes?"));
    scaleText(title, 1.5, true);
    auto* intro = new QLabel(
        tr("The same work with each backend, one after another so they never compete for cores, stacked on "
           "one time axis. Watch the CPU lanes: threads with a GIL take turns on about one core, processes "
           "use them all."));
    intro->setWordWrap(true);
    m_setup = new QLabel(tr("Open an exercise and press <b>Compare backends</b>, or pick runs below."));
    m_setup->setWordWrap(true);

    auto* backendsRow = new QHBoxLayout;
    backendsRow->addWidget(new QLabel(tr("Backends:")));
    for (const auto& b : kAllBackends) {
        auto* box = new QCheckBox(backendWords(b));
        box->setProperty("backend", b);
        box->setChecked(true);
        box->setAccessibleName(tr("Compare %1").arg(backendWords(b)));
        m_backendBoxes.push_back(box);
        backendsRow->addWidget(box);
    }
    backendsRow->addStretch();
    m_runButton = new QPushButton(tr("Run the comparison again"));
    m_runButton->setEnabled(false);
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_cancelButton->setEnabled(false);
    backendsRow->addWidget(m_runButton);
    backendsRow->addWidget(m_cancelButton);

    m_verdict = new QLabel;
    m_verdict->setWordWrap(true);
    m_verdict->setTextFormat(Qt::RichText);
    scaleText(m_verdict, 1.25);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bars = new WallTimeBars;
    m_bars->setMinimumHeight(150);
    m_bars->setMaximumHeight(230);

    m_colours = new QLabel;
    m_colours->setWordWrap(true);
    showColours();
    auto* stripsBox = new QWidget;
    m_strips = new QVBoxLayout(stripsBox);
    m_strips->setContentsMargins(0, 0, 0, 0);
    m_strips->addStretch();
    auto* scroll = new QScrollArea;
    scroll->setWidget(stripsBox);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    // Any runs of the session can be compared: pick them in the library.
    auto* pick = new QWidget;
    auto* pickLayout = new QVBoxLayout(pick);
    pickLayout->setContentsMargins(0, 0, 0, 0);
    pickLayout->addWidget(new QLabel(tr("Runs of this session and opened files:")));
    m_libraryView = new QListView;
    m_libraryView->setModel(&m_library);
    m_libraryView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_libraryView->setAccessibleName(tr("Runs to compare"));
    pickLayout->addWidget(m_libraryView, 1);
    auto* compareSelected = new QPushButton(tr("Compare the selected runs"));
    pickLayout->addWidget(compareSelected);

    m_playback = new PlaybackBar(m_cursor);

    m_sweepOverlay = new SweepOverlay;
    m_runsPart = new QWidget;
    auto* runsLayout = new QVBoxLayout(m_runsPart);
    runsLayout->setContentsMargins(0, 0, 0, 0);
    runsLayout->addWidget(m_bars);
    runsLayout->addWidget(m_colours);
    runsLayout->addWidget(scroll, 1);
    runsLayout->addWidget(m_playback);

    auto* main = new QWidget;
    auto* mainLayout = new QVBoxLayout(main);
    mainLayout->addWidget(title);
    mainLayout->addWidget(intro);
    mainLayout->addWidget(m_setup);
    mainLayout->addLayout(backendsRow);
    mainLayout->addWidget(m_verdict);
    mainLayout->addWidget(m_sweepOverlay, 1);
    mainLayout->addWidget(m_runsPart, 1);
    showParts(true, false);

    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(main);
    split->addWidget(pick);
    split->setStretchFactor(0, 4);
    split->setSizes({1000, 260});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
    m_setupWidgets = {title, intro, m_setup, pick}; // the caption names the page in presentation mode
    for (int i = 0; i < backendsRow->count(); ++i)
        if (auto* w = backendsRow->itemAt(i)->widget()) m_setupWidgets.push_back(w);

    connect(m_runButton, &QPushButton::clicked, this, [this] {
        QString why;
        if (!startComparison(m_lastArguments, &why)) m_verdict->setText(why.toHtmlEscaped());
    });
    connect(m_cancelButton, &QPushButton::clicked, this, &ComparePage::cancel);
    connect(compareSelected, &QPushButton::clicked, this, &ComparePage::compareSelected);
    connect(&m_cursor, &PlaybackCursor::moved, this, &ComparePage::onCursorMoved);
}

void ComparePage::setPresenting(bool on) {
    for (auto* w : m_setupWidgets)
        w->setVisible(!on);
    // At projector text sizes the bars need more room, or their labels run into each other.
    m_bars->setMaximumHeight(on ? 300 : 230);
    m_bars->setMinimumHeight(on ? 220 : 150);
}

ComparePage::~ComparePage() {
    if (m_running) m_host.cancel();
}

QStringList ComparePage::backends() const {
    QStringList out;
    for (auto* box : m_backendBoxes)
        if (box->isChecked() && box->isEnabled()) out << box->property("backend").toString();
    return out;
}

void ComparePage::setBackends(const QStringList& backends) {
    for (auto* box : m_backendBoxes)
        box->setChecked(backends.contains(box->property("backend").toString()));
}

bool ComparePage::startComparison(const QStringList& compareArguments, QString* why) {
    if (m_running || m_host.isRunning()) {
        if (why) *why = tr("Another run is going on; wait for it or cancel it first.");
        return false;
    }
    if (compareArguments.size() < 2) {
        if (why) *why = tr("Choose an exercise first: open it and press Compare backends.");
        return false;
    }
    const auto chosen = backends();
    if (chosen.isEmpty()) {
        if (why) *why = tr("Tick at least one backend to compare.");
        return false;
    }
    m_lastArguments = compareArguments;
    clearStrips();
    m_sweepOverlay->setSweeps({});
    showParts(true, false);
    m_verdict->setText(tr("Running %1, one after another…").arg(chosen.join(", ")));
    m_setup->setText(
        tr("<b>%1</b> with %2")
            .arg(compareArguments.at(1).toHtmlEscaped(), compareArguments.mid(2).join(' ').toHtmlEscaped()));
    m_cancelled = false;
    m_running = true;
    m_runButton->setEnabled(false);
    m_cancelButton->setEnabled(true);
    disconnect(&m_host, nullptr, this, nullptr);
    connect(&m_host, &EngineHost::eventsArrived, this, &ComparePage::onEvents);
    connect(&m_host, &EngineHost::finished, this, &ComparePage::onHostFinished);
    connect(&m_host, &EngineHost::failed, this, [this](const QString& text) {
        // Some failures to start come without a finished signal: clean up as if the host had ended.
        if (!m_host.isRunning()) onHostFinished(1, text);
        m_verdict->setText("<b>" + tr("Could not run:") + "</b> " + text.toHtmlEscaped());
    });
    Q_EMIT statusChanged(tr("Comparing backends…"));
    // Compared runs are often over in a fraction of a second: sample CPU often enough to draw their lanes.
    if (!m_host.start(compareArguments +
                      QStringList{"--backends", chosen.join(','), "--cpu-interval-ms", "25"})) {
        m_running = false;
        m_runButton->setEnabled(true);
        m_cancelButton->setEnabled(false);
        disconnect(&m_host, nullptr, this, nullptr);
        if (why) *why = tr("The engine could not be started.");
        return false;
    }
    return true;
}

void ComparePage::cancel() {
    if (!m_running) return;
    m_cancelled = true;
    m_host.cancel();
}

// A comparison's stream holds its runs one after another, each from its own hello.
void ComparePage::onEvents(const std::vector<Event>& events) {
    std::vector<Event> batch;
    auto flush = [&] {
        if (!batch.empty() && m_live) m_live->append(batch);
        batch.clear();
    };
    for (const auto& e : events) {
        if (std::holds_alternative<HelloEvent>(e.body)) {
            flush();
            m_library.finishLive(m_live);
            m_live = m_library.beginLiveRun();
            addStrip(m_live);
        }
        batch.push_back(e);
    }
    flush();
    refresh();
}

void ComparePage::onHostFinished(int exitCode, const QString& errorText) {
    m_library.finishLive(m_live);
    m_live = nullptr;
    m_running = false;
    disconnect(&m_host, nullptr, this, nullptr);
    m_runButton->setEnabled(!m_lastArguments.isEmpty());
    m_cancelButton->setEnabled(false);
    refresh();
    const bool ok = exitCode == 0 && !m_cancelled;
    if (!ok) {
        QString why = m_cancelled || exitCode == 130 ? tr("Cancelled: every worker was stopped.") : errorText;
        QString whyHtml;
        // A run's error event says what failed and what to try, by its kind (a stall, a full disk).
        for (const auto* strip : m_shown)
            if (strip->run() && strip->run()->data().error && !m_cancelled) {
                const auto& data = strip->run()->data();
                whyHtml = failureHtml(*data.error, data.started ? data.started->stallTimeoutMs : 0);
            }
        if (why.isEmpty()) why = engineEndWords(0, exitCode);
        if (whyHtml.isEmpty()) whyHtml = why.toHtmlEscaped();
        m_verdict->setText("<b>" + tr("The comparison did not finish:") + "</b> " + whyHtml +
                           (m_verdict->text().isEmpty() ? QString() : "<br>" + verdict().toHtmlEscaped()));
    }
    Q_EMIT statusChanged(ok ? tr("Comparison finished") : tr("Comparison stopped"));
    Q_EMIT comparisonFinished(ok);
}

void ComparePage::showRuns(const QList<RunModel*>& runs) {
    if (m_running) return;
    clearStrips();
    QList<RunModel*> sweeps;
    int single = 0;
    for (auto* run : runs) {
        if (!run) continue;
        if (run->isSweep()) {
            sweeps << run;
        } else {
            addStrip(run);
            ++single;
        }
    }
    m_sweepOverlay->setSweeps(sweeps);
    showParts(single > 0, !sweeps.isEmpty());
    QStringList what;
    if (single > 0) what << tr("%1 runs, each aligned at its own start").arg(single);
    if (!sweeps.isEmpty())
        what
            << tr("%1 sweeps on one speedup plot and one chunksize plot, each against its own sequential run")
                   .arg(sweeps.size());
    m_setup->setText(tr("From the library: %1.").arg(what.join(tr("; "))));
    refresh();
}

// Single runs need the bars, strips and playback; sweeps the overlaid plots. Only what is shown takes room.
void ComparePage::showParts(bool runs, bool sweeps) {
    m_runsPart->setVisible(runs || !sweeps);
    m_sweepOverlay->setVisible(sweeps);
}

std::vector<int> ComparePage::stripChunkCounts() const {
    std::vector<int> out;
    for (const auto* strip : m_shown)
        out.push_back(strip->chunkCount());
    return out;
}

QList<RunModel*> ComparePage::shownRuns() const {
    QList<RunModel*> out;
    for (const auto* strip : m_shown)
        if (strip->run()) out << strip->run();
    return out;
}

void ComparePage::compareSelected() {
    QList<RunModel*> runs;
    for (const auto& index : m_libraryView->selectionModel()->selectedRows())
        if (auto* run = m_library.runAt(index.row())) runs << run;
    if (runs.isEmpty()) {
        m_verdict->setText(tr("Select two or more runs or sweeps in the list first (Ctrl+click)."));
        return;
    }
    showRuns(runs);
}

void ComparePage::addStrip(RunModel* run) {
    auto* strip = new RunStrip(run, m_theme);
    m_strips->insertWidget(m_strips->count() - 1, strip);
    m_shown.push_back(strip);
    // The strips follow their runs while they are live; the shared cursor takes over once all are done.
    // The connection dies with the strip; during a comparison onEvents refreshes once per batch.
    connect(run, &RunModel::appended, strip, [this] {
        if (!m_running) refresh();
    });
}

void ComparePage::clearStrips() {
    for (auto* strip : m_shown)
        delete strip;
    m_shown.clear();
    m_cursor.setRun(nullptr);
    m_bars->setRows({});
    m_verdict->clear();
}

std::vector<CompareRow> ComparePage::rows() const {
    std::vector<const RunData*> data;
    for (const auto* strip : m_shown)
        if (strip->run()) data.push_back(&strip->run()->data());
    return compareRows(data);
}

QString ComparePage::verdict() const {
    int cores = QThread::idealThreadCount();
    for (const auto* strip : m_shown)
        if (strip->run() && strip->run()->data().hello) cores = strip->run()->data().hello->cores;
    return compareVerdict(rows(), cores);
}

void ComparePage::refresh() {
    const auto r = rows();
    m_bars->setRows(r);
    for (std::size_t i = 0; i < m_shown.size() && i < r.size(); ++i) {
        QString text = r[i].label + QString(" — %1 s").arg(r[i].wallSeconds, 0, 'f', 3);
        if (r[i].finished && std::isfinite(r[i].workerCores))
            text += tr(", kept %1 cores busy").arg(r[i].workerCores, 0, 'f', 2);
        // Start-up per worker is what tells fork, spawn and threads apart before any work is done.
        if (r[i].startupMs > 0) text += tr(", %1 ms to start a worker").arg(r[i].startupMs, 0, 'f', 2);
        m_shown[i]->setHeading(text);
    }
    if (!m_running) {
        const auto v = verdict();
        if (!v.isEmpty()) m_verdict->setText("<b>" + v.toHtmlEscaped() + "</b>");
    }
    // One time axis for all: the longest run decides it, and the cursor plays that run's clock.
    double span = 0;
    RunModel* longest = nullptr;
    for (const auto* strip : m_shown)
        if (strip->run() && strip->run()->endNs() / 1e9 >= span) {
            span = strip->run()->endNs() / 1e9;
            longest = strip->run();
        }
    for (auto* strip : m_shown)
        strip->setTimeSpan(span);
    if (m_running) {
        for (auto* strip : m_shown)
            strip->showFrame(RunFrame::whole(strip->run()));
    } else if (m_cursor.run() != longest) {
        m_cursor.setRun(longest);
        onCursorMoved();
    }
}

void ComparePage::onCursorMoved() {
    if (m_running) return;
    for (auto* strip : m_shown)
        strip->showAt(m_cursor.timeNs(), m_cursor.atEnd());
}

void ComparePage::showColours() {
    auto swatch = [this](int series, const QString& words) {
        return QString("<span style='color:%1'>&#9632;</span>&nbsp;%2")
            .arg(m_theme.seriesColor(series).name(), words.toHtmlEscaped());
    };
    m_colours->setText(tr("Per run: the CPU each worker used (full lane = one core), then its chunks: ") +
                       QStringList{swatch(0, tr("running a chunk")), swatch(1, tr("waiting to start")),
                                   swatch(2, tr("holds the interpreter lock")),
                                   swatch(3, tr("waits for the interpreter lock"))}
                           .join("&nbsp;&nbsp; "));
}

void ComparePage::setTheme(const PlotTheme& theme) {
    m_theme = theme;
    showColours();
    m_bars->setTheme(theme);
    m_sweepOverlay->setTheme(theme);
    for (auto* strip : m_shown)
        strip->setTheme(theme);
}

} // namespace mpwb
