// The server over a real socket: limits, malformed requests, graceful shutdown.
#include "http/server.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

namespace zj::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!spdlog::get("access")) {
      spdlog::register_logger(std::make_shared<spdlog::logger>(
          "access", std::make_shared<spdlog::sinks::null_sink_mt>()));
    }
    router_.Add("POST", "/echo",
                [](Request& req) -> Result<Response> {
                  Response r;
                  r.content_type = "text/plain";
                  r.body = req.body;
                  return r;
                },
                {.requires_auth = false, .max_body_bytes = 1024});
    router_.Add("GET", "/download",
                [this](Request&) -> Result<Response> {
                  std::ofstream(download_path_) << std::string(3 << 20, 'd');
                  return Response::Download(download_path_, "application/octet-stream", "d.bin");
                },
                {.requires_auth = false});
    router_.Add("POST", "/big",
                [](Request& req) -> Result<Response> {
                  Response r;
                  r.content_type = "text/plain";
                  r.body = std::to_string(req.body.size());
                  return r;
                },
                {.requires_auth = false, .max_body_bytes = 4 << 20});
    router_.Add("GET", "/boom",
                [](Request&) -> Result<Response> { throw std::runtime_error("invariant broken"); },
                {.requires_auth = false});
    pipeline_ = std::make_unique<Pipeline>(router_, nullptr, nullptr, "");
    ServerConfig config;
    config.port = 0;
    config.io_threads = 1;
    config.worker_threads = 2;
    config.limits.read_timeout = std::chrono::seconds(2);
    server_ = std::make_unique<Server>(config, *pipeline_);
    auto port = server_->Listen();
    ASSERT_TRUE(port.has_value());
    port_ = *port;
    thread_ = std::thread([this] { server_->Run(false); });
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
  }

  // Sends raw bytes and returns everything the server answers until it closes or times out.
  std::string Raw(const std::string& bytes) {
    asio::io_context ioc;
    tcp::socket s(ioc);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    boost::system::error_code ec;
    asio::write(s, asio::buffer(bytes), ec);
    s.shutdown(tcp::socket::shutdown_send, ec);
    std::string out;
    char buf[4096];
    for (;;) {
      size_t n = s.read_some(asio::buffer(buf), ec);
      if (ec) break;
      out.append(buf, n);
    }
    return out;
  }

  std::string download_path_ =
      (std::filesystem::temp_directory_path() / ("zj-download-" + std::to_string(getpid())))
          .string();
  Router router_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<Server> server_;
  unsigned short port_ = 0;
  std::thread thread_;
};

TEST_F(ServerTest, EchoesABodyWithinTheLimit) {
  auto out =
      Raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
  EXPECT_NE(out.find("200 OK"), std::string::npos) << out;
  EXPECT_NE(out.find("hello"), std::string::npos);
  EXPECT_NE(out.find("X-Request-Id"), std::string::npos);
}

TEST_F(ServerTest, OversizedBodyIs413BeforeItIsRead) {
  auto out = Raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" +
                 std::string(5000, 'a'));
  EXPECT_NE(out.find("413"), std::string::npos) << out;
  EXPECT_NE(out.find("payload_too_large"), std::string::npos);
}

TEST_F(ServerTest, ARouteMayAcceptBodiesBeyondTheDefaultLimit) {
  const std::string body(2 << 20, 'x');
  auto out = Raw("POST /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " +
                 std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_NE(out.find("200 OK"), std::string::npos) << out.substr(0, 300);
  EXPECT_NE(out.find(std::to_string(body.size())), std::string::npos);
  auto too_big = Raw("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n");
  EXPECT_NE(too_big.find("413"), std::string::npos) << too_big;
}

TEST_F(ServerTest, DownloadsAreStreamedFromTheFileWhichIsThenRemoved) {
  auto out = Raw("GET /download HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(out.find("200 OK"), std::string::npos) << out.substr(0, 300);
  EXPECT_NE(out.find("Content-Length: 3145728"), std::string::npos);
  EXPECT_NE(out.find("filename=\"d.bin\""), std::string::npos);
  EXPECT_GE(out.size(), 3u << 20);
  EXPECT_FALSE(std::filesystem::exists(download_path_));
}

TEST_F(ServerTest, OversizedChunkedBodyIs413) {
  std::string chunk(2000, 'b');
  auto out = Raw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n7d0\r\n" +
                 chunk + "\r\n0\r\n\r\n");
  EXPECT_NE(out.find("413"), std::string::npos) << out;
}

TEST_F(ServerTest, OversizedHeadersAreRefused) {
  auto out = Raw("GET /echo HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(40000, 'h') + "\r\n\r\n");
  EXPECT_NE(out.find("413"), std::string::npos) << out.substr(0, 200);
}

TEST_F(ServerTest, GarbageIsA400NotACrash) {
  auto out = Raw("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_NE(out.find("400"), std::string::npos) << out;
  // The server still serves afterwards.
  auto ok =
      Raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
  EXPECT_NE(ok.find("200 OK"), std::string::npos);
}

TEST_F(ServerTest, HandlerExceptionIsA500WithTheRequestId) {
  auto out =
      Raw("GET /boom HTTP/1.1\r\nHost: x\r\nX-Request-Id: trace-42\r\nConnection: close\r\n\r\n");
  EXPECT_NE(out.find("500"), std::string::npos) << out;
  EXPECT_NE(out.find("trace-42"), std::string::npos) << out;
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  const std::string one = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\na";
  auto out =
      Raw(one + one +
          "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nConnection: close\r\n\r\nz");
  size_t count = 0;
  for (size_t pos = 0; (pos = out.find("200 OK", pos)) != std::string::npos; ++pos) ++count;
  EXPECT_EQ(count, 3u) << out;
}

TEST(ParseListen, AcceptsHostAndPortAndRejectsJunk) {
  auto ok = ParseListen("127.0.0.1:8080");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->second, 8080);
  EXPECT_FALSE(ParseListen("localhost").has_value());
  EXPECT_FALSE(ParseListen("127.0.0.1:99999").has_value());
  EXPECT_FALSE(ParseListen("127.0.0.1:http").has_value());
}

}  // namespace
}  // namespace zj::http
