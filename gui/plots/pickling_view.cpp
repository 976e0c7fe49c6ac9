// SPDX-License-Identifier: GPL-3.0-or-later
#include "pickling_view.h"

#include <QLabel>
#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <array>
#include <cmath>

#include "text_scale.h"

namespace mpwb {
namespace {

// The two rows of the balance: the boxes on top, the cooking below, so the eye compares two lengths.
constexpr double kBoxRow = 1;
constexpr double kCookRow = 0;

QCPAxisRect* addRect(QCustomPlot* plot, QCPLayoutGrid* column, const QString& title) {
    auto* heading = new QCPTextElement(plot, title);
    column->addElement(column->rowCount(), 0, heading);
    auto* rect = new QCPAxisRect(plot);
    column->addElement(column->rowCount(), 0, rect);
    return rect;
}

QCPGraph* stepGraph(QCPAxisRect* rect, const QString& name) {
    auto* g = rect->parentPlot()->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    g->setName(name);
    g->setLineStyle(QCPGraph::lsStepLeft);
    g->setAdaptiveSampling(true);
    return g;
}

} // namespace

PicklingView::PicklingView(QWidget* parent) : QWidget(parent) {
    m_verdict = new QLabel;
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    scaleText(m_verdict, 1.3, true); // the one thing to read from the back of the room
    m_plot = new QCustomPlot;
    m_plot->setMouseTracking(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 0);
    layout->addWidget(m_verdict);
    layout->addWidget(m_plot, 1);

    m_plot->plotLayout()->clear();
    auto* left = new QCPLayoutGrid;
    auto* right = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(0, 0, left);
    m_plot->plotLayout()->addElement(0, 1, right);
    m_plot->plotLayout()->setColumnStretchFactors({0.75, 1.6});
    m_balanceRect = addRect(m_plot, left, tr("Every chunk so far"));
    m_shareRect = addRect(m_plot, right, tr("Each chunk's time"));
    m_bytesRect = new QCPAxisRect(m_plot);
    right->addElement(right->rowCount(), 0, m_bytesRect);
    left->setRowStretchFactors({0.01, 1.0});
    // The chunk axes move together: the bytes panel sits under the share panel, chunk for chunk.
    auto* group = new QCPMarginGroup(m_plot);
    m_shareRect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    m_bytesRect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    connect(m_shareRect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged),
            m_bytesRect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::setRange));

    m_balanceRect->axis(QCPAxis::atLeft)->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    m_balanceRect->axis(QCPAxis::atLeft)->setRange(-0.6, 1.6);
    m_balanceRect->axis(QCPAxis::atLeft)->grid()->setVisible(false);
    m_balanceRect->axis(QCPAxis::atBottom)->ticker()->setTickCount(3);
    m_shareRect->axis(QCPAxis::atLeft)->setLabel(tr("% of time"));
    m_shareRect->axis(QCPAxis::atLeft)->setRange(0, 100);
    m_shareRect->axis(QCPAxis::atBottom)->setTickLabels(false);
    m_bytesRect->axis(QCPAxis::atLeft)->setLabel(tr("kB"));
    m_bytesRect->axis(QCPAxis::atBottom)->setLabel(tr("chunks, in the order they came back"));
    m_bytesRect->axis(QCPAxis::atBottom)->ticker()->setTickCount(4);
    m_bytesRect->axis(QCPAxis::atLeft)->ticker()->setTickCount(3);
    m_shareRect->axis(QCPAxis::atBottom)->ticker()->setTickCount(4);

    // Half of a chunk's time: above it, the boxes cost more than the cooking.
    m_plot->addLayer("marks", m_plot->layer("main"), QCustomPlot::limAbove); // over the filled shares
    m_half = new QCPItemStraightLine(m_plot);
    m_half->setLayer("marks");
    m_half->setClipAxisRect(m_shareRect);
    for (auto* end : {m_half->point1, m_half->point2})
        end->setAxes(m_shareRect->axis(QCPAxis::atBottom), m_shareRect->axis(QCPAxis::atLeft));
    m_half->point1->setCoords(0, 50);
    m_half->point2->setCoords(1, 50);

    m_plot->legend = new QCPLegend;
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setWrap(3);
    m_plot->legend->setMargins(QMargins(2, 0, 2, 0));
    // Its own row above the share panel, so the key never hides a chunk.
    right->insertRow(1);
    right->addElement(1, 0, m_plot->legend);
    m_plot->legend->setLayer("legend");
    right->setRowStretchFactors({0.01, 0.01, 1.6, 1.0});
    m_plot->legend->setVisible(true);
    m_hint = addEmptyHint(
        m_plot, tr("Run it: each chunk's takeaway boxes are weighed here as it comes back."), m_shareRect);
    m_throttle = makePlotThrottle(
        m_plot, [this] { refresh(); }, this);
    connect(m_plot, &QCustomPlot::mouseMove, this, &PicklingView::onMouseMove);
    setTheme(m_theme);
    refresh();
}

bool PicklingView::appliesTo(const RunFrame& frame) const {
    return frame.run && !frame.run->data().chunks.empty();
}

bool PicklingView::drawsBoxes() const {
    return m_backend.isEmpty() || backendPacksBoxes(m_backend);
}

void PicklingView::showFrame(const RunFrame& frame) {
    const auto* started = frame.run && frame.run->data().started ? &*frame.run->data().started : nullptr;
    m_backend = started ? QString::fromStdString(started->backend) : QString();
    m_runOver = frame.finished() != nullptr;
    if (frame.run != m_run) {
        m_run = frame.run;
        m_runEventsCounted = 0;
        m_runChunks = 0;
    }
    // The x axis spans the whole run (so far, when live): the cursor fills it from the left.
    static const std::vector<ChunkEvent> none;
    const auto& all = frame.run ? frame.run->data().chunks : none;
    if (all.size() < m_runEventsCounted) m_runEventsCounted = m_runChunks = 0;
    for (; m_runEventsCounted < all.size(); ++m_runEventsCounted)
        m_runChunks += std::max<std::uint32_t>(1, all[m_runEventsCounted].merged);
    m_tally.take(frame.chunks(), all.size(), frame.run);
    const QString words = verdict();
    if (m_verdict->text() != words) m_verdict->setText(words);
    m_plot->setVisible(drawsBoxes());
    m_throttle->request();
}

QString PicklingView::verdict() const {
    return picklingVerdict(m_tally.total(), m_backend, m_runOver);
}

QString PicklingView::description() const {
    const QString figures = drawsBoxes() ? picklingFigures(m_tally.total()) : QString();
    return figures.isEmpty() ? verdict() : verdict() + ' ' + figures;
}

void PicklingView::setTheme(const PlotTheme& theme) {
    m_theme = theme;
    m_half->setPen(QPen(m_theme.foreground, 2, Qt::DashLine));
    m_hint->setColor(m_theme.axis);
    m_hint->setFont(m_theme.font(1));
    refresh();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PicklingView::updateNow() {
    m_throttle->cancel();
    refresh();
    m_plot->replot();
}

void PicklingView::refresh() {
    m_plot->clearPlottables();
    m_plot->legend->clearItems();
    refreshChunks();
    refreshBalance();
    m_theme.applyTo(m_plot);
    // Rows of the balance are words, not numbers: a little larger than tick labels.
    m_balanceRect->axis(QCPAxis::atLeft)->setTickLabelFont(m_theme.font(1, true));
}

void PicklingView::refreshBalance() {
    const auto& t = m_tally.total();
    auto* xAxis = m_balanceRect->axis(QCPAxis::atBottom);
    auto* yAxis = m_balanceRect->axis(QCPAxis::atLeft);
    // Seconds once the bars pass two of them: "0 2000 4000" runs together on a narrow axis.
    const bool seconds = std::max(t.workNs, t.boxNs()) >= 2'000'000'000;
    const double unit = seconds ? 1e9 : 1e6;
    xAxis->setLabel(seconds ? tr("seconds, all workers") : tr("milliseconds, all workers"));
    const auto bar = [&](const QColor& colour, double row, std::int64_t ns, QCPBars* below) {
        auto* b = new QCPBars(yAxis, xAxis);
        b->removeFromLegend();
        b->setWidth(0.6);
        b->setPen(Qt::NoPen);
        b->setBrush(colour);
        if (below) b->moveAbove(below);
        b->addData(row, double(ns) / unit);
        return b;
    };
    bar(m_theme.seriesColor(0), kCookRow, t.workNs, nullptr);
    bar(m_theme.seriesColor(3), kBoxRow, t.decodeNs,
        bar(m_theme.seriesColor(1), kBoxRow, t.encodeNs, nullptr));
    const double cook = double(t.workNs) / unit, box = double(t.boxNs()) / unit;
    xAxis->setRange(0, std::max({cook, box, 1e-3}) * 1.08);
    // Each row's name carries its total: never clipped by the bar's length, read with the row.
    auto rows = qSharedPointerCast<QCPAxisTickerText>(yAxis->ticker());
    rows->clear();
    const bool some = t.chunks > 0;
    rows->addTick(kBoxRow, some ? tr("boxes\n%1").arg(picklingMs(t.boxNs())) : tr("boxes"));
    rows->addTick(kCookRow, some ? tr("cooking\n%1").arg(picklingMs(t.workNs)) : tr("cooking"));
}

void PicklingView::refreshChunks() {
    auto* cooking = stepGraph(m_shareRect, tr("cooking (the work)"));
    auto* packed = stepGraph(m_shareRect, tr("packing (pickle)"));
    auto* unpacked = stepGraph(m_shareRect, tr("unpacking (unpickle)"));
    auto* sent = stepGraph(m_bytesRect, tr("bytes sent"));
    auto* back = stepGraph(m_bytesRect, tr("bytes back"));
    // Stacked shares: cooking from 0, packing on top of it, unpacking on top of that up to 100%.
    QVector<double> x, cook, pack, full, in, out;
    const auto& bins = m_tally.bins();
    for (const auto& b : bins) {
        const auto& s = b.sums;
        const double whole = double(s.workNs + s.boxNs());
        const double c = whole > 0 ? 100.0 * double(s.workNs) / whole : 0;
        const double p = whole > 0 ? 100.0 * double(s.encodeNs) / whole : 0;
        x << double(b.firstChunk);
        cook << c;
        pack << c + p;
        full << (whole > 0 ? 100.0 : 0.0);
        const double chunks = double(std::max<std::uint64_t>(1, s.chunks));
        in << double(s.bytesIn) / chunks / 1e3;
        out << double(s.bytesOut) / chunks / 1e3;
    }
    if (!bins.empty()) { // the last step needs an end
        x << double(m_tally.total().chunks);
        for (auto* v : {&cook, &pack, &full, &in, &out})
            *v << v->back();
    }
    cooking->setData(x, cook, true);
    packed->setData(x, pack, true);
    unpacked->setData(x, full, true);
    sent->setData(x, in, true);
    back->setData(x, out, true);
    const std::array<std::pair<QCPGraph*, QCPGraph*>, 3> layers{
        {{cooking, nullptr}, {packed, cooking}, {unpacked, packed}}};
    const QColor colours[] = {m_theme.seriesColor(0), m_theme.seriesColor(1), m_theme.seriesColor(3)};
    for (std::size_t i = 0; i < layers.size(); ++i) {
        auto [graph, under] = layers[i];
        graph->setPen(QPen(colours[i], 1));
        graph->setBrush(colours[i]);
        graph->setChannelFillGraph(under);
    }
    sent->setPen(QPen(m_theme.seriesColor(1), 2));
    back->setPen(QPen(m_theme.seriesColor(2), 2, Qt::DashLine));
    const double span = std::max<double>(1, double(std::max(m_runChunks, m_tally.total().chunks)));
    m_shareRect->axis(QCPAxis::atBottom)->setRange(0, span);
    double most = 0.1;
    for (int i = 0; i < in.size(); ++i)
        most = std::max({most, in[i], out[i]});
    m_bytesRect->axis(QCPAxis::atLeft)->setRange(0, most * 1.15);
    m_half->point2->setCoords(span, 50);
    m_hint->setVisible(bins.empty());
}

QString PicklingView::textAt(const QPoint& pos) const {
    if (m_balanceRect->rect().contains(pos)) return picklingFigures(m_tally.total());
    for (auto* rect : {m_shareRect, m_bytesRect}) {
        if (!rect->rect().contains(pos)) continue;
        const double x = rect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
        if (const auto* bin = m_tally.binAt(x)) return picklingBinText(*bin);
    }
    return {};
}

void PicklingView::onMouseMove(QMouseEvent* event) {
    const QString text = textAt(event->pos());
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

} // namespace mpwb
