#pragma once
// The workbench window: a navigator of exercises on the left, the chosen page in the centre, menus for runs
// and plots, and a status bar that says what the engine is doing. Layout and choices persist (QSettings).

#include <QMainWindow>
#include <QMap>

class QStackedWidget;
class QTreeWidget;
class QTreeWidgetItem;
class QAction;

namespace mpwb {

class EngineHost;
class ExercisePage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    ExercisePage* exercisePage(const QString& id) const { return m_pages.value(id); }
    ExercisePage* currentPage() const;
    void showExercise(const QString& id);
    void setDarkTheme(bool dark);
    bool openRunFile(const QString& path, QString* why);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildPages();
    void openRun();
    void saveRun();
    void exportPlots();
    void exportCsv();
    void changeFontSize(int delta);
    void markDone(const QString& id);

    EngineHost* m_host = nullptr;
    QTreeWidget* m_navigator = nullptr;
    QStackedWidget* m_stack = nullptr;
    QMap<QString, ExercisePage*> m_pages;
    QMap<QString, QTreeWidgetItem*> m_items;
    QAction* m_darkAction = nullptr;
};

} // namespace mpwb
