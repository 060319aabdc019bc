// `clearwater analytics seed` and `clearwater analytics export-graph`: campaign seeding on the
// store's social graph, and the same graph with its learned forward probabilities as a plain
// edge list (to run other influence-maximisation code on exactly the same input).
#pragma once

#include <string>
#include <vector>

namespace cw {

extern const char* const kSeedUsage;
extern const char* const kExportGraphUsage;

// `args` are the arguments after the subcommand; returns the process exit code.
int AnalyticsSeed(const std::vector<std::string>& args);
int AnalyticsExportGraph(const std::vector<std::string>& args);

}  // namespace cw
