// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The kitchen as a view of a run: the picture at the playback cursor, the scene in words under it (also the
// picture's accessible description), and a legend that links each picture to the lesson that explains it.

#include <QUrl>
#include <QWidget>

#include "kitchen_index.h"
#include "run_view.h"

class QLabel;

namespace mpwb {

class KitchenCanvas;

class KitchenView : public QWidget, public RunView {
    Q_OBJECT
public:
    explicit KitchenView(QWidget* parent = nullptr);

    QWidget* widget() override { return this; }
    QString title() const override { return tr("Kitchen"); }
    bool appliesTo(const RunFrame& frame) const override { return frame.run && !frame.run->isSweep(); }
    void showFrame(const RunFrame& frame) override;
    void setTheme(const PlotTheme& theme) override;

    const KitchenScene& scene() const;
    QString description() const;
    KitchenCanvas* canvas() const { return m_canvas; }
    // The legend of pictures beside the kitchen; presentation mode hides it to give the rooms the width.
    void setLegendVisible(bool visible);

Q_SIGNALS:
    // A lesson link in the legend was chosen.
    void linkChosen(const QUrl& link);

protected:
    void changeEvent(QEvent* event) override;

private:
    KitchenIndex m_index;
    KitchenCanvas* m_canvas = nullptr;
    QLabel* m_words = nullptr;
    QLabel* m_legend = nullptr;
};

} // namespace mpwb
