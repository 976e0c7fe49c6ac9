// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson.h"

#include <QRegularExpression>
#include <QUrlQuery>
#include <cmath>

#include "run_measures.h"
#include "runnable_examples.h"

namespace mpwb {

namespace {

bool fail(QString* why, const QString& text) {
    if (why) *why = text;
    return false;
}

// "key: value" lines; a key may appear once.
bool parseFields(const QStringList& lines, int firstLine, QHash<QString, QString>* fields, QString* why) {
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty()) continue;
        const auto colon = line.indexOf(':');
        if (colon <= 0)
            return fail(
                why, QString("line %1: expected \"key: value\", found \"%2\"").arg(firstLine + i).arg(line));
        const QString key = line.left(colon).trimmed();
        if (fields->contains(key))
            return fail(why, QString("line %1: \"%2\" given twice").arg(firstLine + i).arg(key));
        fields->insert(key, line.mid(colon + 1).trimmed());
    }
    return true;
}

// Half a unit in the last digit written ("1.67" -> 0.005), or 1% of the answer, whichever is larger.
double defaultTolerance(const QString& written, double value) {
    const auto dot = written.indexOf('.');
    const int decimals = dot < 0 ? 0 : int(written.size() - dot - 1);
    return std::max(0.5 * std::pow(10.0, -decimals), 0.01 * std::abs(value));
}

bool parseQuiz(const QStringList& lines, int firstLine, QVector<QuizQuestion>* quiz, QString* why) {
    // What the next "> " line explains: an option, or the numeric answer.
    enum class Expect { Nothing, OptionExplanation, NumericExplanation } expect = Expect::Nothing;
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        const QString where = QString("line %1: ").arg(firstLine + i);
        // Lines indented by four spaces between a question and its first answer are a program to read with
        // it; blank lines inside it are kept.
        const bool readingCode = !quiz->isEmpty() && quiz->back().options.isEmpty() &&
                                 !quiz->back().isNumeric() && expect == Expect::Nothing;
        if (readingCode && lines[i].startsWith("    ")) {
            quiz->back().code += lines[i].mid(4) + '\n';
            continue;
        }
        if (readingCode && line.isEmpty() && !quiz->back().code.isEmpty()) {
            quiz->back().code += '\n';
            continue;
        }
        if (line.isEmpty()) continue;
        const QString rest = line.mid(2).trimmed();
        if (line.startsWith("? ")) {
            if (expect != Expect::Nothing)
                return fail(why, where + "the answer before this question has no \"> \" explanation");
            quiz->append(QuizQuestion{});
            quiz->back().ask = rest;
            continue;
        }
        if (quiz->isEmpty()) return fail(why, where + "a quiz must start with a \"? \" question");
        auto& q = quiz->back();
        if (line.startsWith("> ")) {
            if (expect == Expect::OptionExplanation)
                q.options.back().explanation = rest;
            else if (expect == Expect::NumericExplanation)
                q.numericExplanation = rest;
            else
                return fail(why, where + "an explanation must follow an answer");
            expect = Expect::Nothing;
        } else if (line.startsWith("+ ") || line.startsWith("- ")) {
            if (expect != Expect::Nothing)
                return fail(why, where + "the answer before this one has no \"> \" explanation");
            if (q.isNumeric()) return fail(why, where + "a numeric question cannot also have options");
            q.options.append({rest, {}, line.startsWith('+')});
            expect = Expect::OptionExplanation;
        } else if (line.startsWith("= ")) {
            if (expect != Expect::Nothing || !q.options.isEmpty() || q.isNumeric())
                return fail(why, where + "a numeric question has one \"= \" answer and no options");
            const QStringList parts = rest.split(QRegularExpression("\\s*(±|\\+-)\\s*"));
            bool ok = false;
            const double value = parts[0].toDouble(&ok);
            if (!ok || parts.size() > 2)
                return fail(why, where + "expected \"= NUMBER\" or \"= NUMBER ± TOLERANCE\"");
            q.numericAnswer = value;
            q.tolerance = defaultTolerance(parts[0], value);
            if (parts.size() == 2) {
                q.tolerance = parts[1].toDouble(&ok);
                if (!ok || q.tolerance < 0) return fail(why, where + "the tolerance must be a number ≥ 0");
            }
            expect = Expect::NumericExplanation;
        } else {
            return fail(why, where + "a quiz line starts with \"? \", \"+ \", \"- \", \"= \" or \"> \"");
        }
    }
    if (expect != Expect::Nothing) return fail(why, "the quiz's last answer has no \"> \" explanation");
    for (auto& q : *quiz) {
        while (q.code.endsWith("\n\n"))
            q.code.chop(1);
    }
    if (quiz->size() < 3 || quiz->size() > 5)
        return fail(why, QString("a quiz has 3 to 5 questions, this one has %1").arg(quiz->size()));
    for (const auto& q : *quiz) {
        if (q.isNumeric()) continue;
        const bool anyRight =
            std::any_of(q.options.begin(), q.options.end(), [](const QuizOption& o) { return o.right; });
        if (q.options.size() < 2 || !anyRight)
            return fail(
                why, QString("question \"%1\" needs at least two options, one of them right (+)").arg(q.ask));
    }
    return true;
}

bool parsePrediction(const QStringList& lines, int firstLine, Prediction* p, QString* why) {
    QHash<QString, QString> f;
    if (!parseFields(lines, firstLine, &f, why)) return false;
    for (const char* key : {"ask", "measure", "run", "explain"})
        if (f.value(key).isEmpty()) return fail(why, QString("the predict block needs \"%1:\"").arg(key));
    p->ask = f.take("ask");
    p->measure = f.take("measure");
    p->unit = f.take("unit");
    p->explain = f.take("explain");
    p->run = QUrl(f.take("run"));
    if (!f.isEmpty())
        return fail(why, QString("the predict block has an unknown key \"%1\"").arg(f.keys().first()));
    if (!predictionMeasures().contains(p->measure) && !p->measure.startsWith("check."))
        return fail(why, QString("unknown measure \"%1\"; allowed: %2 or check.NAME")
                             .arg(p->measure, predictionMeasures().join(", ")));
    QString linkWhy;
    const auto link = parseLessonLink(p->run, &linkWhy);
    if (!link || link->kind != LessonLink::Kind::Exercise || link->action == LessonLink::Action::Open ||
        link->action == LessonLink::Action::Compare)
        return fail(why, "the predict block's run: must be an exercise link with action=run or action=sweep" +
                             (linkWhy.isEmpty() ? QString() : " (" + linkWhy + ")"));
    const bool sweepMeasure = measureNeedsSweep(p->measure);
    if (sweepMeasure != (link->action == LessonLink::Action::Sweep))
        return fail(
            why, QString("measure \"%1\" needs action=%2").arg(p->measure, sweepMeasure ? "sweep" : "run"));
    return true;
}

} // namespace

bool QuizQuestion::acceptsNumber(double value) const {
    return numericAnswer && std::abs(value - *numericAnswer) <= tolerance + 1e-12;
}

QStringList predictionMeasures() {
    return measureNames();
}

std::optional<LessonLink> parseLessonLink(const QUrl& url, QString* why) {
    if (url.scheme() != "mpwb") {
        if (why) *why = QString("\"%1\" is not an mpwb: link").arg(url.toString());
        return std::nullopt;
    }
    const QString path = url.path();
    LessonLink link;
    if (path.startsWith("exercise/"))
        link.kind = LessonLink::Kind::Exercise;
    else if (path.startsWith("lesson/"))
        link.kind = LessonLink::Kind::Lesson;
    else if (path.startsWith("python/lesson-example/"))
        link.kind = LessonLink::Kind::Example;
    else {
        if (why)
            *why = QString("\"%1\" should start mpwb:exercise/, mpwb:lesson/ or mpwb:python/lesson-example/")
                       .arg(url.toString());
        return std::nullopt;
    }
    link.target = path.section('/', link.kind == LessonLink::Kind::Example ? 2 : 1);
    if (link.kind == LessonLink::Kind::Example) {
        bool number = false;
        if (link.target.toInt(&number) < 0 || !number) {
            if (why) *why = QString("\"%1\" names no program: give its number, from 0").arg(url.toString());
            return std::nullopt;
        }
        for (const auto& [key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
            if (key != "action" && key != "view") {
                if (why) *why = QString("a program's link takes action and view only, not \"%1\"").arg(key);
                return std::nullopt;
            }
    }
    link.part = url.fragment();
    if (link.target.isEmpty()) {
        if (why) *why = QString("\"%1\" names no exercise or lesson").arg(url.toString());
        return std::nullopt;
    }
    for (const auto& [key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        if (key == "action") {
            if (value == "run")
                link.action = LessonLink::Action::Run;
            else if (value == "sweep" && link.kind != LessonLink::Kind::Example)
                link.action = LessonLink::Action::Sweep;
            else if (value == "compare" && link.kind != LessonLink::Kind::Example)
                link.action = LessonLink::Action::Compare;
            else if (value != "open") {
                if (why)
                    *why = link.kind == LessonLink::Kind::Example
                               ? QString("a program's action must be open or run, not \"%1\"").arg(value)
                               : QString("action must be open, run, sweep or compare, not \"%1\"").arg(value);
                return std::nullopt;
            }
        } else if (key == "view") {
            if (!linkViews().contains(value)) {
                if (why)
                    *why = QString("view must be one of %1, not \"%2\"").arg(linkViews().join(", "), value);
                return std::nullopt;
            }
            link.view = value;
        } else if (key == "sweep-workers")
            link.sweepWorkers = value;
        else if (key == "sweep-chunksizes")
            link.sweepChunksizes = value;
        else if (key == "backends")
            link.backends = value;
        else if (key == "repeats")
            link.repeats = value.toInt();
        else if (key == "cpython") {
            if (value != "0" && value != "1") {
                if (why) *why = QString("cpython must be 0 or 1, not \"%1\"").arg(value);
                return std::nullopt;
            }
            link.sweepCPython = value == "1";
        } else
            link.preset.insert(key, value);
    }
    return link;
}

const QStringList& linkViews() {
    static const QStringList views{"kitchen",  "timeline", "worker-cpu", "speedup", "chunksize",
                                   "pickling", "queues",   "counter",    "files"};
    return views;
}

QString viewKey(const QString& title) {
    return title.toLower().replace(' ', '-');
}

bool linkStartsWork(const LessonLink& link) {
    return link.kind != LessonLink::Kind::Lesson && link.action != LessonLink::Action::Open;
}

QString withStartMarks(const QString& markdown) {
    static const QRegularExpression labelled(R"(\[([^\[\]]+)\]\((mpwb:(?:exercise|python)/[^)\s]+)\))");
    QString out;
    qsizetype from = 0;
    for (auto it = labelled.globalMatch(markdown); it.hasNext();) {
        const auto m = it.next();
        const auto link = parseLessonLink(QUrl(m.captured(2)));
        out += markdown.mid(from, m.capturedStart() - from);
        if (link && linkStartsWork(*link) && !m.captured(1).startsWith(kStartsMark))
            out += QString("[%1 %2](%3)").arg(QString(kStartsMark), m.captured(1), m.captured(2));
        else
            out += m.captured(0);
        from = m.capturedEnd();
    }
    return out + markdown.mid(from);
}

QString describeLink(const LessonLink& link) {
    if (link.kind == LessonLink::Kind::Lesson) return QString("Opens the lesson %1").arg(link.target);
    if (!link.view.isEmpty()) {
        LessonLink plain = link;
        plain.view.clear();
        return describeLink(plain) + QString(", with the %1 view in front").arg(link.view);
    }
    if (link.kind == LessonLink::Kind::Example)
        return link.action == LessonLink::Action::Run
                   ? QString("%1 Opens this lesson's program %2 on the Python page and runs it at once")
                         .arg(kStartsMark)
                         .arg(link.target.toInt() + 1)
                   : QString(
                         "Opens this lesson's program %1 on the Python page; nothing runs until you press "
                         "Run")
                         .arg(link.target.toInt() + 1);
    switch (link.action) {
    case LessonLink::Action::Run:
        return QString("%1 Opens %2 with these settings and runs it at once")
            .arg(kStartsMark)
            .arg(link.target);
    case LessonLink::Action::Sweep:
        return QString("%1 Opens %2 and starts a sweep at once").arg(kStartsMark).arg(link.target);
    case LessonLink::Action::Compare:
        return QString("%1 Opens %2 and runs each backend at once, then compares them")
            .arg(kStartsMark)
            .arg(link.target);
    case LessonLink::Action::Open:
        break;
    }
    return QString("Opens %1 with these settings; nothing runs until you press Run").arg(link.target);
}

std::optional<Lesson> parseLesson(const QString& id, const QString& text, QString* why) {
    Lesson lesson;
    lesson.id = id;
    const QStringList lines = QString(text).replace("\r\n", "\n").split('\n');
    if (lines.isEmpty() || lines[0].trimmed() != "---") {
        fail(why, "line 1: a lesson starts with a front matter block between \"---\" lines");
        return std::nullopt;
    }
    int end = 1;
    while (end < lines.size() && lines[end].trimmed() != "---")
        ++end;
    if (end == lines.size()) {
        fail(why, "the front matter block has no closing \"---\"");
        return std::nullopt;
    }
    QHash<QString, QString> front;
    if (!parseFields(lines.mid(1, end - 1), 2, &front, why)) return std::nullopt;
    lesson.title = front.take("title");
    lesson.exercise = front.take("exercise");
    if (lesson.title.isEmpty()) {
        fail(why, "the front matter needs \"title:\"");
        return std::nullopt;
    }
    if (!front.isEmpty()) {
        fail(why, QString("unknown front matter key \"%1\"").arg(front.keys().first()));
        return std::nullopt;
    }

    QStringList body;
    bool sawQuiz = false;
    for (int i = end + 1; i < lines.size(); ++i) {
        const QString& line = lines[i];
        if (!line.startsWith("```")) {
            body << line;
            continue;
        }
        const QString info = line.mid(3).trimmed();
        int close = i + 1;
        while (close < lines.size() && lines[close].trimmed() != "```")
            ++close;
        if (close == lines.size()) {
            fail(why, QString("line %1: this ``` block is never closed").arg(i + 1));
            return std::nullopt;
        }
        const QStringList inside = lines.mid(i + 1, close - i - 1);
        if (info == "predict") {
            if (lesson.prediction) {
                fail(why, QString("line %1: a lesson has at most one predict block").arg(i + 1));
                return std::nullopt;
            }
            Prediction p;
            if (!parsePrediction(inside, i + 2, &p, why)) return std::nullopt;
            lesson.prediction = p;
        } else if (info == "quiz") {
            if (sawQuiz) {
                fail(why, QString("line %1: a lesson has one quiz block").arg(i + 1));
                return std::nullopt;
            }
            sawQuiz = true;
            if (!parseQuiz(inside, i + 2, &lesson.quiz, why)) return std::nullopt;
        } else {
            lesson.codeBlocks.append(
                {info.section(' ', 0, 0), inside.join('\n') + '\n', info == QLatin1String("python starter")});
            body << lines.mid(i, close - i + 1);
        }
        i = close;
    }
    lesson.markdown = body.join('\n').trimmed() + '\n';
    if (!readPracticeParts(lesson.markdown, &lesson.practice, why)) return std::nullopt;

    static const QRegularExpression linkPattern(R"(\]\((mpwb:[^)\s]+)\))");
    QStringList programs; // what a link to one of the lesson's own programs may name
    withRunLinks(lesson.markdown, &programs);
    for (auto it = linkPattern.globalMatch(lesson.markdown); it.hasNext();) {
        const QUrl url(it.next().captured(1));
        QString linkWhy;
        const auto link = parseLessonLink(url, &linkWhy);
        if (!link) {
            fail(why, linkWhy);
            return std::nullopt;
        }
        if (link->kind == LessonLink::Kind::Example &&
            (lesson.practice.hints > 0 || lesson.practice.solution)) {
            // What the student has opened adds programs to the page and moves the numbers.
            fail(why, QString("%1: a lesson with hints or a solution cannot link its programs by number")
                          .arg(url.toString()));
            return std::nullopt;
        }
        if (link->kind == LessonLink::Kind::Example && link->target.toInt() >= programs.size()) {
            fail(why, QString("%1: the lesson has %2 program(s) that run, counted from 0")
                          .arg(url.toString())
                          .arg(programs.size()));
            return std::nullopt;
        }
        lesson.links.append(url);
    }
    return lesson;
}

} // namespace mpwb
