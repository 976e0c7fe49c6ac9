// SPDX-License-Identifier: GPL-3.0-or-later
#include "sum_squares.h"

#include <algorithm>

#include "chunk_plan.h"
#include "errors.h"
#include "python_sources.h"
#include "task_registry.h"

namespace mpwb::exercises {
namespace {

constexpr std::int64_t kMaxN = 1'000'000'000'000; // 10^12: a long demo, and the sum still fits in 128 bits
// The automatic block is at least 1000 numbers (about a microsecond of work) and grows so that there are at
// most 100,000 items: each item's trip through a pipe then costs about 1% of its work, and even N = 10^12
// never queues more items than a run can sensibly track.
constexpr std::uint64_t kAutoBlock = 1000;
constexpr std::uint64_t kMostAutoItems = 100'000;

// The block asked for, or for 0 the automatic one.
std::uint64_t resolvedBlock(std::uint64_t n, std::uint64_t block) {
    return block ? block
                 : std::max<std::uint64_t>(kAutoBlock, n / kMostAutoItems + (n % kMostAutoItems != 0));
}

// One item: the block [lo, hi] of the numbers to square.
void sumBlockTask(ByteReader& in, ByteWriter& out, TaskContext& context) {
    const auto lo = in.get<std::uint64_t>();
    const auto hi = in.get<std::uint64_t>();
    out.putU128(sumSquaresByLoop(lo, hi, context));
}

const TaskRegistration kSumBlock{"sum-squares/block", "sum of i^2 over one block [lo, hi]", sumBlockTask};

class Blocks : public ItemSource {
public:
    Blocks(std::uint64_t n, std::uint64_t block) : m_n(n), m_block(block) {}
    std::uint64_t count() const override { return m_n / m_block + (m_n % m_block != 0); }
    void encode(std::uint64_t index, ByteWriter& out) const override {
        const std::uint64_t lo = index * m_block + 1;
        out.put<std::uint64_t>(lo);
        out.put<std::uint64_t>(std::min(m_n, lo + m_block - 1));
    }

private:
    std::uint64_t m_n, m_block;
};

class Total : public ResultSink {
public:
    void accept(std::uint64_t, ByteReader& result) override {
        m_total += result.getU128();
        ++m_parts;
    }
    unsigned __int128 total() const { return m_total; }
    std::uint64_t parts() const { return m_parts; }

private:
    unsigned __int128 m_total = 0;
    std::uint64_t m_parts = 0;
};

class SumSquaresRun : public ExerciseRun {
public:
    SumSquaresRun(std::uint64_t n, std::uint64_t block) : m_n(n), m_items(n, block) {}
    std::string task() const override { return "sum-squares/block"; }
    const ItemSource* items() const override { return &m_items; }
    ResultSink* results() override { return &m_total; }
    ResultEvent finish() override {
        const auto expected = sumSquaresClosedForm(m_n);
        ResultEvent r;
        r.value = toDecimal(m_total.total());
        r.checks["expected"] = jsonQuoted(toDecimal(expected)); // 128 bits: a string, so no reader rounds it
        r.checks["blocks_summed"] = std::to_string(m_total.parts());
        r.correct = m_total.total() == expected && m_total.parts() == m_items.count();
        return r;
    }

private:
    std::uint64_t m_n;
    Blocks m_items;
    Total m_total;
};

} // namespace

unsigned __int128 sumSquaresByLoop(std::uint64_t lo, std::uint64_t hi, TaskContext& context) {
    unsigned __int128 total = 0;
    std::uint64_t i = lo;
    while (i <= hi) {
        const std::uint64_t stop = std::min(hi, i + 65535);
        for (; i <= stop; ++i) {
            // An empty asm the optimiser cannot see through: it would otherwise replace the loop by the
            // closed form, and there would be no work left to share out.
            asm volatile("" : "+r"(i));
            total += static_cast<unsigned __int128>(i) * i;
        }
        context.checkpoint();
        if (stop == hi) break;
    }
    return total;
}

unsigned __int128 sumSquaresClosedForm(std::uint64_t n) {
    unsigned __int128 a = n, b = static_cast<unsigned __int128>(n) + 1,
                      c = 2 * static_cast<unsigned __int128>(n) + 1;
    // Divide by 2 and by 3 where they go evenly, so nothing overflows before the end.
    if (a % 2 == 0)
        a /= 2;
    else
        b /= 2;
    if (a % 3 == 0)
        a /= 3;
    else if (b % 3 == 0)
        b /= 3;
    else
        c /= 3;
    return a * b * c;
}

std::string SumSquares::summary() const {
    return "Adds up i\u00b2 for i = 1..N. The numbers are cut into blocks; each block is one item of the "
           "map, "
           "and chunksize blocks travel to a worker together. The answer is exact (128-bit).";
}

std::vector<ParameterSpec> SumSquares::parameters() const {
    return {
        ParameterSpec::integer("n", "N", "add up i\u00b2 for i = 1..N", 1, kMaxN, 2'000'000'000),
        ParameterSpec::integer(
            "block", "Block size (0 = auto)",
            "how many consecutive numbers make one item; 0 picks max(1000, N / 100,000) so "
            "there are at most 100,000 items",
            0, 1'000'000'000, 0),
    };
}

std::string SumSquares::pythonSource() const {
    return python::sum_squares;
}

// sum_squares.py N BLOCK WORKERS CHUNKSIZE, the block resolved by the same rule as here.
std::vector<std::string> SumSquares::pythonMapArguments(const ParameterValues& values, int workers,
                                                        std::uint64_t chunksize) const {
    const auto n = static_cast<std::uint64_t>(values.integer("n"));
    const auto block = resolvedBlock(n, static_cast<std::uint64_t>(values.integer("block")));
    const auto items = n / block + (n % block != 0);
    if (chunksize == 0) chunksize = ChunkPlan::defaultChunksize(items, std::max(workers, 1));
    return {std::to_string(n), std::to_string(block), std::to_string(workers), std::to_string(chunksize)};
}

std::unique_ptr<ExerciseRun> SumSquares::prepare(const ParameterValues& values, const CancelCheck&) const {
    const auto n = static_cast<std::uint64_t>(values.integer("n"));
    return std::make_unique<SumSquaresRun>(
        n, resolvedBlock(n, static_cast<std::uint64_t>(values.integer("block"))));
}

} // namespace mpwb::exercises
