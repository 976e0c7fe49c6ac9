// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Your own Python": a student's script (or an exercise's Python version) run with real CPython under the
// workbench's monitors (mpwb-run python, docs/PYTHON_RUNS.md). On the left, the script: choose it, read it,
// give it arguments, an interpreter and a start method, run or cancel it, and read what it printed and how
// it ended. On the right, the same views as an exercise page, drawn from the run in the app's RunLibrary, so
// the run can also be compared and saved like any other.

#include <QPointer>
#include <QWidget>
#include <memory>

#include "playback_cursor.h"
#include "script_request.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QToolButton;

namespace mpwb {

class EngineHost;
class RunLibrary;
class RunModel;
class RunViewsPanel;
class ScriptOutputView;
class ScriptSourceView;
struct PlotTheme;

class PythonPage : public QWidget {
    Q_OBJECT
public:
    // A page made without a library (tests) makes its own.
    explicit PythonPage(EngineHost& host, RunLibrary* library = nullptr, QWidget* parent = nullptr);
    ~PythonPage() override;

    // Shows the script's source and makes it the one Run runs; false, with a sentence in *why (also shown on
    // the page), when the path is not a readable .py file.
    bool openScript(const QString& path, QString* why = nullptr);
    // An example by its name (sum_squares) or its exercise (sum-squares).
    bool openExample(const QString& nameOrExercise, QString* why = nullptr);
    QString script() const { return m_script; }
    void setArguments(const QStringList& args);
    // "" (the script's default), fork, spawn or forkserver.
    void setStartMethod(const QString& method);
    // The request Run would make now; nothing, with the sentence in *why, when it cannot be made.
    std::optional<ScriptRequest> request(QString* why) const;

    // Starts the run; false, with the sentence in *why and on the page, when something is wrong first.
    bool startRun(QString* why = nullptr);
    void cancelRun();
    bool isRunning() const { return m_live != nullptr; }

    RunModel* shownRun() const { return m_shown; }
    void showRun(RunModel* run);
    RunViewsPanel* viewsPanel() const { return m_views; }
    PlaybackCursor& cursor() { return m_cursor; }
    ScriptSourceView* sourceView() const { return m_source; }
    ScriptOutputView* outputView() const { return m_output; }
    // The outcome shown under Run, as rich text.
    QString resultHtml() const;
    QStringList recentScripts() const;

    void setTheme(const PlotTheme& theme, bool dark);
    // Presentation mode: the script's column hidden, the views large.
    void setPresenting(bool on);

Q_SIGNALS:
    void statusChanged(const QString& text);
    void runFinished(bool ok);
    // An mpwb: link in the outcome (a lesson that explains the failure).
    void linkChosen(const QUrl& url);
    // "Compare with the engine": this finished run of an exercise's Python version beside the engine's.
    void compareRequested(mpwb::RunModel* run);

private:
    QWidget* buildScriptColumn();
    void fillExamples();
    void fillRecent();
    void rememberRecent(const QString& path);
    void browseScript();
    void browsePython();
    void updateCommand();
    void setResult(const QString& html);
    void onHostFinished(int exitCode, const QString& errorText);
    void setRunning(bool running);
    void updateCompare();

    EngineHost& m_host;
    std::unique_ptr<RunLibrary> m_ownLibrary;
    RunLibrary& m_library;
    PlaybackCursor m_cursor;
    QString m_script;
    QPointer<RunModel> m_shown, m_live;
    bool m_cancelled = false;

    QWidget* m_column = nullptr;
    QComboBox* m_examples = nullptr;
    QToolButton* m_recent = nullptr;
    QLabel* m_scriptName = nullptr;
    QLineEdit* m_args = nullptr;
    QLabel* m_command = nullptr;
    QComboBox* m_python = nullptr;
    QComboBox* m_start = nullptr;
    QPushButton* m_edit = nullptr; // opens the script in the system's editor
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_compare = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_result = nullptr;
    QTabWidget* m_texts = nullptr;
    ScriptSourceView* m_source = nullptr;
    ScriptOutputView* m_output = nullptr;
    RunViewsPanel* m_views = nullptr;
};

} // namespace mpwb
