// SPDX-License-Identifier: GPL-3.0-or-later
#include "about_text.h"

#include <QCoreApplication>

#include "mpwb_version.h"

namespace mpwb {

QString aboutText(const QString& programDir, const QString& runnerPath) {
    const auto tr = [](const char* text) { return QCoreApplication::translate("AboutText", text); };
    const auto homepage = QStringLiteral(MPWB_HOMEPAGE);
    return tr("<p><b>MP Workbench %1</b> teaches multiprocessing by running it live: real worker processes, "
              "real pipes, real CPU samples from /proc.</p>")
               .arg(QStringLiteral(MPWB_VERSION)) +
           tr("<p>Free software under the GNU General Public License, version 3 or later (GPL-3.0-or-later): "
              "a teaching tool should stay open for students to read and change, and QCustomPlot, which "
              "draws its plots, is GPL-3.0 too. It comes with no warranty.</p>") +
           tr("<p>Installed in %1. The engine runs as its own program (%2), so a crash in a run never takes "
              "this window down.</p>")
               .arg(programDir.toHtmlEscaped(), runnerPath.toHtmlEscaped()) +
           tr("<p>Home page: <a href=\"%1\">%1</a></p>").arg(homepage.toHtmlEscaped());
}

} // namespace mpwb
