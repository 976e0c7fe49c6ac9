// SPDX-License-Identifier: GPL-3.0-or-later
#include "bytes.h"

#include <algorithm>

namespace mpwb {

std::string toDecimal(unsigned __int128 v) {
    if (v == 0) return "0";
    std::string digits;
    while (v > 0) {
        digits.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
        v /= 10;
    }
    std::reverse(digits.begin(), digits.end());
    return digits;
}

} // namespace mpwb
