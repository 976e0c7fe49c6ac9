// mpwb: the MP Workbench desktop app.
//   mpwb [--open mpwb:lesson/ID | mpwb:exercise/ID?k=v...]   (start on that lesson or preset exercise)
//        [--screenshot FILE [--dark] [--run | --sweep]]   (saves the window as a PNG and quits: for docs)
//        [FILE.mpwbrun]                                    (opens a saved run, or compares a file of several)
//        [--present [--screenshot FILE]] FILE.mpwbrun...   (presentation mode, stepping through saved runs)
//   mpwb --kitchen-state RUN.mpwbrun [--at SECONDS] [--run N]          (the kitchen at a moment, as JSON)
//   mpwb --export-kitchen RUN.mpwbrun [--at SECONDS] --out FILE.png [--size WxH] [--dark] [--run N]
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTimer>
#include <QUrl>
#include <cstdio>
#include <unistd.h>

#include "exercise_page.h"
#include "kitchen_command.h"
#include "main_window.h"
#include "presentation_mode.h"

int main(int argc, char** argv) {
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
        const auto runner =
            QDir(QFileInfo(QString::fromLocal8Bit(argv[0])).absolutePath()).filePath("mpwb-run");
        const auto path = runner.toLocal8Bit();
        execl(path.constData(), path.constData(), "demo", static_cast<char*>(nullptr));
        std::perror("mpwb: could not start mpwb-run");
        return 1;
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MP Workbench");
    QApplication::setApplicationName("MP Workbench");
    QApplication::setApplicationVersion("0.1");

    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption screenshot("screenshot", "Save the window to FILE and quit.", "FILE");
    QCommandLineOption dark("dark", "Use the dark theme.");
    QCommandLineOption runFirst("run", "With --screenshot: run the current exercise first.");
    QCommandLineOption sweepFirst("sweep", "With --screenshot: sweep the current exercise first.");
    QCommandLineOption size("size", "Window size, e.g. 1600x1000 (default: fit the screen).", "WxH");
    QCommandLineOption summary("summary", "With --run: also export the run summary to FILE (PNG or PDF).",
                               "FILE");
    QCommandLineOption open("open", "Start on a lesson or a preset exercise, e.g. mpwb:lesson/01-one-core.",
                            "LINK");
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
    if (parser.isSet(open)) {
        QString why;
        if (!window.openLink(QUrl(parser.value(open)), &why))
            std::fprintf(stderr, "mpwb: cannot open %s: %s\n", qPrintable(parser.value(open)),
                         qPrintable(why));
    }
    if (parser.isSet(present)) {
        QString why;
        if (parser.positionalArguments().isEmpty())
            window.presentation().setOn(true);
        else if (!window.presentFiles(parser.positionalArguments(), &why))
            std::fprintf(stderr, "mpwb: cannot present: %s\n", qPrintable(why));
    } else {
        for (const auto& path : parser.positionalArguments()) {
            QString why;
            if (!window.openRunFile(path, &why))
                std::fprintf(stderr, "mpwb: cannot open %s: %s\n", qPrintable(path), qPrintable(why));
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
        if ((parser.isSet(runFirst) || parser.isSet(sweepFirst)) && page) {
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
