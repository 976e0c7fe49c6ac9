// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_library.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QPointer>
#include <QSaveFile>
#include <QThread>
#include <algorithm>

#include "event_json.h"
#include "event_stream.h"

namespace mpwb {

RunLibrary::RunLibrary(QObject* parent) : QAbstractListModel(parent) {}

RunLibrary::~RunLibrary() {
    // A loader still reading a file posts its runs to a library that is going: wait for it here, so no
    // thread outlives the application; its runs are then dropped by the QPointer check.
    for (auto* loader : std::as_const(m_loaders)) {
        loader->wait();
        delete loader;
    }
}

int RunLibrary::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_runs.size());
}

QVariant RunLibrary::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const auto* run = m_runs[std::size_t(index.row())];
    const auto& started = run->data().started;
    switch (role) {
    case Qt::DisplayRole:
        return run->label();
    case Qt::ToolTipRole:
        return QString(run->describe() + (run->source().isEmpty() ? QString() : "\n" + run->source()));
    case RunIdRole:
        return run->id();
    case ExerciseRole:
        return started ? QString::fromStdString(started->exercise) : QString();
    case BackendRole:
        return started ? QString::fromStdString(started->backend) : QString();
    case WorkersRole:
        // A Python run announces 0 workers: it learns them as they start.
        return started && started->workers > 0 ? started->workers : int(run->data().workers.size());
    case StartMethodRole:
        return started ? QString::fromStdString(started->startMethod) : QString();
    case LiveRole:
        return run->isLive();
    case FinishedRole:
        return run->isFinished();
    case SweepRole:
        return run->isSweep();
    default:
        return {};
    }
}

QHash<int, QByteArray> RunLibrary::roleNames() const {
    auto names = QAbstractListModel::roleNames();
    names[RunIdRole] = "runId";
    names[ExerciseRole] = "exercise";
    names[BackendRole] = "backend";
    names[WorkersRole] = "workers";
    names[StartMethodRole] = "startMethod";
    names[LiveRole] = "live";
    names[FinishedRole] = "finished";
    names[SweepRole] = "sweep";
    return names;
}

RunModel* RunLibrary::beginLiveRun() {
    auto* run = new RunModel;
    run->setLive(true);
    add(run);
    return run;
}

void RunLibrary::finishLive(RunModel* run) {
    if (run) run->setLive(false);
}

void RunLibrary::add(RunModel* run) {
    if (!run || rowOf(run) >= 0) return;
    const int row = int(m_runs.size());
    beginInsertRows({}, row, row);
    run->setParent(this);
    m_runs.push_back(run);
    endInsertRows();
    watch(run);
}

// A run's label and state change as its events arrive: tell the views of the list.
void RunLibrary::watch(RunModel* run) {
    auto changed = [this, run] {
        const int row = rowOf(run);
        if (row >= 0) Q_EMIT dataChanged(index(row), index(row));
    };
    connect(run, &RunModel::liveChanged, this, changed);
    connect(run, &RunModel::reset, this, changed);
    // Only the events that change a label: the first ones (hello, run_started) and the end.
    connect(run, &RunModel::appended, this, [run, changed](std::size_t first, std::size_t) {
        if (first < 4 || run->isFinished()) changed();
    });
}

void RunLibrary::remove(RunModel* run) {
    const int row = rowOf(run);
    if (row < 0) return;
    beginRemoveRows({}, row, row);
    m_runs.erase(m_runs.begin() + row);
    endRemoveRows();
    run->deleteLater();
}

RunModel* RunLibrary::runAt(int row) const {
    return row >= 0 && row < int(m_runs.size()) ? m_runs[std::size_t(row)] : nullptr;
}

int RunLibrary::rowOf(const RunModel* run) const {
    const auto it = std::find(m_runs.begin(), m_runs.end(), run);
    return it == m_runs.end() ? -1 : int(it - m_runs.begin());
}

RunModel* RunLibrary::findById(const QString& id) const {
    for (auto* run : m_runs)
        if (run->id() == id) return run;
    return nullptr;
}

std::vector<std::unique_ptr<RunModel>> RunLibrary::splitRuns(const std::vector<Event>& events) {
    std::vector<std::unique_ptr<RunModel>> runs;
    std::vector<Event> current;
    auto flush = [&] {
        if (current.empty()) return;
        auto run = std::make_unique<RunModel>();
        run->append(current);
        runs.push_back(std::move(run));
        current.clear();
    };
    for (const auto& e : events) {
        if (std::holds_alternative<HelloEvent>(e.body)) flush();
        current.push_back(e);
    }
    flush();
    return runs;
}

std::vector<std::unique_ptr<RunModel>> RunLibrary::load(const QString& path, QString* why) {
    std::vector<Event> events;
    try {
        EventStreamReader reader;
        events = reader.readFile(path.toStdString());
    } catch (const std::exception& e) {
        if (why) *why = QString::fromUtf8(e.what());
        return {};
    }
    if (events.empty()) {
        if (why) *why = QObject::tr("the file holds no events");
        return {};
    }
    auto runs = splitRuns(events);
    const auto when = QFileInfo(path).lastModified();
    for (auto& run : runs) {
        run->setSource(path);
        run->setWhen(when);
    }
    return runs;
}

std::vector<std::unique_ptr<RunModel>> RunLibrary::read(const QByteArray& stream, QString* why) {
    std::vector<Event> events;
    try {
        EventStreamReader reader;
        events = reader.readString(std::string_view(stream.constData(), std::size_t(stream.size())));
    } catch (const std::exception& e) {
        if (why) *why = QString::fromUtf8(e.what());
        return {};
    }
    auto runs = splitRuns(events);
    if (runs.empty() && why) *why = QObject::tr("the stream holds no events");
    return runs;
}

void RunLibrary::openFile(const QString& path) {
    QPointer<RunLibrary> self(this);
    QThread* guiThread = thread();
    auto* loader = QThread::create([self, guiThread, path] {
        QString why;
        auto runs = load(path, &why);
        // Models are QObjects: hand them to the GUI thread before anyone there touches them.
        QList<RunModel*> list;
        for (auto& run : runs) {
            run->moveToThread(guiThread);
            list << run.release();
        }
        // The application object outlives every library; `self` is checked on the GUI thread, where a
        // library is deleted, so the check cannot race.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, path, list, why] {
                if (!self) {
                    qDeleteAll(list);
                    return;
                }
                if (list.isEmpty()) {
                    Q_EMIT self->openFailed(path, why);
                    return;
                }
                for (auto* run : list)
                    self->add(run);
                Q_EMIT self->opened(path, list);
            },
            Qt::QueuedConnection);
    });
    m_loaders << loader;
    connect(loader, &QThread::finished, this, [this, loader] {
        m_loaders.removeOne(loader);
        loader->deleteLater();
    });
    loader->start();
}

bool RunLibrary::save(const RunModel& run, const QString& path, QString* why) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (why) *why = file.errorString();
        return false;
    }
    for (const auto& e : run.events()) {
        const auto line = toJsonLine(e) + "\n";
        if (file.write(line.data(), qint64(line.size())) != qint64(line.size())) {
            if (why) *why = file.errorString();
            file.cancelWriting();
            return false;
        }
    }
    if (!file.commit()) {
        if (why) *why = file.errorString();
        return false;
    }
    return true;
}

} // namespace mpwb
