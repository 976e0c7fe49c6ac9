// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs the engine host (mpwb-run) as a child process and turns its standard output into batches of events.
// The GUI never forks and never runs tasks itself: a crash in a run ends that child, not the window.

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>
#include <vector>

#include "event_stream.h"
#include "events.h"

namespace mpwb {

class EngineHost : public QObject {
    Q_OBJECT
public:
    explicit EngineHost(QString runnerPath = defaultRunnerPath(), QObject* parent = nullptr);
    ~EngineHost() override;

    // $MPWB_RUN, else mpwb-run next to this program (in bin/ both in a build tree and when installed).
    static QString defaultRunnerPath();
    QString runnerPath() const { return m_runner; }

    bool isRunning() const;
    // Arguments after "mpwb-run"; "--events -" is added. Returns false (and says why) if a run is going on.
    bool start(const QStringList& arguments);
    // "mpwb-run python OPTIONS --events - SCRIPT ARGS...": a Python run. The runner's options (--python,
    // --start) go before the script, since everything after it belongs to the script.
    bool startPython(const QStringList& options, const QString& script, const QStringList& scriptArguments);
    // Asks the host to stop (SIGTERM: it stops and reaps its workers); kills it if it has not gone in 2 s.
    void cancel();
    // Every line of the last run's stream, for saving it as it was.
    const QByteArray& rawStream() const { return m_raw; }

    // Runs "mpwb-run list --json" and returns its output (empty on failure, with the reason in *why).
    QByteArray listExercises(QString* why) const;

Q_SIGNALS:
    void eventsArrived(const std::vector<mpwb::Event>& events);
    // exitCode is -1 when the host was killed by a signal; errorText is what it wrote on standard error, or,
    // when it died or failed silently, how it ended in words (engineEndWords).
    void finished(int exitCode, const QString& errorText);
    void failed(const QString& why);

private:
    bool launch(const QStringList& arguments);
    void readOutput();

    QString m_runner;
    QProcess* m_process = nullptr;
    QTimer m_killTimer;
    EventStreamReader m_reader;
    QByteArray m_raw;
    QByteArray m_stderr;
};

} // namespace mpwb
