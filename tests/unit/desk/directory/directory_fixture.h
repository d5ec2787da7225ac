// Shared fixtures of the directory tests: the default policy and a small valid directory.
#pragma once

#include <string_view>

#include <gtest/gtest.h>

#include "chancery/desk/directory.h"
#include "chancery/security/policy.h"

namespace chancery::desk::testing {

// A small directory valid under the default policy.
inline constexpr std::string_view kSmallDirectory =
    "organization PRC-MFA \"Ministry of Foreign Affairs\"\n"
    "office MFA \"Ministry\" kind ministry org PRC-MFA clearance \"TOP SECRET\" series Wai\n"
    "office MFA-SOVEE \"Soviet and Eastern European Division\" kind division parent MFA"
    " org PRC-MFA clearance TS categories \"INTERNAL RESEARCH\" series B-Yin\n"
    "office MFA-SOVEE-1 \"First Section\" kind division parent MFA-SOVEE org PRC-MFA\n"
    "office EMB-MOSCOW \"Embassy in Moscow\" kind embassy parent MFA org PRC-MFA clearance S\n"
    "office EMB-HANOI \"Embassy in Hanoi\" kind embassy parent MFA org PRC-MFA clearance SECRET\n"
    "office UN \"Mission to the UN\" kind mission parent MFA org PRC-MFA clearance CONFIDENTIAL\n"
    "group EMBASSIES \"All embassies\" members EMB-MOSCOW, EMB-HANOI\n"
    "group ABROAD \"Abroad\" members EMBASSIES, UN, EMB-MOSCOW\n"
    "grant wu.xiuquan approver MFA-SOVEE\n"
    "grant li.drafter drafter MFA-SOVEE\n"
    "grant li.drafter drafter EMB-MOSCOW\n"
    "grant admin administrator *\n";

inline Directory SmallDirectory() {
  Result<Directory> parsed = ParseDirectory(kSmallDirectory, "small");
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return parsed.ok() ? *parsed : Directory{};
}

inline const security::Policy& DefaultPolicy() {
  static const security::Policy* const kPolicy = [] {
    Result<security::Policy> parsed =
        security::ParsePolicy(security::DefaultPolicyText(), "default.policy");
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    return new security::Policy(parsed.ok() ? *parsed : security::Policy{});
  }();
  return *kPolicy;
}

}  // namespace chancery::desk::testing
