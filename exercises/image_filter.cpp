// SPDX-License-Identifier: GPL-3.0-or-later
#include "image_filter.h"

#include <QThreadPool>
#include <algorithm>
#include <atomic>
#include <mutex>
#include <unistd.h>
#include <utility>

#include "errors.h"
#include "image_files.h"
#include "image_folder.h"
#include "image_kernels.h"
#include "python_sources.h"
#include "sample_images.h"
#include "task_registry.h"

namespace fs = std::filesystem;

namespace mpwb::exercises {
namespace {

constexpr std::uint8_t kFiltered = 1, kSkipped = 0;
constexpr const char* kSampleFolder = "generated-samples"; // inside the output folder

// One item: a file to read, the file to write, and the settings (each worker needs them, and only items
// travel). The result is either kFiltered with the output's pixel digest, size and byte count, or kSkipped
// with the reason.
void filterFileTask(ByteReader& in, ByteWriter& out, TaskContext& context) {
    const auto input = in.getString();
    const auto output = in.getString();
    const auto filterName = in.getString();
    const auto size = in.get<std::int32_t>();
    const auto radius = in.get<std::int32_t>();
    const auto filter = parseFilter(filterName);
    if (!filter) throw std::runtime_error("unknown filter '" + filterName + "'");

    auto read = readImageFile(input);
    if (const auto* why = std::get_if<std::string>(&read)) {
        out.put<std::uint8_t>(kSkipped);
        out.putString(*why);
        return;
    }
    auto pixels = resizeLongestSide(std::get<Pixels>(read), size, context);
    applyFilter(*filter, pixels, radius, context);
    const auto bytes = writePngFile(output, pixels);
    out.put<std::uint8_t>(kFiltered);
    out.put<std::uint64_t>(pixelDigest(pixels));
    out.put<std::uint32_t>(static_cast<std::uint32_t>(pixels.width));
    out.put<std::uint32_t>(static_cast<std::uint32_t>(pixels.height));
    out.put<std::uint64_t>(bytes);
}

const TaskRegistration kFilterFile{
    "image-filter/file", "reads one picture, resizes and filters it, writes it as PNG", filterFileTask};

struct Settings {
    std::string filter;
    std::int32_t size = 0;
    std::int32_t radius = 0;
};

struct FileJob {
    std::string name; // the input's file name, as reported
    std::string input, output;
};

class FileJobs : public ItemSource {
public:
    FileJobs(std::vector<FileJob> jobs, Settings settings)
        : m_jobs(std::move(jobs)), m_settings(std::move(settings)) {}
    std::uint64_t count() const override { return m_jobs.size(); }
    void encode(std::uint64_t index, ByteWriter& out) const override {
        out.putString(m_jobs[index].input);
        out.putString(m_jobs[index].output);
        out.putString(m_settings.filter);
        out.put<std::int32_t>(m_settings.size);
        out.put<std::int32_t>(m_settings.radius);
    }
    const FileJob& job(std::uint64_t index) const { return m_jobs[index]; }

private:
    std::vector<FileJob> m_jobs;
    Settings m_settings;
};

// Results arrive in file order whatever the backend, so one running digest over them is the same for every
// backend, worker count and chunksize.
class FileOutcomes : public ResultSink {
public:
    explicit FileOutcomes(const FileJobs& jobs) : m_jobs(jobs) {}

    // Entries of the input folder that were never items, named with the files that failed. No file event:
    // a view would open the input to show it, and opening a named pipe waits for a writer that never comes.
    void skippedBeforeTheRun(const std::vector<SkippedEntry>& entries) {
        for (const auto& entry : entries)
            m_failed.emplace_back(entry.name, entry.reason);
    }

    void accept(std::uint64_t index, ByteReader& result) override {
        const auto& job = m_jobs.job(index);
        if (result.get<std::uint8_t>() != kFiltered) {
            m_failed.emplace_back(job.name, result.getString());
            ++m_itemsFailed;
            landed(FileEvent{index, job.input, "", false, m_failed.back().second});
            return;
        }
        landed(FileEvent{index, job.input, job.output, true, ""});
        std::uint8_t digest[8];
        const auto d = result.get<std::uint64_t>();
        for (int i = 0; i < 8; ++i)
            digest[i] = static_cast<std::uint8_t>(d >> (8 * i));
        result.get<std::uint32_t>(); // width and height are inside the pixel digest already
        result.get<std::uint32_t>();
        m_bytes += result.get<std::uint64_t>();
        const auto name = fs::path(job.output).filename().string();
        m_digest = fnv1a64(digest, sizeof digest, fnv1a64(name.c_str(), name.size() + 1, m_digest));
        ++m_done;
    }

    // The files that landed since the last call, for the views (called from the session's sampling thread).
    std::vector<FileEvent> takeLanded() {
        std::lock_guard lock(m_landedMutex);
        return std::exchange(m_landed, {});
    }

    std::uint64_t done() const { return m_done; }
    std::uint64_t itemsFailed() const { return m_itemsFailed; }
    std::uint64_t bytes() const { return m_bytes; }
    std::uint64_t digest() const { return m_digest; }
    const std::vector<std::pair<std::string, std::string>>& failed() const { return m_failed; }

private:
    void landed(FileEvent e) {
        std::lock_guard lock(m_landedMutex);
        m_landed.push_back(std::move(e));
    }

    const FileJobs& m_jobs;
    std::mutex m_landedMutex;
    std::vector<FileEvent> m_landed;
    std::uint64_t m_done = 0, m_itemsFailed = 0, m_bytes = 0, m_digest = kFnvOffset;
    std::vector<std::pair<std::string, std::string>> m_failed; // file name, reason; before the run as well
};

// A folder made for this run under the system's temporary folder, named after the process so that runs
// never share one.
fs::path freshTemporaryFolder(const std::string& prefix) {
    static std::atomic<int> next{0};
    const auto base = fs::temp_directory_path();
    for (;;) {
        auto path = base / (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(next++));
        std::error_code ec;
        if (fs::create_directory(path, ec)) return path;
        if (ec) throw std::runtime_error("cannot create a folder in " + base.string() + ": " + ec.message());
    }
}

// A fresh output folder when none is given. A sweep makes dozens of runs in one process, each with the
// same outputs; so that it does not leave dozens of copies behind, making a new default folder removes the
// one this process made before: the outputs of the latest run stay.
fs::path defaultOutputFolder() {
    static std::mutex mutex;
    static fs::path previous;
    const std::lock_guard lock(mutex);
    std::error_code ec;
    if (!previous.empty()) fs::remove_all(previous, ec);
    previous = freshTemporaryFolder("mpwb-image-filter");
    return previous;
}

// Throws BadRequest when the folders cannot work; returns the input files (none when no input is given).
std::vector<fs::path> checkFolders(const std::string& input, const std::string& output) {
    std::vector<fs::path> files;
    std::error_code ec;
    if (!input.empty()) {
        if (!fs::exists(input, ec))
            throw BadRequest("--input: the folder '" + input + "' does not exist", "input");
        if (!fs::is_directory(input, ec))
            throw BadRequest("--input: '" + input + "' is a file, not a folder", "input");
        std::vector<SkippedEntry> skipped;
        files = inputFiles(input, &skipped);
        if (files.empty()) {
            std::string others;
            for (const auto& s : skipped)
                others += (others.empty() ? " (" : "; ") + s.name + ": " + s.reason;
            throw BadRequest("--input: no files to filter in '" + input + "'" +
                                 (others.empty() ? "" : others + ")"),
                             "input");
        }
    }
    if (output.empty()) return files;
    if (fs::exists(output, ec)) {
        if (!fs::is_directory(output, ec))
            throw BadRequest("--output: '" + output + "' is a file, not a folder", "output");
        if (!input.empty() && fs::equivalent(input, output, ec))
            throw BadRequest("--output must be another folder than --input: the outputs would replace the "
                             "pictures they come from",
                             "output");
        if (::access(output.c_str(), W_OK | X_OK) != 0)
            throw BadRequest("--output: the folder '" + output + "' is not writable", "output");
        return files;
    }
    // It will be created: the nearest folder above it that exists must let us.
    auto above = fs::absolute(output, ec).parent_path();
    while (!above.empty() && !fs::exists(above, ec) && above != above.parent_path())
        above = above.parent_path();
    if (!fs::is_directory(above, ec))
        throw BadRequest("--output: cannot create '" + output + "': '" + above.string() + "' is not a folder",
                         "output");
    if (::access(above.c_str(), W_OK | X_OK) != 0)
        throw BadRequest("--output: cannot create '" + output + "': '" + above.string() + "' is not writable",
                         "output");
    return files;
}

std::string checkText(const RunSpec& spec, const std::string& name) {
    const auto it = spec.params.find(name);
    return it == spec.params.end() ? std::string() : it->second;
}

class ImageFilterRun : public ExerciseRun {
public:
    ImageFilterRun(fs::path output, std::vector<FileJob> jobs, Settings settings)
        : m_output(std::move(output)), m_jobs(std::move(jobs), std::move(settings)), m_outcomes(m_jobs) {
        // The inputs all sit directly in one folder: whatever else it holds that is not a file is named too.
        if (m_jobs.count() == 0) return;
        const auto folder = fs::path(m_jobs.job(0).input).parent_path();
        std::vector<SkippedEntry> skipped;
        try {
            inputFiles(folder, &skipped);
        } catch (const BadRequest&) {
            return; // it was listed a moment ago; its files are the run's all the same
        }
        m_outcomes.skippedBeforeTheRun(skipped);
    }
    std::string task() const override { return "image-filter/file"; }
    const ItemSource* items() const override { return &m_jobs; }
    ResultSink* results() override { return &m_outcomes; }

    // Each file as it lands, so the page can show it before and after while the run goes on.
    std::chrono::milliseconds sampleInterval() const override { return std::chrono::milliseconds(100); }
    void sample(const std::function<void(EventBody)>& publish) override {
        for (auto& e : m_outcomes.takeLanded())
            publish(std::move(e));
    }

    // The engine knows items by number; a student knows files by name.
    void explainFailure(ErrorEvent& error) override {
        if (error.item >= 0 && static_cast<std::uint64_t>(error.item) < m_jobs.count()) {
            const auto& job = m_jobs.job(static_cast<std::uint64_t>(error.item));
            // A picture that could not be written (a full disk) is the output file's failure, not the task's.
            if (error.kind == "task-failed" &&
                error.message.find(std::string(kCannotWrite) + job.output) != std::string::npos) {
                error.kind = "file-failed";
                error.file = job.output;
            } else if (error.file.empty()) {
                error.file = job.input;
            }
        }
        const auto first = error.item >= 0 ? static_cast<std::uint64_t>(error.item) : error.chunkFirst;
        const auto count = error.item >= 0 ? 1 : error.chunkItems;
        if (count == 0 || first >= m_jobs.count()) return;
        const auto last = std::min(first + count, m_jobs.count());
        std::string names;
        for (auto i = first; i < last && i < first + 3; ++i)
            names += (names.empty() ? "" : ", ") + m_jobs.job(i).name;
        if (last - first > 3) names += " and " + std::to_string(last - first - 3) + " more";
        if (!error.message.empty() && error.message.back() != '.') error.message += '.';
        error.message += (last - first == 1 ? " The file was " : " The files were ") + names + ".";
    }

    ResultEvent finish() override {
        std::string failed;
        for (const auto& [file, reason] : m_outcomes.failed())
            failed += std::string(failed.empty() ? "" : ",") + "{\"file\":" + jsonQuoted(file) +
                      ",\"reason\":" + jsonQuoted(reason) + "}";
        const auto done = m_outcomes.done(), skipped = std::uint64_t(m_outcomes.failed().size());
        ResultEvent r;
        r.value = std::to_string(done) + (done == 1 ? " image" : " images") + " filtered, " +
                  std::to_string(skipped) + " skipped";
        if (done == 0) r.value += ": no picture came out";
        r.checks["files_done"] = std::to_string(done);
        r.checks["files_failed"] = "[" + failed + "]";
        r.checks["digest"] = jsonQuoted(hex64(m_outcomes.digest()));
        r.checks["bytes_written"] = std::to_string(m_outcomes.bytes());
        r.checks["output"] = jsonQuoted(m_output.string());
        // Skipped files are the inputs' fault, not the run's: it is correct when every file was dealt with
        // and there is something to show for it. Nothing filtered is not what was asked, whatever the
        // reasons.
        r.correct = done + m_outcomes.itemsFailed() == m_jobs.count() && done > 0;
        return r;
    }

private:
    fs::path m_output;
    FileJobs m_jobs;
    FileOutcomes m_outcomes;
};

} // namespace

std::string ImageFilter::summary() const {
    return "Resizes and filters every picture in a folder (or a generated sample set of uneven sizes) and "
           "writes the results as PNG. Each file is one item of the map; files that are not readable "
           "pictures are reported by name and skipped. One digest over all outputs shows that every backend "
           "and chunksize gives the same pictures.";
}

std::vector<ParameterSpec> ImageFilter::parameters() const {
    return {
        ParameterSpec::folder(
            "input", "Input folder",
            "the pictures to filter: every file directly inside it, hidden ones left out; "
            "empty: a generated sample set, written to generated-samples in the output folder",
            true),
        ParameterSpec::folder("output", "Output folder",
                              "where the filtered PNG files go, created if missing; empty: a new folder in "
                              "the system's temporary folder",
                              false),
        ParameterSpec::choice("filter", "Filter",
                              "blur: mean over a square of the given radius; sharpen: unsharp mask with that "
                              "radius; edges: Sobel edge strength; grey: luma only",
                              filterNames(), "blur"),
        ParameterSpec::integer("size", "Output size (px)",
                               "longest side of each output; pictures are resized to it before filtering", 16,
                               4096, 512),
        ParameterSpec::integer("samples", "Sample pictures",
                               "how many pictures to generate when no input folder is given", 1, 500, 120),
        ParameterSpec::integer("radius", "Radius (px)", "radius of the blur and sharpen filters", 1, 16, 3),
    };
}

void ImageFilter::checkSpec(const RunSpec& spec) const {
    checkFolders(checkText(spec, "input"), checkText(spec, "output"));
}

std::string ImageFilter::pythonSource() const {
    return python::image_filter;
}

std::unique_ptr<ExerciseRun> ImageFilter::prepare(const ParameterValues& values,
                                                  const CancelCheck& cancel) const {
    const auto& input = values.text("input");
    const auto& given = values.text("output");
    auto files = checkFolders(input, given);

    // Everything below happens in the host before any worker starts: generating the samples and making the
    // output folder. Workers only read one file and write one file each.
    fs::path output = given.empty() ? defaultOutputFolder() : fs::path(given);
    std::error_code ec;
    fs::create_directories(output, ec);
    if (ec) throw BadRequest("--output: cannot create '" + given + "': " + ec.message());
    output = fs::absolute(output);
    if (input.empty()) {
        // Kept beside the outputs rather than deleted with the run: before-and-after views and the student
        // may open the originals after the run has ended.
        const auto samples = output / kSampleFolder;
        fs::create_directories(samples, ec);
        if (ec) throw BadRequest("--output: cannot create '" + samples.string() + "': " + ec.message());
        files = writeSampleSet(samples, static_cast<int>(values.integer("samples")), cancel);
    }

    const auto names = outputNames(files);
    std::vector<FileJob> jobs;
    for (std::size_t i = 0; i < files.size(); ++i)
        jobs.push_back(
            {files[i].filename().string(), fs::absolute(files[i]).string(), (output / names[i]).string()});
    Settings settings{values.text("filter"), static_cast<std::int32_t>(values.integer("size")),
                      static_cast<std::int32_t>(values.integer("radius"))};
    // Workers may be forked next. Qt keeps the threads of its global pool alive for 30 s after any use (by
    // this process's earlier runs, or by Qt itself); a fork copies none of them, and a worker handed a pool
    // task would wait for them forever. Joining them here gives every fork an empty pool.
    QThreadPool::globalInstance()->waitForDone();
    return std::make_unique<ImageFilterRun>(output, std::move(jobs), settings);
}

} // namespace mpwb::exercises
