// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The runs of this session and the ones opened from files, newest last, as a list model: what the compare
// page picks from, what File › Save writes and File › Open adds to. A file can hold several runs one after
// another (a comparison of backends); each `hello` starts the next one. Files are read off the GUI thread.

#include <QAbstractListModel>
#include <QList>
#include <QString>

class QThread;
#include <memory>
#include <vector>

#include "run_model.h"

namespace mpwb {

class RunLibrary : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        RunIdRole = Qt::UserRole + 1,
        ExerciseRole,
        BackendRole,
        WorkersRole,
        StartMethodRole,
        LiveRole,
        FinishedRole,
        SweepRole,
    };

    explicit RunLibrary(QObject* parent = nullptr);
    ~RunLibrary() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // A new run of this session, live until its stream ends (call finishLive).
    RunModel* beginLiveRun();
    void finishLive(RunModel* run);
    // Takes ownership.
    void add(RunModel* run);
    void remove(RunModel* run);
    RunModel* runAt(int row) const;
    int rowOf(const RunModel* run) const;
    RunModel* findById(const QString& id) const;
    int size() const { return int(m_runs.size()); }

    // Reads a .mpwbrun file into runs (one per hello), not yet in the library; empty with the reason in
    // *why when the file is missing or a line is bad (the reason names the line).
    static std::vector<std::unique_ptr<RunModel>> load(const QString& path, QString* why);
    // The same from a saved stream in memory.
    static std::vector<std::unique_ptr<RunModel>> read(const QByteArray& stream, QString* why);
    // The same on a worker thread; answers with opened() or openFailed() on the GUI thread.
    void openFile(const QString& path);
    // Writes the run's events as JSON Lines, whole or not at all (a temporary file renamed when complete).
    static bool save(const RunModel& run, const QString& path, QString* why);
    // Splits a stream into runs at each hello.
    static std::vector<std::unique_ptr<RunModel>> splitRuns(const std::vector<Event>& events);

Q_SIGNALS:
    void opened(const QString& path, const QList<mpwb::RunModel*>& runs);
    void openFailed(const QString& path, const QString& why);

private:
    void watch(RunModel* run);

    std::vector<RunModel*> m_runs; // owned through QObject parenting
    QList<QThread*> m_loaders;     // files being read; waited for when the library goes
};

} // namespace mpwb
