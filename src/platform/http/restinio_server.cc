// The only file that includes RESTinio. It converts RESTinio's request into http::Request,
// calls the handler, and writes http::Response back (sendfile for file bodies).
#include <restinio/all.hpp>

#include <atomic>
#include <future>
#include <thread>

#include "platform/http/server.h"
#include "platform/http/util.h"

namespace zhifa::http {

using traits_t = restinio::default_traits_t;
using server_t = restinio::http_server_t<traits_t>;

struct Server::Impl {
  asio::io_context ioctx;
  std::unique_ptr<server_t> server;
  std::vector<std::thread> threads;
  std::atomic<int> in_flight{0};
  std::atomic<bool> draining{false};
  Handler handler;
  std::size_t max_body = 0;
  std::size_t max_url = 8 * 1024;
  bool stopped = false;

  restinio::request_handling_status_t handle(const restinio::request_handle_t& req) {
    ++in_flight;
    Request r;
    Response resp;
    try {
      const auto& h = req->header();
      r.method = std::string(h.method().c_str());
      r.target = std::string(h.request_target());
      r.path = url_decode(h.path(), false);
      r.query = parse_query(h.query());
      h.for_each_field([&](const auto& f) { r.headers.add(std::string(f.name()), std::string(f.value())); });
      r.remote = req->remote_endpoint().address().to_string();
      if (draining) {
        resp = r.is_api() ? Response::json_error(503, "server is shutting down")
                          : Response::text("服务器正在重启，请稍后再试 (shutting down)", 503);
      } else if (r.target.size() > max_url) {
        // The parser allows 4× the limit so that an over-long URL still gets an answer.
        resp = r.is_api() ? Response::json_error(414, "URL longer than " + std::to_string(max_url) + " bytes")
                          : Response::text("网址过长 (URI too long)", 414);
      } else if (req->body().size() > max_body) {
        resp = r.is_api() ? Response::json_error(413, "request body larger than " + std::to_string(max_body) + " bytes")
                          : Response::text("请求内容过大 (request body too large)", 413);
      } else {
        r.body = req->body();
        resp = handler(r);
      }
    } catch (const std::exception& e) {
      resp = Response::text(std::string("internal error: ") + e.what(), 500);
    }
    auto rb = req->create_response(
        restinio::http_status_line_t{restinio::http_status_code_t{static_cast<std::uint16_t>(resp.status)},
                                     std::string(reason_phrase(resp.status))});
    for (auto& [k, v] : resp.headers.items) rb.append_header(k, v);
    if (draining) rb.connection_close();
    if (r.method == "HEAD") {
      // Content-Length of a HEAD answer is that of the GET it stands for.
      rb.set_body(std::string());
    } else if (resp.file) {
      try {
        rb.set_body(restinio::sendfile(resp.file->path).offset_and_size(resp.file->offset, resp.file->length));
      } catch (const std::exception&) {
        rb.set_body(std::string());
      }
    } else {
      rb.set_body(std::move(resp.body));
    }
    auto st = rb.done();
    --in_flight;
    return st;
  }
};

Server::Server() : impl_(std::make_unique<Impl>()) {}
Server::~Server() { stop(std::chrono::milliseconds(0)); }
int Server::in_flight() const { return impl_->in_flight.load(); }

Status Server::start(const ServerOptions& o, Handler handler) {
  impl_->handler = std::move(handler);
  impl_->max_body = o.max_body_bytes;
  impl_->max_url = o.max_url_bytes;
  restinio::server_settings_t<traits_t> s;
  s.address(o.host)
      .port(o.port)
      .buffer_size(16 * 1024)
      .read_next_http_message_timelimit(o.read_timeout)
      .write_http_response_timelimit(o.write_timeout)
      .handle_request_timeout(o.handle_timeout)
      .max_pipelined_requests(16)
      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                    .max_url_size(o.max_url_bytes * 4)
                                    .max_field_name_size(1024)
                                    .max_field_value_size(o.max_header_field_bytes)
                                    .max_field_count(o.max_header_fields)
                                    .max_body_size(o.max_body_bytes * 2))
      .request_handler([impl = impl_.get()](restinio::request_handle_t req) { return impl->handle(req); });
  impl_->server = std::make_unique<server_t>(restinio::external_io_context(impl_->ioctx), std::move(s));
  std::promise<std::string> opened;
  auto fut = opened.get_future();
  impl_->server->open_async([&] { opened.set_value(""); },
                            [&](std::exception_ptr ep) {
                              try {
                                std::rethrow_exception(ep);
                              } catch (const std::exception& e) {
                                opened.set_value(e.what());
                              }
                            });
  std::size_t n = o.threads < 1 ? 1 : o.threads;
  for (std::size_t i = 0; i < n; ++i) impl_->threads.emplace_back([this] { impl_->ioctx.run(); });
  std::string err = fut.get();
  if (!err.empty()) {
    stop(std::chrono::milliseconds(0));
    return Error::unavailable("cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " + err);
  }
  return {};
}

void Server::stop(std::chrono::milliseconds grace) {
  if (impl_->stopped || !impl_->server) return;
  impl_->stopped = true;
  impl_->draining = true;
  // Graceful: stop accepting; answer what is in flight; then close connections and the loop.
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (impl_->in_flight > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::promise<void> closed;
  auto fut = closed.get_future();
  impl_->server->close_async([&] { closed.set_value(); }, [&](std::exception_ptr) { closed.set_value(); });
  fut.wait_for(std::chrono::seconds(5));
  impl_->ioctx.stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
}

}  // namespace zhifa::http
