#include "platform/ledger/note.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "platform/ledger/checkpoint.h"
#include "platform/store/testing.h"

namespace zhifa::ledger {
namespace {

// The example from golang.org/x/mod/sumdb/note's documentation: our encoding of keys, key IDs
// and signatures must agree with it byte for byte (Ed25519 signatures are deterministic).
constexpr std::string_view kGoVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kGoSignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kGoText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view kGoNote =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

TEST(SignedNote, MatchesTheSumdbNoteExample) {
  auto signer = parse_signer_key(kGoSignerKey);
  ASSERT_TRUE(signer.ok()) << signer.error().message;
  EXPECT_EQ(encode_signer_key(*signer), kGoSignerKey);
  EXPECT_EQ(encode_verifier_key(signer->verifier), kGoVerifierKey);
  auto note = sign_note(kGoText, *signer);
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(*note, kGoNote);

  auto verifier = parse_verifier_key(kGoVerifierKey);
  ASSERT_TRUE(verifier.ok()) << verifier.error().message;
  EXPECT_EQ(verifier->key_id, 0xc74f20a3u);
  Verifier known[] = {*verifier};
  auto text = open_note(kGoNote, known);
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(*text, kGoText);
}

TEST(SignedNote, MatchesTheC2spSpecExample) {
  auto v = parse_verifier_key("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
  ASSERT_TRUE(v.ok()) << v.error().message;
  Verifier known[] = {*v};
  auto text = open_note(
      "This is an example message.\n\n\xE2\x80\x94 example.com/foo "
      "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",
      known);
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(*text, "This is an example message.\n");
}

TEST(SignedNote, RejectsTamperingAndUnknownKeys) {
  Verifier known[] = {*parse_verifier_key(kGoVerifierKey)};
  std::string changed(kGoNote);
  changed[3] = 'X';
  EXPECT_FALSE(open_note(changed, known).ok());
  auto other = generate_key("PeterNeumann");
  ASSERT_TRUE(other.ok());
  Verifier others[] = {other->verifier};
  EXPECT_FALSE(open_note(kGoNote, others).ok());
  EXPECT_FALSE(open_note(std::string(kGoText), known).ok());  // no signature block
  EXPECT_FALSE(parse_verifier_key("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").ok());
  EXPECT_FALSE(generate_key("has space").ok());
  EXPECT_FALSE(generate_key("has+plus").ok());
}

TEST(SignedNote, GeneratedKeysRoundTrip) {
  auto k = generate_key("zhifa.example.gov.cn/ledger");
  ASSERT_TRUE(k.ok());
  auto again = parse_signer_key(encode_signer_key(*k));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->verifier.public_key, k->verifier.public_key);
  auto v = parse_verifier_key(encode_verifier_key(k->verifier));
  ASSERT_TRUE(v.ok());
  Verifier known[] = {*v};
  auto note = sign_note("hello\n", *k);
  EXPECT_EQ(*open_note(*note, known), "hello\n");
}

TEST(KeyFile, IsPrivateAndRefusedWhenReadableByOthers) {
  std::string path = store::testing::temp_dir() + "/ledger.key";
  auto k = *generate_key("log");
  ASSERT_TRUE(save_key(path, k).ok());
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(save_key(path, k).ok());  // never overwritten
  auto loaded = load_key(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->seed, k.seed);
  chmod(path.c_str(), 0644);
  EXPECT_EQ(load_key(path).error().kind, ErrorKind::kForbidden);
}

TEST(CheckpointBody, RoundTripsAndIsStrict) {
  Checkpoint c{"example.com/log", 12, sha256("x")};
  std::string body = checkpoint_body(c);
  EXPECT_EQ(body, "example.com/log\n12\n" + to_base64(c.root) + "\n");
  auto back = parse_checkpoint_body(body);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->size, 12u);
  EXPECT_EQ(back->root, c.root);
  EXPECT_FALSE(parse_checkpoint_body("example.com/log\n012\n" + to_base64(c.root) + "\n").ok());
  EXPECT_FALSE(parse_checkpoint_body("example.com/log\n12\nAAAA\n").ok());
  EXPECT_FALSE(parse_checkpoint_body("\n12\n" + to_base64(c.root) + "\n").ok());
  EXPECT_TRUE(parse_checkpoint_body(body + "extension line\n").ok());
}

}  // namespace
}  // namespace zhifa::ledger
