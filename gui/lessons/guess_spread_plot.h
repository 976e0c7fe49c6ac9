// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The class's guesses against the measurement, for a projector: each guess a dot on one axis (guesses that
// read the same stacked), the measured value a bold line, the guesses' median a dashed one, and the summary
// in words above ("12 guesses, median 2.00×; measured 1.86×; 7 of 12 within 10%"), which is also what a
// screen reader hears. It follows the app's palette (light or dark) and font (View › Larger text) by itself,
// so whatever page holds it needs no theme calls.

#include <QWidget>

#include "lesson.h"
#include "plot_theme.h"

class QLabel;

namespace mpwb {

class GuessSpreadPlot : public QWidget {
    Q_OBJECT
public:
    explicit GuessSpreadPlot(QWidget* parent = nullptr);

    void setSpread(const Prediction& prediction, const QVector<double>& guesses, double measured);
    QString summary() const { return m_summary; }
    int dotCount() const;
    bool isDark() const { return m_dark; }
    QCustomPlot* plot() const { return m_plot; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void restyle();
    void redraw();

    QLabel* m_words = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPGraph* m_dots = nullptr;
    PlotTheme m_theme = PlotTheme::light();
    bool m_dark = false;
    Prediction m_prediction;
    QVector<double> m_guesses;
    double m_measured = 0;
    QString m_summary;
};

} // namespace mpwb
