// SPDX-License-Identifier: GPL-3.0-or-later
#include "pickling_tally.h"

#include <QCoreApplication>
#include <QLocale>
#include <algorithm>
#include <cmath>

namespace mpwb {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("pickling", text);
}

QString count(std::uint64_t n) {
    return QLocale(QLocale::English).toString(qulonglong(n));
}

// Above this many bytes per item, the items themselves are the weight: bigger chunks send the same bytes.
constexpr double kHeavyItemBytes = 2000;

} // namespace

void PicklingSums::add(const ChunkEvent& c) {
    chunks += std::max<std::uint32_t>(c.merged, 1);
    ++events;
    items += c.items;
    bytesIn += c.bytesIn;
    bytesOut += c.bytesOut;
    encodeNs += c.encodeNs;
    decodeNs += c.decodeNs;
    workNs += chunkWorkNs(c);
    lowestWorker = lowestWorker < 0 ? c.worker : std::min(lowestWorker, c.worker);
    highestWorker = std::max(highestWorker, c.worker);
}

double PicklingSums::boxShare() const {
    return workNs > 0 ? double(boxNs()) / double(workNs) : std::nan("");
}

void PicklingTally::clear() {
    m_bins.clear();
    m_total = {};
    m_taken = 0;
}

void PicklingTally::take(std::span<const ChunkEvent> chunks, std::size_t runChunks, const void* run) {
    // A power of two: a live run that grows changes the bin size (and redoes the bins) only now and then.
    std::size_t perBin = 1;
    while (perBin * kMaxBins < runChunks)
        perBin *= 2;
    if (run != m_run || chunks.size() < m_taken || perBin != m_perBin) {
        clear();
        m_run = run;
        m_perBin = perBin;
    }
    for (; m_taken < chunks.size(); ++m_taken) {
        if (m_bins.empty() || m_bins.back().sums.events >= m_perBin) m_bins.push_back({m_total.chunks, {}});
        m_bins.back().sums.add(chunks[m_taken]);
        m_total.add(chunks[m_taken]);
    }
}

const PicklingBin* PicklingTally::binAt(double x) const {
    if (m_bins.empty() || x < 0 || x >= double(m_total.chunks)) return nullptr;
    const auto after = std::upper_bound(m_bins.begin(), m_bins.end(), x, [](double v, const PicklingBin& b) {
        return v < double(b.firstChunk);
    });
    return after == m_bins.begin() ? nullptr : &*std::prev(after);
}

bool backendPacksBoxes(const QString& backend) {
    return backend == "processes" || backend == "cpython";
}

QString picklingMs(std::int64_t ns) {
    const double ms = double(ns) / 1e6;
    if (ms >= 100) return tr("%1 ms").arg(QLocale(QLocale::English).toString(ms, 'f', 0));
    if (ms >= 10) return tr("%1 ms").arg(ms, 0, 'f', 1);
    if (ms >= 1) return tr("%1 ms").arg(ms, 0, 'f', 2);
    return tr("%1 ms").arg(ms, 0, 'g', 3);
}

QString picklingBytes(std::uint64_t bytes) {
    if (bytes < 10'000) return tr("%1 bytes").arg(count(bytes));
    if (bytes < 10'000'000) return tr("%1 kB").arg(double(bytes) / 1e3, 0, 'f', 1);
    return tr("%1 MB").arg(double(bytes) / 1e6, 0, 'f', 1);
}

QString picklingVerdict(const PicklingSums& total, const QString& backend, bool runOver) {
    if (backend == "sequential")
        return tr(
            "A sequential run cooks everything in one kitchen: nothing is packed into takeaway boxes, so "
            "there is nothing to weigh here. Run with processes to see the boxes.");
    if (!backend.isEmpty() && !backendPacksBoxes(backend))
        return tr("Threads share one kitchen's memory: nothing is packed into takeaway boxes, so there is "
                  "nothing to weigh here. Run with processes to see the boxes.");
    if (total.chunks == 0 && runOver)
        return tr(
            "This run sent no chunks to a pool, so there are no chunk boxes to weigh (what went through "
            "queues is in the Queues tab).");
    if (total.chunks == 0)
        return tr("No chunk has come back yet: each box is weighed when its chunk returns.");
    const double share = total.boxShare();
    if (std::isnan(share)) return tr("These chunks took no measurable cooking time.");
    // Bytes per item, as the sums give it: a box also holds what the function carries (a partial's
    // arguments, a method's object), which the sums cannot tell from the items, so the advice names both.
    const double perItem = total.items ? double(total.bytesIn + total.bytesOut) / double(total.items) : 0;
    const QString took =
        share >= 1.5 ? tr("Packing and unpacking took %1× as long as the cooking")
                           .arg(QString::number(share, 'f', share >= 10 ? 0 : 1))
        : share < 0.005
            ? tr("Packing and unpacking took less than 1% as long as the cooking")
            : tr("Packing and unpacking took %1% as long as the cooking").arg(std::lround(share * 100));
    if (share < 0.05) return took + tr(": the kitchens spend their time cooking, the boxes cost little.");
    if (share < 0.25) return took + tr(": the boxes cost something, but the cooking dominates.");
    if (perItem >= kHeavyItemBytes) {
        const auto perBox = double(total.bytesIn + total.bytesOut) / double(total.chunks);
        const double itemsPerBox = double(total.items) / double(total.chunks);
        return took + tr(": each box weighs %1 for %2 item(s). Heavy items weigh as much in bigger chunks: "
                         "send less (a file name, or shared memory). What the function carries is packed "
                         "into every box: give it to each worker once, with an initializer.")
                          .arg(picklingBytes(std::uint64_t(perBox)),
                               itemsPerBox < 10 ? QString::number(itemsPerBox, 'g', 2)
                                                : QLocale(QLocale::English).toString(itemsPerBox, 'f', 0));
    }
    return took + tr(": bigger chunks would send fewer boxes.");
}

QString picklingFigures(const PicklingSums& t) {
    if (t.chunks == 0) return {};
    return tr("%1 chunk(s) of %2 item(s) so far: %3 sent to the workers and %4 back; packing %5, unpacking "
              "%6, "
              "cooking %7.")
        .arg(count(t.chunks), count(t.items), picklingBytes(t.bytesIn), picklingBytes(t.bytesOut),
             picklingMs(t.encodeNs), picklingMs(t.decodeNs), picklingMs(t.workNs));
}

QString picklingBinText(const PicklingBin& bin) {
    const auto& s = bin.sums;
    const std::uint64_t last = bin.firstChunk + s.chunks;
    QString head = s.chunks == 1 ? tr("Chunk %1").arg(count(bin.firstChunk + 1))
                                 : tr("Chunks %1–%2").arg(count(bin.firstChunk + 1), count(last));
    if (s.lowestWorker == s.highestWorker)
        head += tr(", worker %1").arg(s.lowestWorker);
    else
        head += tr(", workers %1–%2").arg(s.lowestWorker).arg(s.highestWorker);
    head += tr(", %1 item(s)").arg(count(s.items));
    if (s.chunks > 1) head += tr(" (sums of %1 chunks)").arg(count(s.chunks));
    const double share = s.boxShare();
    QString text = head + "\n" +
                   tr("Sent %1, back %2\nPacking %3 · unpacking %4 · cooking %5")
                       .arg(picklingBytes(s.bytesIn), picklingBytes(s.bytesOut), picklingMs(s.encodeNs),
                            picklingMs(s.decodeNs), picklingMs(s.workNs));
    if (!std::isnan(share))
        text += "\n" + tr("Boxes took %1% as long as the cooking").arg(std::lround(share * 100));
    return text;
}

} // namespace mpwb
