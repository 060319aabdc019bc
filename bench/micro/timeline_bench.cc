// Micro-benchmarks of a home-timeline read's parts on a generated world in a real SQLite store:
// the engine's candidate merge, hydration of a page, and JSON rendering. Prints figures; run with
// build/release/bench/micro/cw_micro_bench (see docs/benchmarks.md).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>
#include <sstream>

#include "api/views.h"
#include "store/cache/caching_store.h"
#include "timeline/in_memory_timeline_cache.h"
#include "world/generator.h"
#include "world/importer.h"

namespace cw {
namespace {

// One world for every benchmark of the process.
struct World {
  World() {
    dir = std::filesystem::temp_directory_path() / ("cw-micro-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    StoreOptions so;
    so.path = (dir / "w.db").string();
    so.synchronous_full = false;
    store = std::make_unique<CachingStore>(std::move(OpenStore(so)).value(), CacheOptions{});
    world::GeneratorOptions g;
    g.accounts = 5000;
    g.seed = 3;
    std::stringstream file;
    (void)world::GenerateWorld(g, file);
    world::WorldImporter importer(store.get(), &ids, Limits{});
    (void)importer.Import(file, true);
    ctx.store = store.get();
    ctx.clock = &clock;
    ctx.ids = &ids;
    engine = std::make_unique<TimelineEngine>(
        store.get(), std::make_unique<InMemoryTimelineCache>(10'000, 800), TimelineOptions{});
    notifications = std::make_unique<NotificationService>(ctx);
    posts = std::make_unique<PostService>(ctx, notifications.get());
    posts->set_timeline(engine.get());
    Page page;
    page.limit = 200;
    auto accounts = store->accounts().ListAccounts(page);
    viewers = std::move(accounts).value();
  }
  ~World() {
    store->Close();
    std::filesystem::remove_all(dir);
  }
  std::filesystem::path dir;
  SystemClock clock;
  IdGenerator ids{&clock, 0};
  std::unique_ptr<Store> store;
  ServiceContext ctx;
  std::unique_ptr<TimelineEngine> engine;
  std::unique_ptr<NotificationService> notifications;
  std::unique_ptr<PostService> posts;
  std::vector<Account> viewers;
};

World& TheWorld() {
  static World w;
  return w;
}

// Warm first pages of 50 members' home timelines, hydrated for them.
std::vector<PostBundle> WarmPages(World& w) {
  Page page;
  page.limit = 20;
  std::vector<PostBundle> bundles;
  for (size_t k = 0; k < 50; ++k) {
    const Account& v = w.viewers[k % w.viewers.size()];
    auto posts = std::move(w.posts->HomeTimeline(v, page)).value();
    bundles.push_back(std::move(w.posts->Hydrate(&v, posts)).value());
  }
  return bundles;
}

void BM_HomeCandidates(benchmark::State& state) {
  World& w = TheWorld();
  size_t i = 0;
  Page page;
  page.limit = 20;
  for (auto _ : state) {
    const Account& v = w.viewers[i++ % w.viewers.size()];
    benchmark::DoNotOptimize(w.engine->HomeCandidates(v, page, 20));
  }
}
BENCHMARK(BM_HomeCandidates);

void BM_HomeTimelinePosts(benchmark::State& state) {
  World& w = TheWorld();
  size_t i = 0;
  Page page;
  page.limit = 20;
  for (auto _ : state) {
    const Account& v = w.viewers[i++ % w.viewers.size()];
    benchmark::DoNotOptimize(w.posts->HomeTimeline(v, page));
  }
}
BENCHMARK(BM_HomeTimelinePosts);

void BM_HydratePage(benchmark::State& state) {
  World& w = TheWorld();
  std::vector<PostBundle> bundles = WarmPages(w);
  size_t i = 0;
  for (auto _ : state) {
    size_t k = i++ % bundles.size();  // page k belongs to viewer k (see WarmPages)
    benchmark::DoNotOptimize(w.posts->Hydrate(&w.viewers[k % w.viewers.size()], bundles[k].posts));
  }
}
BENCHMARK(BM_HydratePage);

// Arg 0: every status rendered afresh; 1: through a warm render cache, as the server does.
void BM_RenderPageJson(benchmark::State& state) {
  World& w = TheWorld();
  std::vector<PostBundle> bundles = WarmPages(w);
  api::RenderCache cache;
  api::RenderCache* use = state.range(0) ? &cache : nullptr;
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    std::string out = api::StatusesBody(bundles[i++ % bundles.size()], *w.posts, use);
    bytes += out.size();
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_RenderPageJson)->Arg(0)->Arg(1);

void BM_WriteAccount(benchmark::State& state) {
  World& w = TheWorld();
  size_t i = 0;
  std::string out;
  for (auto _ : state) {
    out.clear();
    api::JsonWriter writer(&out);
    api::WriteAccount(writer, w.viewers[i++ % w.viewers.size()]);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_WriteAccount);

}  // namespace
}  // namespace cw

BENCHMARK_MAIN();
