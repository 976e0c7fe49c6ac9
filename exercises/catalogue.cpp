// SPDX-License-Identifier: GPL-3.0-or-later
#include "catalogue.h"

#include "image_filter.h"
#include "pipeline.h"
#include "shared_counter.h"
#include "sum_squares.h"

namespace mpwb {

const std::vector<const Exercise*>& exerciseCatalogue() {
    // Referencing each exercise here also links its task registrations into every program that lists them.
    static const exercises::SumSquares sumSquares;
    static const exercises::ImageFilter imageFilter;
    static const exercises::Pipeline pipeline;
    static const exercises::SharedCounter sharedCounter;
    static const std::vector<const Exercise*> all{&sumSquares, &imageFilter, &pipeline, &sharedCounter};
    return all;
}

const Exercise* findExercise(const std::string& id) {
    for (const auto* e : exerciseCatalogue())
        if (e->id() == id) return e;
    return nullptr;
}

} // namespace mpwb
