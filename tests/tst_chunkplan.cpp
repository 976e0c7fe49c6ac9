// SPDX-License-Identifier: GPL-3.0-or-later
// The chunking rule on its edge cases: every item in exactly one chunk, in order, whatever the sizes.
#include <QtTest>

#include "chunk_plan.h"

using namespace mpwb;

class TestChunkPlan : public QObject {
    Q_OBJECT
private slots:
    void coversEveryItemOnce_data();
    void coversEveryItemOnce();
    void defaultRule_data();
    void defaultRule();
    void emptyInputHasNoChunks();
    void rejectsZeroWorkers();
};

void TestChunkPlan::coversEveryItemOnce_data() {
    QTest::addColumn<quint64>("items");
    QTest::addColumn<quint64>("chunksize");
    QTest::addColumn<int>("workers");
    QTest::addColumn<quint64>("expectedChunks");
    QTest::newRow("even split") << quint64(12) << quint64(3) << 2 << quint64(4);
    QTest::newRow("remainder in last chunk") << quint64(10) << quint64(3) << 2 << quint64(4);
    QTest::newRow("chunk larger than input") << quint64(5) << quint64(15) << 2 << quint64(1);
    QTest::newRow("chunk equals input") << quint64(7) << quint64(7) << 3 << quint64(1);
    QTest::newRow("chunksize one") << quint64(9) << quint64(1) << 4 << quint64(9);
    QTest::newRow("fewer items than workers, auto") << quint64(3) << quint64(0) << 8 << quint64(3);
    QTest::newRow("auto, items not divisible") << quint64(1001) << quint64(0) << 2 << quint64(8);
}

void TestChunkPlan::coversEveryItemOnce() {
    QFETCH(quint64, items);
    QFETCH(quint64, chunksize);
    QFETCH(int, workers);
    QFETCH(quint64, expectedChunks);
    const ChunkPlan plan(items, chunksize, workers);
    QCOMPARE(plan.chunkCount(), expectedChunks);
    std::uint64_t next = 0;
    for (std::uint64_t c = 0; c < plan.chunkCount(); ++c) {
        const auto r = plan.chunk(c);
        QCOMPARE(r.first, next); // contiguous and in order: nothing skipped, nothing twice
        QVERIFY(r.count >= 1);
        QVERIFY(r.count <= plan.chunksize());
        next += r.count;
    }
    QCOMPARE(next, items);
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, plan.chunk(plan.chunkCount()));
}

void TestChunkPlan::defaultRule_data() {
    QTest::addColumn<quint64>("items");
    QTest::addColumn<int>("workers");
    QTest::addColumn<quint64>("expected");
    QTest::newRow("4 chunks per worker") << quint64(800) << 2 << quint64(100);
    QTest::newRow("rounds up") << quint64(801) << 2 << quint64(101);
    QTest::newRow("never below one") << quint64(3) << 64 << quint64(1);
    QTest::newRow("no items") << quint64(0) << 4 << quint64(1);
}

void TestChunkPlan::defaultRule() {
    QFETCH(quint64, items);
    QFETCH(int, workers);
    QFETCH(quint64, expected);
    QCOMPARE(ChunkPlan::defaultChunksize(items, workers), expected);
}

void TestChunkPlan::emptyInputHasNoChunks() {
    const ChunkPlan plan(0, 5, 2);
    QCOMPARE(plan.chunkCount(), quint64(0));
}

void TestChunkPlan::rejectsZeroWorkers() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ChunkPlan(10, 0, 0));
}

QTEST_GUILESS_MAIN(TestChunkPlan)
#include "tst_chunkplan.moc"
