// What a migration could not carry over unchanged, as the comments printed above the TOML and the
// exit code of `sluice migrate`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sluice::engine::migrate {

enum class Severity {
  note,     ///< no change in behaviour (a Connect-only setting, a default spelled out): exit 0
  changed,  ///< mapped, or left out, with a change in behaviour: exit 3
  error,    ///< a required key is missing or malformed; the TOML will not validate: exit 2
};

struct Note {
  Severity severity = Severity::note;
  std::string key;        ///< the Connect key concerned ("transforms.x.type"); may be empty
  std::string value;      ///< its value, already masked when secret
  std::string text;       ///< why
  bool unmapped = false;  ///< "not migrated" (left out) rather than "changed" (mapped differently)
};

constexpr int exit_migrated = 0;
constexpr int exit_migrate_error = 2;
constexpr int exit_behaviour_changed = 3;

/// Connect keys whose values are secrets (passwords, JAAS configs, tokens, user info).
bool is_secret_key(std::string_view key);

class Notes {
 public:
  void note(std::string key, std::string value, std::string text) {
    add(Severity::note, std::move(key), std::move(value), std::move(text), false);
  }
  void changed(std::string key, std::string value, std::string text) {
    add(Severity::changed, std::move(key), std::move(value), std::move(text), false);
  }
  void not_migrated(std::string key, std::string value, std::string text) {
    add(Severity::changed, std::move(key), std::move(value), std::move(text), true);
  }
  /// A Connect key that is ignored with no change in behaviour, printed as "not migrated" anyway.
  void not_migrated_harmless(std::string key, std::string value, std::string text) {
    add(Severity::note, std::move(key), std::move(value), std::move(text), true);
  }
  void error(std::string key, std::string value, std::string text) {
    add(Severity::error, std::move(key), std::move(value), std::move(text), false);
  }

  const std::vector<Note>& all() const noexcept { return notes_; }
  /// 2 if any error, else 3 if any change in behaviour, else 0.
  int exit_code() const;
  std::size_t count(Severity s) const;

  /// One comment line: "# not migrated: transforms.x.type=com.example.Foo — why".
  static std::string comment(const Note& n);

 private:
  void add(Severity s, std::string key, std::string value, std::string text, bool unmapped);
  std::vector<Note> notes_;
};

}  // namespace sluice::engine::migrate
