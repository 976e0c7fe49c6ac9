// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The two ends of a map: where items come from (produced on demand, so a run over 10^8 items never holds
// them all) and where results go (delivered strictly in input order, whatever order workers finish in).

#include <cstdint>
#include <string>
#include <vector>

#include "bytes.h"

namespace mpwb {

class ItemSource {
public:
    virtual ~ItemSource() = default;
    virtual std::uint64_t count() const = 0;
    virtual void encode(std::uint64_t index, ByteWriter& out) const = 0;
};

class ResultSink {
public:
    virtual ~ResultSink() = default;
    // Called once per item, in index order, on the thread that called map().
    virtual void accept(std::uint64_t index, ByteReader& result) = 0;
};

struct MapJob {
    std::string task;
    const ItemSource* items = nullptr;
    std::uint64_t chunksize = 0; // 0: the default rule in chunk_plan.h
};

// Ready-made ends for tests and small maps.
class VectorItems : public ItemSource {
public:
    explicit VectorItems(std::vector<Bytes> items) : m_items(std::move(items)) {}
    std::uint64_t count() const override { return m_items.size(); }
    void encode(std::uint64_t index, ByteWriter& out) const override {
        out.putBytes(m_items[index].data(), m_items[index].size());
    }

private:
    std::vector<Bytes> m_items;
};

class VectorResults : public ResultSink {
public:
    void accept(std::uint64_t index, ByteReader& result) override {
        m_indices.push_back(index);
        const auto n = result.remaining();
        const auto* p = result.take(n);
        m_results.emplace_back(p, p + n);
    }
    const std::vector<Bytes>& results() const { return m_results; }
    const std::vector<std::uint64_t>& indices() const { return m_indices; }

private:
    std::vector<Bytes> m_results;
    std::vector<std::uint64_t> m_indices;
};

} // namespace mpwb
