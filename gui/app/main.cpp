// SPDX-License-Identifier: GPL-3.0-or-later
// mpwb: the MP Workbench desktop app.
//   mpwb [--open mpwb:lesson/ID | mpwb:exercise/ID?k=v...]   (start on that lesson or preset exercise)
//        [--open mpwb:python/example/NAME?args=... | mpwb:python?file=PATH]  (the Python page, with a script)
//        [--screenshot FILE [--dark] [--run | --sweep]]   (saves the window as a PNG and quits: for docs)
//        [FILE.mpwbrun | --open FILE.mpwbrun]              (opens a saved run, or compares a file of several)
//        [--present [--screenshot FILE]] FILE.mpwbrun...   (presentation mode, stepping through saved runs)
//   mpwb --kitchen-state RUN.mpwbrun [--at SECONDS] [--run N]          (the kitchen at a moment, as JSON)
//   mpwb --export-kitchen RUN.mpwbrun [--at SECONDS] --out FILE.png [--size WxH] [--dark] [--run N]
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>
#include <QProcess>
#include <QTimer>
#include <QUrl>
#include <csignal>
#include <cstdio>
#include <unistd.h>

#include "engine_host.h"
#include "exercise_page.h"
#include "kitchen_command.h"
#include "main_window.h"
#include "mpwb_version.h"
#include "presentation_mode.h"
#include "python_page.h"
#include "run_library.h"

namespace {

// --open takes a lesson link (mpwb:...) or, like a plain argument, a saved run.
bool isLink(const QString& text) {
    return text.startsWith("mpwb:", Qt::CaseInsensitive);
}

} // namespace

int main(int argc, char** argv) {
    // The programs decide about SIGPIPE, once, here (the engine library leaves it alone): a reader that went
    // away is an error to report where the write happens (EPIPE), never a silent death of the app.
    std::signal(SIGPIPE, SIG_IGN);
    {
        // The kitchen's state or picture from a saved run: no window, no display needed.
        QStringList arguments;
        for (int i = 0; i < argc; ++i)
            arguments << QString::fromLocal8Bit(argv[i]);
        if (mpwb::wantsKitchen(arguments)) {
            QString why;
            const auto request = mpwb::parseKitchenRequest(arguments, &why);
            if (!request) {
                std::fprintf(stderr, "mpwb: %s\n", qPrintable(why));
                return 2;
            }
            qputenv("QT_QPA_PLATFORM", "offscreen");
            QApplication app(argc, argv);
            return mpwb::runKitchenRequest(*request);
        }
    }
    const bool display = qEnvironmentVariableIsSet("DISPLAY") ||
                         qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
                         qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
    if (!display) {
        // No screen to draw on: say so, and show the engine at work in the terminal instead.
        std::fprintf(stderr,
                     "mpwb: no display found, so the window cannot open; running the headless demo.\n\n");
        const auto path = mpwb::EngineHost::defaultRunnerPath().toLocal8Bit();
        execl(path.constData(), path.constData(), "demo", static_cast<char*>(nullptr));
        std::perror("mpwb: could not start mpwb-run");
        return 1;
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MP Workbench");
    QApplication::setApplicationName("MP Workbench");
    QApplication::setApplicationVersion(QStringLiteral(MPWB_VERSION));
    // The icon of the window and the task bar; the desktop file name lets a Wayland shell match the two.
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/resources/icons/" MPWB_APP_ID ".svg")));
    QGuiApplication::setDesktopFileName(QStringLiteral(MPWB_APP_ID));

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption screenshot("screenshot", "Save the window to FILE and quit.", "FILE");
    QCommandLineOption dark("dark", "Use the dark theme.");
    QCommandLineOption runFirst("run", "With --screenshot: run the current exercise first.");
    QCommandLineOption sweepFirst("sweep", "With --screenshot: sweep the current exercise first.");
    QCommandLineOption size("size", "Window size, e.g. 1600x1000 (default: fit the screen).", "WxH");
    QCommandLineOption summary("summary", "With --run: also export the run summary to FILE (PNG or PDF).",
                               "FILE");
    QCommandLineOption open(
        "open",
        "Start on a lesson or a preset exercise (e.g. mpwb:lesson/01-one-core), on the Python page with a "
        "script (mpwb:python/example/sum_squares, mpwb:python?file=PATH), or open a saved run "
        "(FILE.mpwbrun).",
        "LINK|FILE");
    QCommandLineOption present("present",
                               "Start in presentation mode; the files given are the runs to step through.");
    parser.addOptions({screenshot, dark, runFirst, sweepFirst, size, open, summary, present});
    parser.addPositionalArgument(
        "file", "A saved run (.mpwbrun) to open; a file of several runs is compared.", "[file]");
    parser.process(app);

    mpwb::MainWindow window;
    const auto wh = parser.value(size).split('x');
    if (wh.size() == 2) window.resize(wh[0].toInt(), wh[1].toInt());
    if (parser.isSet(dark)) window.setDarkTheme(true);
    if (wh.size() == 2)
        window.show(); // the size asked for, as it is
    else
        window.showAsLeft();
    // A run file named on the command line that cannot be read is said on the terminal too (the window
    // says it in a message box), so a script or a teacher's shortcut learns why nothing opened.
    QStringList runFiles = parser.positionalArguments();
    const bool quiet = parser.isSet(screenshot); // no box may wait for a click in a screenshot run
    auto cannotOpen = [&window, quiet](const QString& path, const QString& why) {
        std::fprintf(stderr, "mpwb: cannot open %s: %s\n", qPrintable(path), qPrintable(why));
        if (!quiet)
            QTimer::singleShot(0, &window, [&window, path, why] {
                QMessageBox::warning(&window, QObject::tr("Open run"),
                                     QObject::tr("%1 could not be opened: %2").arg(path, why));
            });
    };
    QObject::connect(&window.library(), &mpwb::RunLibrary::openFailed, &window,
                     [](const QString& path, const QString& why) {
                         std::fprintf(stderr, "mpwb: cannot open %s: %s\n", qPrintable(path),
                                      qPrintable(why));
                     });
    if (parser.isSet(open)) {
        QString why;
        const auto value = parser.value(open);
        if (!isLink(value) && !QFileInfo::exists(value))
            cannotOpen(value, QObject::tr("there is no such file (and it is not an mpwb: link either)"));
        else if (!isLink(value))
            runFiles.prepend(value); // a saved run, as if it were named without --open
        else if (!window.openLink(QUrl(value), &why))
            std::fprintf(stderr, "mpwb: cannot open %s: %s\n", qPrintable(value), qPrintable(why));
    }
    if (parser.isSet(present)) {
        QString why;
        if (runFiles.isEmpty())
            window.presentation().setOn(true);
        else if (!window.presentFiles(runFiles, &why))
            std::fprintf(stderr, "mpwb: cannot present: %s\n", qPrintable(why));
    } else {
        for (const auto& path : runFiles) {
            QString why;
            if (!window.openRunFile(path, &why)) cannotOpen(path, why);
        }
    }

    if (parser.isSet(screenshot)) {
        const auto file = parser.value(screenshot);
        const auto summaryFile = parser.value(summary);
        auto save = [&window, file, summaryFile] {
            window.grab().save(file);
            QString why;
            if (!summaryFile.isEmpty() && !window.exportSummary(summaryFile, &why))
                std::fprintf(stderr, "mpwb: %s\n", qPrintable(why));
            QApplication::quit();
        };
        auto* page = window.currentPage();
        if (parser.isSet(runFirst) && window.isPythonShown()) {
            auto* python = window.pythonPage();
            QObject::connect(python, &mpwb::PythonPage::runFinished, &window,
                             [save] { QTimer::singleShot(1500, save); });
            QTimer::singleShot(2500, python, [python] { python->startRun(); });
        } else if ((parser.isSet(runFirst) || parser.isSet(sweepFirst)) && page) {
            QObject::connect(page, &mpwb::ExercisePage::runFinished, &window,
                             [save] { QTimer::singleShot(1500, save); });
            if (parser.isSet(sweepFirst))
                QTimer::singleShot(2500, page, &mpwb::ExercisePage::startSweep);
            else
                QTimer::singleShot(2500, page, &mpwb::ExercisePage::startRun);
        } else {
            QTimer::singleShot(2500, save);
        }
    }
    return app.exec();
}
