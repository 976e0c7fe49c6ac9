// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The kitchen at one moment of a run: what each cook (worker) is doing, who holds the stove token (the
// interpreter lock), what the dumb waiter carries (pickled chunks on their way), the communal fridge (shared
// memory, its lock, lost updates) and the head chef's rail of orders. Pure data, built by KitchenIndex from
// the run's events; the view only draws it and the words only say it.

#include <QString>
#include <cstdint>
#include <vector>

namespace mpwb {

enum class CookState { Idle, Cooking, WaitingLock, WaitingGil, Crashed, Done };

// "cooking", "idle", "waiting-lock", "waiting-gil", "crashed", "done": the names of the JSON state.
const char* cookStateName(CookState state);

struct Kitchen {
    int worker = 0;
    int pid = 0;         // 0 until its worker_started
    bool open = false;   // its worker has started by this moment
    bool closed = false; // its process has ended by this moment (a Python run's pool that shut down)
    // Not one of the pool's cooks: a process of the exercise beyond the workers asked for (the pipeline's
    // producer and collector), which works the queues and takes no trays, so the events never say it cooks.
    bool helper = false;
    CookState state = CookState::Idle;
    // The tray being cooked (or waited over): its chunk, when the state has one.
    std::uint64_t trayFirst = 0;
    std::uint64_t trayItems = 0;
    int trayMerged = 1; // small chunks drawn as one tray
    std::int64_t trayStartNs = 0;
    std::int64_t trayEndNs = -1; // -1: not finished by the end of what is known
    int core = -1;
    std::uint64_t itemsDone = 0; // orders this kitchen has served by now
    QString crash;               // the error's words, when crashed
    int signal = 0;
};

// Takeaway boxes in the dumb waiter's shaft: chunks sent to a worker process and not yet begun (down), and
// results finished and not yet received by the host (up). Thread backends share memory: nothing rides.
struct WaiterLoad {
    int boxesDown = 0;
    std::uint64_t bytesDown = 0;
    int platesUp = 0;
    std::uint64_t bytesUp = 0;
};

struct FridgeState {
    int segments = 0;          // shared-memory segments made for the run so far
    std::uint64_t bytes = 0;   // their size together
    int attached = 0;          // times a worker process opened one by name
    bool namesRemoved = false; // every name is gone from /dev/shm (mappings stay valid)
    bool hasLock = false;      // a lock sample exists by now
    int lockHolder = -1;       // worker holding the lock, -1: free
    int lockWaiting = 0;       // workers waiting for it
    bool hasCounter = false;
    QString mode;                 // none | lock | atomic
    std::int64_t value = 0;       // the counter now
    std::uint64_t increments = 0; // adds made so far
    std::uint64_t lost = 0;       // increments that left no trace (mode none)
};

struct QueueLoad {
    QString name;
    std::int64_t depth = 0;
    std::int64_t capacity = 0;
    std::uint64_t puts = 0;
    std::uint64_t gets = 0;
};

struct KitchenScene {
    std::int64_t tNs = 0;
    QString exercise;
    QString backend;
    bool oneRoom = false;    // threads share one kitchen (memory)
    bool oneStove = false;   // ... and, under a GIL, one stove token
    bool usesWaiter = false; // processes: every chunk rides the dumb waiter
    // A Python run: the file name of the student's own script, which is the head chef; its processes are the
    // kitchens, each appearing when it starts. Empty for the workbench's own exercises.
    QString script;
    std::vector<Kitchen> kitchens;
    int stoveHolder = -1;     // gil-threads: the worker holding the token, -1: nobody or unknown
    bool stoveShared = false; // the token changed hands faster than the stream tells apart (merged span)
    WaiterLoad waiter;
    FridgeState fridge;
    bool hasFridge = false;
    std::vector<QueueLoad> queues;
    std::uint64_t ordersTotal = 0;
    std::uint64_t ordersWaiting = 0; // not yet handed to any kitchen
    std::uint64_t ordersServed = 0;  // finished by a kitchen
    bool finished = false;
    QString status; // run_finished's status once finished
};

} // namespace mpwb
