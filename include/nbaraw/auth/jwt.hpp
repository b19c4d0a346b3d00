#pragma once
// Service-account keys and the RS256 JWT they sign for the OAuth 2.0 JWT bearer grant (RFC 7523),
// exposed so that tests (and tools) can check what is sent to the token endpoint.
#include <nbaraw/config.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nbaraw::auth {

/// The Google OAuth 2.0 token endpoint, used when a key file names none.
inline constexpr std::string_view default_token_uri = "https://oauth2.googleapis.com/token";

/// The fields of a "service_account" JSON key that matter for getting tokens.
struct ServiceAccountKey {
  std::string client_email;
  std::string private_key;  ///< PEM (PKCS#8 or PKCS#1), RSA
  std::string private_key_id;
  std::string token_uri = std::string(default_token_uri);
  std::string project_id;  ///< may be empty
};

/// The fields of an "authorized_user" JSON file (gcloud auth application-default login).
struct AuthorizedUserKey {
  std::string client_id;
  std::string client_secret;
  std::string refresh_token;
  std::string token_uri = std::string(default_token_uri);
  std::string quota_project_id;  ///< may be empty
};

/// Parses a service-account key file's contents and checks that its private key loads. Throws AuthError
/// naming the missing or bad field (never its value).
NBARAW_DECL ServiceAccountKey parse_service_account_key(std::string_view json);

/// Parses an authorized_user file's contents. Throws AuthError naming the missing or bad field.
NBARAW_DECL AuthorizedUserKey parse_authorized_user_key(std::string_view json);

/// base64url (RFC 4648 §5) without padding.
NBARAW_DECL std::string base64url_encode(std::string_view bytes);
/// base64url, padding optional; nullopt on a character outside the alphabet or an impossible length.
NBARAW_DECL std::optional<std::string> base64url_decode(std::string_view text);

/**
 * The signed assertion for the JWT bearer grant: base64url(header).base64url(claims).base64url(signature),
 * header {"alg":"RS256","typ":"JWT","kid":private_key_id} (kid left out when the key has no id), claims
 * {"iss":client_email,"scope":scope,"aud":token_uri,"iat":now,"exp":now+3600}, signed with
 * RSASSA-PKCS1-v1_5 SHA-256. Throws AuthError when the private key cannot be loaded or used.
 */
NBARAW_DECL std::string make_service_account_jwt(const ServiceAccountKey& key, std::string_view scope,
                                                 std::int64_t now_seconds);

}  // namespace nbaraw::auth

// For AuthError. Included after the declarations above so that, header-only, credentials.ipp (which this
// brings in) sees them whichever of the two headers a translation unit includes first.
#include <nbaraw/auth/credentials.hpp>

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/credentials.ipp>
#endif
