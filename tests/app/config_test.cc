#include "app/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace cw {
namespace {

class ServeConfigTest : public ::testing::Test {
 protected:
  void TearDown() override {
    unsetenv("CLEARWATER_LISTEN");
    unsetenv("CLEARWATER_POST_CHARS");
    unsetenv("CLEARWATER_CONFIG");
    if (!toml_.empty()) std::filesystem::remove(toml_);
  }
  std::string WriteToml(const std::string& text) {
    toml_ = (std::filesystem::temp_directory_path() / ("cw-config-" + std::to_string(::getpid()) + ".toml")).string();
    std::ofstream(toml_) << text;
    return toml_;
  }
  std::string toml_;
};

TEST_F(ServeConfigTest, DefaultsServeLocallyFromData) {
  auto c = LoadServeConfig({});
  ASSERT_TRUE(c.ok()) << c.error().message();
  EXPECT_EQ(c->http.host, "127.0.0.1");
  EXPECT_EQ(c->http.port, 8080);
  EXPECT_EQ(c->platform.data_dir, "./data");
  EXPECT_EQ(c->platform.limits.post_chars, 140u);
  EXPECT_FALSE(c->demo);
  // Writes wait on commits and get the bigger pool; reads have one of their own.
  EXPECT_GE(c->http.worker_threads, 64);
  EXPECT_GE(c->http.write_worker_threads, 128);
}

TEST_F(ServeConfigTest, ReadAndWriteHandlerPoolsAreSizedApart) {
  auto c = LoadServeConfig({"--workers", "12", "--write-workers", "200"});
  ASSERT_TRUE(c.ok()) << c.error().message();
  EXPECT_EQ(c->http.worker_threads, 12);
  EXPECT_EQ(c->http.write_worker_threads, 200);
  EXPECT_FALSE(LoadServeConfig({"--write-workers", "0"}).ok());
  EXPECT_FALSE(LoadServeConfig({"--write-workers", "5000"}).ok());
}

TEST_F(ServeConfigTest, FlagsBeatTheEnvironmentWhichBeatsTheFile) {
  std::string path = WriteToml("listen = \"0.0.0.0:9000\"\ndata = \"/srv/cw\"\n[limits]\npost_chars = 100\nmax_groups = 5\n");
  setenv("CLEARWATER_POST_CHARS", "120", 1);
  auto c = LoadServeConfig({"--config", path, "--listen", "127.0.0.1:0", "--demo"});
  ASSERT_TRUE(c.ok()) << c.error().message();
  EXPECT_EQ(c->http.port, 0);                        // flag over file
  EXPECT_EQ(c->platform.data_dir, "/srv/cw");        // file
  EXPECT_EQ(c->platform.limits.post_chars, 120u);    // environment over file
  EXPECT_EQ(c->platform.limits.max_groups, 5);       // file, inside a table
  EXPECT_TRUE(c->demo);
}

TEST_F(ServeConfigTest, ReadConnectionsMapTheFileUnlessToldNot) {
  auto c = LoadServeConfig({});
  ASSERT_TRUE(c.ok()) << c.error().message();
  EXPECT_TRUE(c->platform.read_mmap);
  auto off = LoadServeConfig({"--read-mmap", "off"});
  ASSERT_TRUE(off.ok()) << off.error().message();
  EXPECT_FALSE(off->platform.read_mmap);
  auto bad = LoadServeConfig({"--read-mmap", "maybe"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find("read-mmap"), std::string::npos);
}

TEST_F(ServeConfigTest, BadValuesAreRefusedWithTheirName) {
  auto bad_port = LoadServeConfig({"--listen", "127.0.0.1:99999"});
  ASSERT_FALSE(bad_port.ok());
  EXPECT_NE(bad_port.error().message().find("listen"), std::string::npos);
  EXPECT_FALSE(LoadServeConfig({"--body-limit", "lots"}).ok());
  EXPECT_FALSE(LoadServeConfig({"--no-such-option", "1"}).ok());
  EXPECT_FALSE(LoadServeConfig({"--password-cost", "cheap"}).ok());
  EXPECT_FALSE(LoadServeConfig({"--data"}).ok());
  std::string path = WriteToml("unknown_key = 1\n");
  EXPECT_FALSE(LoadServeConfig({"--config", path}).ok());
  std::string broken = WriteToml("listen = \n");
  EXPECT_FALSE(LoadServeConfig({"--config", broken}).ok());
}

}  // namespace
}  // namespace cw
