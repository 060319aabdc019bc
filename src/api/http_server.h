// The HTTP/1.1 server (Boost.Beast): keep-alive, request body and header limits, request ids,
// I/O on a few threads and handlers on a worker pool (handlers may block on the store).
// Start, then Run from one thread; Stop from any thread (a signal handler's strand) finishes
// in-flight requests before returning from Run.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/http.h"
#include "common/result.h"

namespace cw::api {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port
  int io_threads = 2;
  int worker_threads = 8;         // run handlers of GET, HEAD and OPTIONS requests
  int write_worker_threads = 16;  // run the others (writes, which mostly wait on a commit)
  size_t body_limit = 1 << 20;
  size_t header_limit = 16 << 10;
  int idle_timeout_seconds = 60;
  int shutdown_grace_seconds = 10;
};

using HttpHandler = std::function<HttpResponse(HttpRequest&)>;
// True for a request the handler answers from memory: it runs on the I/O thread that read it.
using QuickTest = std::function<bool(const HttpRequest&)>;

class HttpServer {
 public:
  // Handlers run on a worker pool, except for requests `quick` accepts (if given).
  HttpServer(HttpServerOptions options, HttpHandler handler, QuickTest quick = nullptr);
  ~HttpServer();
  // Binds and listens; returns the bound port. kUnavailable if the address is taken.
  Result<uint16_t> Start();
  // Serves until Stop; returns after in-flight requests are done.
  void Run();
  // Stops accepting, lets in-flight requests finish (up to the grace period), then ends Run.
  void Stop();
  // Calls Stop on SIGINT or SIGTERM.
  void StopOnSignals();
  // `fn(status)` is called for each request refused before it reaches the handler (413: body too
  // large, 431: headers too large, 400: malformed), so they can be counted. Set before Start.
  void OnRefused(std::function<void(int status)> fn);

  struct Impl;  // defined in http_server.cc; public so its sessions can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace cw::api
