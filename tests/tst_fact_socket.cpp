// SPDX-License-Identifier: GPL-3.0-or-later
// The runner's end of the tracer: datagrams read in paced batches lose none, reorder none, and a reader
// waiting or resting is ended by interrupt().

#include <QTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <future>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

#include "python_fact_socket.h"

using namespace mpwb;

namespace {

// A tracer's end: connected to the socket, sends block until there is room (the tracer itself gives up
// after SEND_WAIT_S; here nothing may be lost).
class Sender {
public:
    explicit Sender(const std::string& path) {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::memcpy(addr.sun_path, path.c_str(), std::min(path.size() + 1, sizeof addr.sun_path - 1));
        m_ok = m_fd >= 0 && ::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~Sender() {
        if (m_fd >= 0) ::close(m_fd);
    }
    Sender(const Sender&) = delete;
    Sender& operator=(const Sender&) = delete;
    bool ok() const { return m_ok; }
    bool send(const std::string& text) const {
        return ::send(m_fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size());
    }

private:
    int m_fd = -1;
    bool m_ok = false;
};

std::string numbered(int i) {
    return "{\"n\":" + std::to_string(i) + "}";
}

} // namespace

class FactSocketTest : public QObject {
    Q_OBJECT
private slots:
    void aCallTakesEveryFactQueued() {
        FactSocket socket;
        Sender sender(socket.path());
        QVERIFY(sender.ok());
        // Fewer than the kernel queues (10 by default), so all of them are there before the call.
        for (int i = 0; i < 8; ++i)
            QVERIFY(sender.send(numbered(i)));
        const auto batch = socket.receiveQueued();
        QCOMPARE(batch.size(), std::size_t{8});
        for (int i = 0; i < 8; ++i)
            QCOMPARE(batch[static_cast<std::size_t>(i)], numbered(i));
    }

    // A sender far faster than the reader: the queue fills, the sender waits for room, and the paced reader
    // still gets every fact once, in the order sent.
    void aFloodArrivesWholeAndInOrder() {
        FactSocket socket;
        constexpr int kCount = 3000;
        std::atomic<bool> sent{true};
        std::thread flood([&] {
            Sender sender(socket.path());
            for (int i = 0; i < kCount && sender.ok(); ++i)
                if (!sender.send(numbered(i))) sent = false;
            if (!sender.ok()) sent = false;
            socket.interrupt(); // from here on a call returns what is queued, or nothing: no wait for more
        });
        std::vector<std::string> got;
        while (got.size() < std::size_t{kCount}) {
            auto batch = socket.receiveQueued();
            if (batch.empty()) break;
            got.insert(got.end(), batch.begin(), batch.end());
        }
        flood.join();
        QVERIFY(sent.load());
        QCOMPARE(got.size(), std::size_t{kCount});
        for (int i = 0; i < kCount; ++i)
            QCOMPARE(got[static_cast<std::size_t>(i)], numbered(i));
    }

    // The run's end: a reader waiting for a fact that will never come, or resting between batches, returns
    // at once, empty-handed, and every later call does too.
    void interruptEndsAWaitingReader() {
        FactSocket socket;
        auto waiting = std::async(std::launch::async, [&] { return socket.receiveQueued(); });
        QVERIFY(waiting.wait_for(std::chrono::milliseconds(50)) == std::future_status::timeout);
        socket.interrupt();
        QVERIFY(waiting.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
        QVERIFY(waiting.get().empty());
        QVERIFY(socket.receiveQueued().empty());
    }

    void interruptEndsARest() {
        FactSocket socket;
        Sender sender(socket.path());
        QVERIFY(sender.ok());
        // One fact after a quiet spell: the next call rests, up to kMaxRestNs.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        QVERIFY(sender.send(numbered(0)));
        QCOMPARE(socket.receiveQueued().size(), std::size_t{1});
        socket.interrupt();
        QVERIFY(sender.send(numbered(1)));
        // What was queued before the end is still handed over (the runner drains the rest with receive(0)).
        const auto batch = socket.receiveQueued();
        QVERIFY(batch.size() <= 1);
        if (batch.empty()) QCOMPARE(socket.receive(0).value_or(""), numbered(1));
    }
};

QTEST_GUILESS_MAIN(FactSocketTest)
#include "tst_fact_socket.moc"
