// SPDX-License-Identifier: GPL-3.0-or-later
// The Python tracer (engine/tracer, docs/PYTHON_RUNS.md) inside real CPython processes: this suite plays the
// runner's part, binds the facts socket, runs /usr/bin/python3 with the built tracer first on PYTHONPATH and
// checks what the facts say against what the script did, under fork, spawn and forkserver.

#include <QDirIterator>
#include <QtTest>
#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "traced_python.h"

using namespace traced_python;

namespace {

// What holds for every traced run: well-formed facts, one main hello from the script's own process, distinct
// started children that said they were ready, and chunks that match their dispatches item for item.
void checkCommon(const Run& run, const QString& startMethod) {
    QVERIFY2(!run.killed, "the run hung, or left a process running after it ended");
    QCOMPARE(run.malformed, 0);
    for (const auto& f : run.facts)
        QVERIFY2(malformedFact(f).isEmpty(), qPrintable(malformedFact(f)));
    int mains = 0;
    for (const auto* hello : run.of("hello")) {
        if (!hello->at("main").as_bool()) continue;
        ++mains;
        QCOMPARE(number(*hello, "pid"), std::int64_t(run.pid));
        QCOMPARE(text(*hello, "start_method"), startMethod);
        QCOMPARE(text(*hello, "executable"), kPython);
    }
    QCOMPARE(mains, 1);
    std::set<std::int64_t> children, ready;
    for (const auto* started : run.of("process_started")) {
        QVERIFY2(children.insert(number(*started, "child")).second, "a child reported as started twice");
        QCOMPARE(text(*started, "start_method"), startMethod);
        QVERIFY(number(*started, "asked_t") <= number(*started, "t"));
    }
    for (const auto* r : run.of("process_ready"))
        ready.insert(number(*r, "pid"));
    // A child may be ended before it got going (a Pool terminated at once): ready ones were all started.
    QVERIFY(std::includes(children.begin(), children.end(), ready.begin(), ready.end()));
    std::map<std::string, std::int64_t> dispatched;
    std::int64_t itemsDispatched = 0, itemsDone = 0;
    for (const auto* d : run.of("dispatch")) {
        QVERIFY2(dispatched.emplace(d->at("key").as_string().c_str(), number(*d, "items")).second,
                 "two dispatches with one key");
        itemsDispatched += number(*d, "items");
    }
    for (const auto* c : run.of("chunk")) {
        const auto match = dispatched.find(c->at("key").as_string().c_str());
        QVERIFY2(match != dispatched.end(), qPrintable("a chunk without its dispatch: " + text(*c, "key")));
        QCOMPARE(number(*c, "items"), match->second);
        QVERIFY2(ready.count(number(*c, "pid")), "a chunk from a process that was not started and ready");
        QVERIFY(number(*c, "start") <= number(*c, "end"));
        itemsDone += number(*c, "items");
    }
    QCOMPARE(itemsDone, itemsDispatched);
}

// The last totals each process sent for each name of one sampled kind.
std::map<QString, std::map<std::int64_t, const json::object*>> lastTotals(const Run& run, const char* kind,
                                                                          const char* nameKey) {
    std::map<QString, std::map<std::int64_t, const json::object*>> last;
    for (const auto* f : run.of(kind))
        last[text(*f, nameKey)][number(*f, "pid")] = f;
    return last;
}

std::int64_t sum(const std::map<std::int64_t, const json::object*>& perProcess, const char* key) {
    std::int64_t total = 0;
    for (const auto& [pid, f] : perProcess)
        total += number(*f, key);
    return total;
}

} // namespace

class TestPythonTracer : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        if (!QFileInfo::exists(kPython)) QSKIP("/usr/bin/python3 is not installed");
        QVERIFY2(QFileInfo::exists(MPWB_TRACER_DIR "/sitecustomize.py"), "the tracer is not built");
    }

    void exercises_data() {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("method");
        const std::vector<std::pair<const char*, QStringList>> scripts{
            {"sum_squares.py", {"20000", "1000", "2", "3"}},
            {"image_filter.py", {"5", "24", "1", "2", "2"}},
            {"pipeline.py", {"300", "2", "4"}},
            {"shared_counter.py", {"2", "2000"}},
        };
        for (const auto& [script, args] : scripts)
            for (const char* method : {"fork", "spawn", "forkserver"})
                QTest::addRow("%s %s", script, method) << QString(script) << args << QString(method);
    }
    // Each exercise's Python version under each start method: the same output as untraced, and facts that
    // add up to what it did.
    void exercises() {
        QFETCH(QString, script);
        QFETCH(QStringList, args);
        QFETCH(QString, method);
        const QStringList command = QStringList{exercise(script.toUtf8().constData())} + args;
        const Run plain = runPython(command, method, Trace::Off);
        QCOMPARE(plain.exitCode, 0);
        QVERIFY(plain.facts.empty());
        const Run traced = runPython(command, method);
        QCOMPARE(traced.exitCode, 0);
        QCOMPARE(stable(traced.out), stable(plain.out));
        checkCommon(traced, method);
        std::set<std::int64_t> children, ready, ended;
        for (const auto* f : traced.of("process_started"))
            children.insert(number(*f, "child"));
        for (const auto* f : traced.of("process_ready"))
            ready.insert(number(*f, "pid"));
        for (const auto* f : traced.of("process_ended")) {
            QCOMPARE(number(*f, "exitcode"), std::int64_t(0));
            ended.insert(number(*f, "child"));
        }
        QVERIFY(!children.empty());
        QCOMPARE(ready, children); // every process the exercise started ran, and ended well
        QCOMPARE(ended, children);

        if (script == "sum_squares.py" || script == "image_filter.py") {
            std::int64_t items = 0;
            for (const auto* d : traced.of("dispatch")) {
                QCOMPARE(text(*d, "call"), QString("ProcessPoolExecutor.map"));
                items += number(*d, "items");
            }
            QCOMPARE(items, script == "sum_squares.py" ? 20 : 6); // 20 blocks; 5 pictures and one note
            QCOMPARE(traced.of("chunk").size(), traced.of("dispatch").size());
            for (const auto* started : traced.of("process_started"))
                QCOMPARE(text(*started, "role"), QString("executor-worker"));
        }
        if (script == "pipeline.py") {
            QCOMPARE(traced.of("process_started").size(), size_t(4)); // producer, 2 workers, collector
            const auto queues = lastTotals(traced, "queue", "queue");
            QCOMPARE(queues.size(), size_t(3)); // tasks, results, report: made on one line, told apart
            for (const auto& [name, perProcess] : queues) {
                QVERIFY2(name.startsWith("pipeline.py:"), qPrintable(name));
                QCOMPARE(sum(perProcess, "puts"), sum(perProcess, "gets"));
                QCOMPARE(sum(perProcess, "bytes_put"), sum(perProcess, "bytes_got"));
                QVERIFY(sum(perProcess, "puts") > 0);
            }
        }
        if (script == "shared_counter.py") {
            const auto counters = lastTotals(traced, "counter", "name");
            QCOMPARE(counters.size(), size_t(2)); // one Value per run: without, then with the lock
            for (const auto& [name, perProcess] : counters) {
                QCOMPARE(sum(perProcess, "writes"), std::int64_t(2 * 2000));
                const bool locked = sum(perProcess, "locked_writes") == sum(perProcess, "writes");
                QCOMPARE(locked, name.endsWith("#2")); // the second run takes the lock for every write
                QVERIFY(locked || sum(perProcess, "locked_writes") == 0);
            }
            const auto locks = lastTotals(traced, "lock", "name");
            QCOMPARE(locks.size(), size_t(1)); // only the second run takes the lock itself
            QCOMPARE(sum(locks.begin()->second, "acquisitions"), std::int64_t(2 * 2000));
            for (const auto& [pid, last] : locks.begin()->second)
                QVERIFY(!last->at("holding").as_bool());
        }
    }

    // Every Pool call names itself, and its chunks add up to its items.
    void poolCalls() {
        const Run traced = runPython({fixture("pool_calls.py"), "20"}, "fork");
        QCOMPARE(traced.exitCode, 0);
        QCOMPARE(traced.out, runPython({fixture("pool_calls.py"), "20"}, "fork", Trace::Off).out);
        checkCommon(traced, "fork");
        std::map<QString, std::int64_t> itemsPerCall;
        for (const auto* d : traced.of("dispatch"))
            itemsPerCall[text(*d, "call")] += number(*d, "items");
        const std::map<QString, std::int64_t> expected{
            {"Pool.map", 20},         {"Pool.imap", 20},      {"Pool.imap_unordered", 20},
            {"Pool.starmap", 20},     {"Pool.map_async", 20}, {"Pool.starmap_async", 20},
            {"Pool.apply_async", 20}, {"Pool.apply", 1}};
        QCOMPARE(itemsPerCall, expected);
        for (const auto* started : traced.of("process_started"))
            QCOMPARE(text(*started, "role"), QString("pool-worker"));
    }

    void unpicklable_data() {
        QTest::addColumn<QString>("pool");
        QTest::addColumn<QString>("method");
        QTest::newRow("Pool fork") << "pool"
                                   << "fork";
        QTest::newRow("Pool spawn") << "pool"
                                    << "spawn";
        // Not ProcessPoolExecutor: CPython 3.11's executor can hang at shutdown after a task it could not
        // pickle, under fork too (seen in CI, untraced), so it would test CPython, not us. tst_python_faults
        // names a lambda sent to an executor, through mpwb-run.
    }
    // A lambda and a local function are named, with where they are defined, before anything is sent; the
    // script then fails exactly as it does untraced.
    void unpicklable() {
        QFETCH(QString, pool);
        QFETCH(QString, method);
        const Run traced = runPython({fixture("unpicklable_tasks.py"), pool}, method);
        const Run plain = runPython({fixture("unpicklable_tasks.py"), pool}, method, Trace::Off);
        QCOMPARE(traced.exitCode, 0);
        QCOMPARE(plain.exitCode, 0);
        QCOMPARE(traced.out, plain.out);
        checkCommon(traced, method);
        const auto found = traced.of("unpicklable");
        QCOMPARE(found.size(), size_t(2));
        QCOMPARE(text(*found[0], "what"), QString("lambda"));
        QCOMPARE(text(*found[0], "where"), QString("unpicklable_tasks.py:15"));
        QVERIFY(
            text(*found[0], "message").startsWith("the lambda at unpicklable_tasks.py:15 cannot be sent"));
        QCOMPARE(text(*found[1], "what"), QString("local function"));
        QCOMPARE(text(*found[1], "where"), QString("unpicklable_tasks.py:12"));
        for (const auto* f : found)
            QCOMPARE(text(*f, "lesson"), QString("07-what-can-be-pickled"));
        for (const auto* d : traced.of("dispatch"))
            QVERIFY(number(*d, "t") > number(*found[0], "t"));
    }

    // Each kind of thing that cannot be pickled is named for what it is, with the place that explains it.
    void unpicklableKinds() {
        const Run traced = runPython({fixture("unpicklable_arguments.py")}, "fork");
        QCOMPARE(traced.exitCode, 0);
        QCOMPARE(traced.out, QByteArray("failed: TypeError\n").repeated(4));
        const auto found = traced.of("unpicklable");
        QCOMPARE(found.size(), size_t(4));
        const std::vector<std::pair<QString, QString>> expected{
            {"bound method", "unpicklable_arguments.py:12"},
            {"lock", "unpicklable_arguments.py:39"},
            {"open file", "unpicklable_arguments.py:39"},
            {"generator", "unpicklable_arguments.py:34"}};
        for (size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(text(*found[i], "what"), expected[i].first);
            QCOMPARE(text(*found[i], "where"), expected[i].second);
            QVERIFY(text(*found[i], "message")
                        .contains(expected[i].second + " cannot be sent to a worker process"));
        }
    }

    // A shared_memory block made, attached in a spawned child and unlinked, as `segment` facts; a
    // JoinableQueue and a SimpleQueue whose puts and gets (and their bytes) add up over the processes.
    void sharedMemoryAndQueues() {
        const Run traced = runPython({fixture("shared_things.py"), "20"}, "spawn");
        QCOMPARE(traced.exitCode, 0);
        QCOMPARE(traced.out, QByteArray("filled 190 answered 190\n"));
        checkCommon(traced, "spawn");
        std::map<QString, QStringList> blocks; // name -> actions, in order
        for (const auto* f : traced.of("segment"))
            if (!text(*f, "name").startsWith("/sem.")) blocks[text(*f, "name")] << text(*f, "action");
        QCOMPARE(blocks.size(), size_t(1));
        QCOMPARE(blocks.begin()->second, (QStringList{"created", "attached", "unlinked"}));
        const auto queues = lastTotals(traced, "queue", "queue");
        QCOMPARE(queues.size(), size_t(2));
        for (const auto& [name, perProcess] : queues) {
            QCOMPARE(sum(perProcess, "puts"), std::int64_t(name.endsWith("#2") ? 20 : 21));
            QCOMPARE(sum(perProcess, "gets"), sum(perProcess, "puts"));
            QCOMPARE(sum(perProcess, "bytes_got"), sum(perProcess, "bytes_put"));
        }
    }

    // Under spawn the child's import of a script without a main guard starts a process: reported with the
    // line; under fork nothing is imported again and nothing is reported.
    void missingMainGuard() {
        const Run spawned = runPython({fixture("no_main_guard.py")}, "spawn");
        QCOMPARE(spawned.out, QByteArray("child exit code 1\n")); // CPython stopped the child's own start
        const auto guard = spawned.of("main_guard");
        QCOMPARE(guard.size(), size_t(1));
        QCOMPARE(text(*guard[0], "where"), QString("no_main_guard.py:12"));
        QCOMPARE(text(*guard[0], "start_method"), QString("spawn"));
        const auto started = spawned.of("process_started");
        QCOMPARE(started.size(), size_t(1));
        QCOMPARE(number(*guard[0], "pid"), number(*started[0], "child"));
        QVERIFY(runPython({fixture("no_main_guard.py")}, "fork").of("main_guard").empty());
    }

    void uncaughtException_data() {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("line");
        QTest::newRow("raises") << "raises.py"
                                << "ZeroDivisionError" << 6;
        QTest::newRow("syntax error") << "syntax_error.py"
                                      << "SyntaxError" << 4;
    }
    // The script's own uncaught exception, a syntax error included: its type, file and line; the script's
    // output, error output and exit status as without the tracer.
    void uncaughtException() {
        QFETCH(QString, script);
        QFETCH(QString, type);
        QFETCH(int, line);
        const QString path = fixture(script.toUtf8().constData());
        const Run traced = runPython({path});
        const Run plain = runPython({path}, {}, Trace::Off);
        QCOMPARE(traced.exitCode, 1);
        QCOMPARE(traced.out, plain.out);
        QCOMPARE(traced.err, plain.err);
        const auto found = traced.of("exception");
        QCOMPARE(found.size(), size_t(1));
        QCOMPARE(text(*found[0], "type"), type);
        QCOMPARE(text(*found[0], "file"), path);
        QCOMPARE(number(*found[0], "line"), std::int64_t(line));
        QVERIFY(text(*found[0], "traceback").contains(type));
    }

    // Without MPWB_TRACE_SOCKET the tracer's folder on PYTHONPATH changes nothing: no module, no hook, no
    // variable; the interpreter's own sitecustomize still runs (Debian's installs apport's hook when
    // present).
    void untracedLeavesNoTrace() {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("MPWB_TRACE_SOCKET");
        env.insert("PYTHONPATH", MPWB_TRACER_DIR);
        p.setProcessEnvironment(env);
        p.start(kPython, {fixture("untouched.py")});
        QVERIFY(p.waitForFinished(60000));
        const QByteArray withTracerDir = p.readAllStandardOutput();
        env.remove("PYTHONPATH");
        p.setProcessEnvironment(env);
        p.start(kPython, {fixture("untouched.py")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(withTracerDir, p.readAllStandardOutput());
        QVERIFY(withTracerDir.startsWith("[]\n"));
    }

    // A tracer folder with no compiled copy for this Python (another version, or an installed tree nobody
    // compiled) under PYTHONDONTWRITEBYTECODE: the tracer is compiled once into the user's cache and read
    // from there next time; the folder stays as it was and the script sees its own settings.
    void tracerCompiledOnceElsewhere() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString tracer = tmp.filePath("tracer");
        QVERIFY(QDir().mkpath(tracer + "/mpwb_trace"));
        QVERIFY(QFile::copy(MPWB_TRACER_DIR "/sitecustomize.py", tracer + "/sitecustomize.py"));
        const QDir sources(MPWB_TRACER_DIR "/mpwb_trace", "*.py");
        for (const QString& name : sources.entryList(QDir::Files))
            QVERIFY(QFile::copy(sources.filePath(name), tracer + "/mpwb_trace/" + name));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("PYTHONPATH", tracer);
        env.insert("MPWB_TRACE_SOCKET", tmp.filePath("nobody-listens"));
        env.insert("XDG_CACHE_HOME", tmp.filePath("cache"));
        env.insert("PYTHONDONTWRITEBYTECODE", "1");
        const auto run = [&] {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(kPython, {"-c", "import sys; print(sys.pycache_prefix, sys.dont_write_bytecode, "
                                    "'mpwb_trace.pools' in sys.modules)"});
            return p.waitForFinished(60000) ? p.readAllStandardOutput() : QByteArray("hung");
        };
        QCOMPARE(run(), QByteArray("None True True\n"));
        const auto compiled = [&] {
            QStringList found;
            QDirIterator it(tmp.filePath("cache/mpwb/pycache"), {"pools.*.pyc"}, QDir::Files,
                            QDirIterator::Subdirectories);
            while (it.hasNext())
                found << it.next();
            return found;
        };
        const QStringList first = compiled();
        QCOMPARE(first.size(), 1);
        const QDateTime written = QFileInfo(first[0]).lastModified();
        QVERIFY(!QDir(tracer + "/mpwb_trace/__pycache__").exists());
        QCOMPARE(run(), QByteArray("None True True\n"));
        QCOMPARE(compiled(), first);
        QCOMPARE(QFileInfo(first[0]).lastModified(), written); // read, not written again

        // Where the build compiled the tracer for this very Python, nothing goes to the cache.
        QProcess tag;
        tag.start(kPython, {"-c", "import sys; print(sys.implementation.cache_tag, end='')"});
        QVERIFY(tag.waitForFinished(60000));
        const QString own = QStringLiteral(MPWB_TRACER_DIR "/mpwb_trace/__pycache__/__init__.%1.pyc")
                                .arg(QString::fromUtf8(tag.readAllStandardOutput()));
        if (!QFileInfo::exists(own)) QSKIP("the build compiled the tracer for another python3");
        env.insert("PYTHONPATH", MPWB_TRACER_DIR);
        env.insert("XDG_CACHE_HOME", tmp.filePath("cache2"));
        QCOMPARE(run(), QByteArray("None True True\n"));
        QVERIFY(!QDir(tmp.filePath("cache2")).exists());
    }

    void holdsNothingInWorkers_data() {
        QTest::addColumn<QString>("api");
        QTest::addColumn<QString>("method");
        for (const char* api : {"executor", "pool"})
            for (const char* method : {"fork", "spawn", "forkserver"})
                QTest::addRow("%s %s", api, method) << api << method;
    }
    // Between a worker's tasks (when the next task's argument is unpickled, and when the task starts) the
    // worker holds what it holds untraced, objects and bytes as tracemalloc counts them: the tracer's timing
    // keeps nothing of its own alive among the script's objects (mpwb_trace/stopwatch.py); the old timing
    // held 1 to 3 objects more at each moment of every task. At a task's start a worker, traced or not, now
    // and then holds one small object fewer than at the others: there the most it holds is compared, and
    // the bytes where both hold that most.
    void holdsNothingInWorkers() {
        QFETCH(QString, api);
        QFETCH(QString, method);
        const QStringList command{fixture("held_between_tasks.py"), api, method};
        const Run plain = runPython(command, {}, Trace::Off);
        const Run traced = runPython(command);
        QCOMPARE(plain.exitCode, 0);
        QCOMPARE(traced.exitCode, 0);
        QVERIFY(!traced.of("chunk").empty()); // it was traced, chunk by chunk
        // Per task: objects and bytes at arrival, objects and bytes at the start.
        const auto table = [](const QByteArray& out) {
            std::vector<std::array<qint64, 4>> rows;
            for (const QByteArray& line : out.trimmed().split('\n')) {
                const QList<QByteArray> fields = line.split(' ');
                if (fields.size() != 4) return std::vector<std::array<qint64, 4>>{};
                rows.push_back({fields[0].toLongLong(), fields[1].toLongLong(), fields[2].toLongLong(),
                                fields[3].toLongLong()});
            }
            return rows;
        };
        const auto was = table(plain.out), is = table(traced.out);
        const QByteArray both = "untraced:\n" + plain.out + "traced:\n" + traced.out;
        QVERIFY2(was.size() == 8 && is.size() == was.size(), both.constData());
        const auto most = [](const auto& rows) {
            qint64 m = 0;
            for (const auto& row : rows)
                m = std::max(m, row[2]);
            return m;
        };
        QVERIFY2(most(is) <= most(was), both.constData());
        for (std::size_t task = 0; task < was.size(); ++task) {
            QVERIFY2(is[task][0] <= was[task][0] && is[task][1] <= was[task][1], both.constData());
            if (is[task][2] == most(was) && was[task][2] == most(was))
                QVERIFY2(is[task][3] <= was[task][3], both.constData());
        }
    }

    // A queue method called with the wrong arguments says so in the method's own name, as it does untraced
    // (the tracer's wrappers take the method's own parameters, so the call fails in them).
    void queueMisuseReadsTheSame() {
        const Run plain = runPython({fixture("queue_misuse.py")}, {}, Trace::Off);
        const Run traced = runPython({fixture("queue_misuse.py")});
        QCOMPARE(plain.exitCode, 0);
        QCOMPARE(traced.exitCode, 0);
        QCOMPARE(plain.out.count('\n'), 4);
        QVERIFY(plain.out.contains("Queue.put()"));
        QCOMPARE(traced.out, plain.out);
    }

    // MPWB_START_METHOD is the default in the script's process; a script's own set_start_method still wins.
    void startMethod() {
        QCOMPARE(runPython({fixture("start_method.py")}, "spawn").out, QByteArray("spawn\n"));
        QCOMPARE(runPython({fixture("start_method.py")}, "forkserver").out, QByteArray("forkserver\n"));
        const Run own = runPython({fixture("start_method.py"), "fork"}, "spawn");
        QCOMPARE(own.exitCode, 0);
        QCOMPARE(own.out, QByteArray("fork\n"));
    }

    void socketGoesAway_data() {
        QTest::addColumn<QStringList>("command");
        QTest::newRow("executor") << QStringList{exercise("sum_squares.py"), "20000", "1000", "2", "1"};
        QTest::newRow("queues") << QStringList{exercise("pipeline.py"), "300", "2", "4"};
    }
    // The runner going away mid-run (its socket closed and gone) leaves the script to finish as it would, its
    // spawned children too (they find no socket, and still read the names in the queues' pickled state).
    void socketGoesAway() {
        QFETCH(QStringList, command);
        const Run plain = runPython(command, "spawn", Trace::Off);
        const Run orphaned = runPython(command, "spawn", Trace::CloseAfterHello);
        QVERIFY(!orphaned.killed);
        QCOMPARE(orphaned.exitCode, 0);
        QVERIFY(!orphaned.facts.empty());
        QCOMPARE(stable(orphaned.out), stable(plain.out));
        QCOMPARE(orphaned.err, plain.err);
    }
};

QTEST_GUILESS_MAIN(TestPythonTracer)
#include "tst_python_tracer.moc"
