// SPDX-License-Identifier: GPL-3.0-or-later
#include "quiz_panel.h"

#include <QButtonGroup>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "progress_store.h"
#include "section_heading.h"

namespace mpwb {

namespace {
// Okabe–Ito bluish green and vermillion: told apart by colour-blind readers too, and each verdict has a word.
const char* kRight = "#009e73";
const char* kWrong = "#d55e00";
// The style's own radio circle is the base colour with a faint edge: on the dark theme's panel it all but
// vanishes (measured 0x1e on 0x2a). A ring in the text's colour stands out in both themes; the chosen
// answer's ring is thick and in the selection colour.
const char* kAnswerCircles =
    "QRadioButton::indicator { width: 12px; height: 12px; border-radius: 8px; "
    "border: 2px solid palette(text); background: palette(base); }"
    "QRadioButton::indicator:checked { border: 5px solid palette(highlight); width: 6px; height: 6px; }";
} // namespace

QuizPanel::QuizPanel(const QString& lessonId, const QVector<QuizQuestion>& quiz, ProgressStore& progress,
                     QWidget* parent)
    : QGroupBox(parent), m_lessonId(lessonId), m_quiz(quiz), m_progress(progress) {
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(sectionHeading(tr("Quiz")));
    for (int q = 0; q < m_quiz.size(); ++q) {
        const auto& question = m_quiz[q];
        auto* ask = new QLabel(QString("%1. %2").arg(q + 1).arg(question.ask));
        ask->setWordWrap(true);
        ask->setStyleSheet("font-weight: bold; margin-top: 8px;");
        layout->addWidget(ask);
        if (!question.code.isEmpty()) {
            auto* code = new QLabel(question.code.trimmed());
            code->setTextFormat(Qt::PlainText);
            code->setTextInteractionFlags(Qt::TextSelectableByMouse);
            // The family only: the size follows the lesson's text, on a projector too.
            QFont fixed = code->font();
            fixed.setFamilies({QFontDatabase::systemFont(QFontDatabase::FixedFont).family()});
            code->setFont(fixed);
            code->setStyleSheet("background: palette(alternate-base); padding: 6px 10px;");
            code->setAccessibleName(tr("The program for question %1").arg(q + 1));
            layout->addWidget(code);
        }
        QuestionWidgets w;
        if (question.isNumeric()) {
            w.number = new QLineEdit;
            w.number->setPlaceholderText(tr("a number"));
            w.number->setMaximumWidth(160);
            // Heard as "your answer to question 2", with the question itself as the description.
            w.number->setAccessibleName(tr("Your answer to question %1").arg(q + 1));
            w.number->setAccessibleDescription(question.ask);
            ask->setBuddy(w.number);
            layout->addWidget(w.number);
        } else {
            w.options = new QButtonGroup(this);
            for (int o = 0; o < question.options.size(); ++o) {
                // A radio button's own text never wraps, and an answer can be a sentence longer than the
                // column: the words go in a wrapping label beside it, which also checks it when clicked.
                auto* button = new QRadioButton;
                button->setStyleSheet(kAnswerCircles);
                button->setAccessibleName(question.options[o].text);
                button->setAccessibleDescription(
                    tr("Answer to question %1: %2").arg(q + 1).arg(question.ask));
                auto* words = new QLabel(question.options[o].text);
                words->setWordWrap(true);
                words->setTextFormat(Qt::PlainText);
                words->installEventFilter(this);
                m_optionOf.insert(words, button);
                w.options->addButton(button, o);
                auto* row = new QHBoxLayout;
                row->addWidget(button, 0, Qt::AlignTop);
                row->addWidget(words, 1);
                layout->addLayout(row);
            }
        }
        w.feedback = new QLabel;
        w.feedback->setWordWrap(true);
        w.feedback->setTextFormat(Qt::RichText);
        w.feedback->hide();
        layout->addWidget(w.feedback);
        m_widgets.append(w);
    }
    auto* button = new QPushButton(tr("Check answers"));
    button->setAccessibleDescription(tr("Marks every question and explains each answer"));
    button->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    m_score = new QLabel;
    layout->addWidget(button);
    layout->addWidget(m_score);
    connect(button, &QPushButton::clicked, this, &QuizPanel::check);
    if (m_progress.quizPassed(m_lessonId))
        m_score->setText(tr("You have passed this quiz before. Try it again any time."));
}

bool QuizPanel::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::MouseButtonRelease)
        if (auto* button = m_optionOf.value(watched)) {
            button->setChecked(true);
            button->setFocus(Qt::MouseFocusReason);
            return true;
        }
    return QGroupBox::eventFilter(watched, event);
}

void QuizPanel::choose(int question, int option) {
    if (auto* b = m_widgets.value(question).options ? m_widgets[question].options->button(option) : nullptr)
        b->setChecked(true);
}

void QuizPanel::typeAnswer(int question, const QString& text) {
    if (auto* field = m_widgets.value(question).number) field->setText(text);
}

QString QuizPanel::feedback(int question) const {
    return m_widgets.value(question).feedback ? m_widgets[question].feedback->text() : QString();
}

int QuizPanel::check() {
    int right = 0;
    for (int q = 0; q < m_quiz.size(); ++q) {
        const auto& question = m_quiz[q];
        auto& w = m_widgets[q];
        bool ok = false;
        QString explanation;
        if (question.isNumeric()) {
            bool parsed = false;
            const double value = QLocale(QLocale::English).toDouble(w.number->text().trimmed(), &parsed);
            ok = parsed && question.acceptsNumber(value);
            explanation = parsed ? question.numericExplanation : tr("Type a number first.");
            if (parsed && !ok && ++w.wrongNumbers < 2)
                explanation = tr("Work it through once more and check again; the answer and how to reach it "
                                 "are shown after your next try.");
            else if (parsed && !ok)
                explanation = tr("The answer is %1.").arg(*question.numericAnswer) + ' ' + explanation;
        } else {
            const int chosen = w.options->checkedId();
            if (chosen < 0)
                explanation = tr("Choose an answer first.");
            else {
                ok = question.options[chosen].right;
                explanation = question.options[chosen].explanation;
            }
        }
        right += ok ? 1 : 0;
        w.feedback->setText(QString("<span style='color:%1'><b>%2</b></span> %3")
                                .arg(ok ? kRight : kWrong, ok ? tr("Right.") : tr("Not quite."),
                                     explanation.toHtmlEscaped()));
        w.feedback->show();
    }
    m_score->setText(
        right == m_quiz.size()
            ? tr("<b>All %1 right: quiz passed.</b>").arg(right)
            : tr("<b>%1 of %2 right.</b> Read the notes above, change your answers and check again.")
                  .arg(right)
                  .arg(m_quiz.size()));
    m_progress.recordQuiz(m_lessonId, right, int(m_quiz.size()));
    Q_EMIT checked(right, int(m_quiz.size()));
    return right;
}

} // namespace mpwb
