// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine_host.h"
#include "engine_exit.h"

#include <QDir>
#include <QFileInfo>

namespace mpwb {

EngineHost::EngineHost(QString runnerPath, QObject* parent)
    : QObject(parent), m_runner(std::move(runnerPath)) {
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (m_process) m_process->kill();
    });
}

EngineHost::~EngineHost() {
    // Closing the window mid-run stops the run cleanly: the host reaps its own workers on SIGTERM.
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(3000)) {
            m_process->kill();
            m_process->waitForFinished(1000);
        }
    }
}

QString EngineHost::defaultRunnerPath() {
    auto fromEnv = qEnvironmentVariable("MPWB_RUN");
    if (!fromEnv.isEmpty()) return fromEnv;
    // From /proc, not QCoreApplication: main() needs it before the application exists, and argv[0] may be a
    // bare name found through $PATH.
    const QFileInfo self(QFileInfo(QStringLiteral("/proc/self/exe")).symLinkTarget());
    return self.dir().filePath(QStringLiteral("mpwb-run"));
}

bool EngineHost::isRunning() const {
    return m_process && m_process->state() != QProcess::NotRunning;
}

bool EngineHost::start(const QStringList& arguments) {
    return launch(arguments + QStringList{"--events", "-"});
}

bool EngineHost::startPython(const QStringList& options, const QString& script,
                             const QStringList& scriptArguments) {
    return launch(QStringList{"python"} + options + QStringList{"--events", "-", script} + scriptArguments);
}

bool EngineHost::launch(const QStringList& arguments) {
    if (isRunning()) {
        Q_EMIT failed(tr("A run is already going on."));
        return false;
    }
    if (!QFileInfo(m_runner).isExecutable()) {
        Q_EMIT failed(tr("The engine program was not found at %1.").arg(m_runner));
        return false;
    }
    if (m_process) m_process->deleteLater();
    m_process = new QProcess(this);
    m_reader = EventStreamReader();
    m_raw.clear();
    m_stderr.clear();
    connect(m_process, &QProcess::readyReadStandardOutput, this, &EngineHost::readOutput);
    connect(m_process, &QProcess::readyReadStandardError, this,
            [this] { m_stderr += m_process->readAllStandardError(); });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            Q_EMIT failed(tr("Could not start %1: %2").arg(m_runner, m_process->errorString()));
    });
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        m_killTimer.stop();
        readOutput();
        m_stderr += m_process->readAllStandardError();
        // A crashed host's code is the signal that ended it (QProcess on Unix); an exit without a word on
        // standard error is explained from its code, so the student never reads a bare number.
        const bool crashed = status == QProcess::CrashExit;
        auto text = QString::fromUtf8(m_stderr).trimmed();
        if (crashed || (code != 0 && code != kEngineExitCancelled && text.isEmpty())) {
            const auto words = engineEndWords(crashed ? code : 0, code);
            text =
                text.isEmpty() ? words : words + '\n' + tr("Its last words: %1").arg(text.section('\n', -1));
        }
        Q_EMIT finished(crashed ? -1 : code, text);
    });
    m_process->start(m_runner, arguments);
    return true;
}

void EngineHost::cancel() {
    if (!isRunning()) return;
    m_process->terminate();
    m_killTimer.start(2000);
}

void EngineHost::readOutput() {
    if (!m_process) return;
    const auto bytes = m_process->readAllStandardOutput();
    if (bytes.isEmpty()) return;
    m_raw += bytes;
    try {
        auto events =
            m_reader.feed(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        if (!events.empty()) Q_EMIT eventsArrived(events);
    } catch (const std::exception& e) {
        Q_EMIT failed(tr("The engine's event stream could not be read: %1").arg(e.what()));
        cancel();
    }
}

QByteArray EngineHost::listExercises(QString* why) const {
    QProcess p;
    p.start(m_runner, {"list", "--json"});
    if (!p.waitForFinished(10000) || p.exitCode() != 0) {
        if (why) *why = tr("'%1 list' did not answer: %2").arg(m_runner, p.errorString());
        return {};
    }
    return p.readAllStandardOutput();
}

} // namespace mpwb
