#include "platform/blob/blob_store.h"

#include <gtest/gtest.h>

#include <fstream>

#include <cstdlib>

namespace zhifa::blob {
namespace {

TEST(BlobStore, StoresByHashAndDetectsAlteration) {
  char tmpl[] = "/tmp/zhifa-blob-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  auto s = open_filesystem_store(dir);
  auto h = s->put("询问笔录 PDF bytes");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(*h, sha256_hex("询问笔录 PDF bytes"));
  EXPECT_EQ(*s->get(*h), "询问笔录 PDF bytes");
  EXPECT_TRUE(s->check(*h).ok());
  EXPECT_EQ(*s->put("询问笔录 PDF bytes"), *h);  // idempotent
  std::ofstream(s->path_of(*h), std::ios::binary | std::ios::trunc) << "altered";
  auto st = s->check(*h);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("altered"), std::string::npos);
  EXPECT_EQ(s->get(std::string(64, 'a')).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(s->get("../../etc/passwd").error().kind, ErrorKind::kInvalid);
}

TEST(BlobStore, KnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace zhifa::blob
