#include "http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

namespace sluice::starrocks {
namespace {

constexpr std::size_t kMaxIdleHandles = 16;

struct Upload {
  std::string_view data;
  std::size_t pos = 0;
  std::size_t sent_max = 0;  // furthest byte ever handed to libcurl (rewinds go back, not this)
};

std::size_t read_body(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  std::size_t n = std::min(size * count, up->data.size() - up->pos);
  std::memcpy(buffer, up->data.data() + up->pos, n);
  up->pos += n;
  up->sent_max = std::max(up->sent_max, up->pos);
  return n;
}

// libcurl rewinds the body when it must send it again (a reused connection that turned out dead,
// or a server that answered before reading it).
int seek_body(void* user, curl_off_t offset, int origin) {
  auto* up = static_cast<Upload*>(user);
  if (origin != SEEK_SET || offset < 0 || static_cast<std::size_t>(offset) > up->data.size())
    return CURL_SEEKFUNC_CANTSEEK;
  up->pos = static_cast<std::size_t>(offset);
  return CURL_SEEKFUNC_OK;
}

struct Download {
  std::string* body;
  std::size_t max;
  bool truncated = false;
};

std::size_t write_answer(char* data, std::size_t size, std::size_t count, void* user) {
  auto* dl = static_cast<Download*>(user);
  std::size_t n = size * count;
  std::size_t room = dl->max - std::min(dl->max, dl->body->size());
  if (n > room) {
    dl->body->append(data, room);
    dl->truncated = true;
    return 0;  // stop reading: enough is kept
  }
  dl->body->append(data, n);
  return n;
}

struct SlistDeleter {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

bool append_header(Slist& list, const std::string& line) {
  curl_slist* next = curl_slist_append(list.get(), line.c_str());
  if (!next) return false;
  (void)list.release();
  list.reset(next);
  return true;
}

long clamp_ms(std::chrono::milliseconds ms) {
  return static_cast<long>(std::clamp<std::int64_t>(ms.count(), 1, 0x7fffffff));
}

}  // namespace

struct HandlePool::Handle {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl{curl_easy_init(), &curl_easy_cleanup};
};

void ensure_curl_initialised() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HandlePool::HandlePool() {
  ensure_curl_initialised();
}
HandlePool::~HandlePool() = default;

HandlePool::Lease::Lease(HandlePool* pool, std::unique_ptr<Handle> handle)
    : pool_(pool), handle_(std::move(handle)) {}
HandlePool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), handle_(std::move(other.handle_)) {}
HandlePool::Lease::~Lease() {
  if (handle_) pool_->release(std::move(handle_));
}

HandlePool::Lease HandlePool::acquire() {
  std::unique_ptr<Handle> h;
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      h = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!h) h = std::make_unique<Handle>();
  return Lease(this, std::move(h));
}

void HandlePool::release(std::unique_ptr<Handle> handle) {
  if (!handle->curl) return;
  std::lock_guard lock(mu_);
  if (idle_.size() < kMaxIdleHandles) idle_.push_back(std::move(handle));
}

namespace {

HttpResponse perform(CURL* c, const HttpRequest& req, Upload* upload, bool post = false) {
  HttpResponse out;
  if (!c) {
    out.transport_failed = out.unreached = true;
    out.error = "cannot create a libcurl handle";
    return out;
  }
  curl_easy_reset(c);  // keeps the connection cache
  char errbuf[CURL_ERROR_SIZE] = {0};
  Download dl{&out.body, req.max_response_bytes};
  Slist headers;
  for (const auto& [name, value] : req.headers) {
    // "Name;" is how libcurl sends a header with an empty value.
    if (!append_header(headers, value.empty() ? name + ";" : name + ": " + value)) {
      out.transport_failed = out.unreached = true;
      out.error = "out of memory building headers";
      return out;
    }
  }
  std::string user, password;
  curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_VERBOSE, 0L);  // verbose output would print the Authorization header
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, clamp_ms(req.connect_timeout));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, clamp_ms(req.timeout));
  curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
  if (req.fresh_connection) curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &write_answer);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &dl);
  if (req.credentials) {
    user.assign(req.credentials->username);
    password.assign(req.credentials->password);
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(c, CURLOPT_USERNAME, user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password.c_str());
  }
  if (post) {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
  } else if (upload) {
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);  // PUT
    curl_easy_setopt(c, CURLOPT_READFUNCTION, &read_body);
    curl_easy_setopt(c, CURLOPT_READDATA, upload);
    curl_easy_setopt(c, CURLOPT_SEEKFUNCTION, &seek_body);
    curl_easy_setopt(c, CURLOPT_SEEKDATA, upload);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(upload->data.size()));
  } else {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    if (req.follow_redirects) {
      curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
      curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
      curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
      curl_easy_setopt(c, CURLOPT_UNRESTRICTED_AUTH,
                       1L);  // StarRocks redirects need the credentials
    }
  }

  CURLcode rc = curl_easy_perform(c);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);  // `headers` dies with this frame
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
  if (rc == CURLE_WRITE_ERROR && dl.truncated) rc = CURLE_OK;
  out.truncated = dl.truncated;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  if (upload) out.body_bytes_sent = upload->sent_max;
  if (out.status >= 300 && out.status < 400) {
    char* location = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location)
      out.location = location;
  }
  if (rc != CURLE_OK) {
    out.transport_failed = true;
    out.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    out.error = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    while (!out.error.empty() && (out.error.back() == '\n' || out.error.back() == ' '))
      out.error.pop_back();
    curl_off_t connect_us = 0;
    curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connect_us);
    // A POST acts on its headers alone: a connection closed before the answer may have done it.
    const bool nothing_sent = !post && (!upload || upload->sent_max == 0);
    switch (rc) {
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
      case CURLE_COULDNT_CONNECT:
        out.unreached = true;
        break;
      case CURLE_OPERATION_TIMEDOUT:
        out.unreached = connect_us == 0 && out.status == 0;
        break;
      case CURLE_GOT_NOTHING:
      case CURLE_SEND_ERROR:
      case CURLE_RECV_ERROR:
        out.unreached = out.status == 0 && nothing_sent;
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace

HttpResponse HandlePool::put(Lease& lease, const HttpRequest& request) {
  Upload upload{request.body};
  return perform(lease.handle().curl.get(), request, &upload);
}

HttpResponse HandlePool::post(Lease& lease, const HttpRequest& request) {
  return perform(lease.handle().curl.get(), request, nullptr, true);
}

HttpResponse HandlePool::get(Lease& lease, const HttpRequest& request) {
  return perform(lease.handle().curl.get(), request, nullptr);
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out.push_back(static_cast<char>(ch));
    } else {
      out.push_back('%');
      out.push_back(kHex[ch >> 4]);
      out.push_back(kHex[ch & 0xF]);
    }
  }
  return out;
}

}  // namespace sluice::starrocks
