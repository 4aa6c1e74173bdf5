#!/usr/bin/env bash
# Print the HTTP API and CORS options for `rasa run`, one per line, from the environment; used by
# scripts/serve.sh (and its tests). Exits 2 with the reason on stderr when the settings are unsafe.
#
#   RASA_ENABLE_API=1       Rasa's HTTP API (--enable-api: /status, /model, /conversations/...);
#                           off unless set, and only ever together with a token:
#   RASA_AUTH_TOKEN=...     --auth-token: at least 32 characters, no spaces (openssl rand -hex 32);
#                           clients send it as ?token=... on every API request.
#   CORS_ORIGINS="https://a.example https://b.example"
#                           --cors: the origins whose pages may call the server from a browser;
#                           none unless set (the chat page is served from the same origin).
set -euo pipefail

MIN_TOKEN_CHARS=32

refuse() {
  echo "serve: $*" >&2
  exit 2
}

case "${RASA_ENABLE_API:-}" in
  "" | 0) ;;
  1)
    token=${RASA_AUTH_TOKEN:-}
    if [ -z "$token" ]; then
      refuse "RASA_ENABLE_API=1 needs RASA_AUTH_TOKEN: the HTTP API can read and change every" \
        "conversation, so it never runs without a token (e.g. RASA_AUTH_TOKEN=\$(openssl rand -hex 32))."
    fi
    if [ "${#token}" -lt "$MIN_TOKEN_CHARS" ]; then
      refuse "RASA_AUTH_TOKEN is too short (${#token} characters): use at least $MIN_TOKEN_CHARS," \
        "e.g. \$(openssl rand -hex 32)."
    fi
    if [[ $token =~ [[:space:]] ]]; then
      refuse "RASA_AUTH_TOKEN must not contain spaces or new lines."
    fi
    printf '%s\n' --enable-api --auth-token "$token"
    ;;
  *) refuse "RASA_ENABLE_API must be 1 (on) or 0 (off); got '${RASA_ENABLE_API}'." ;;
esac

read -r -a origins <<<"${CORS_ORIGINS:-}"
if [ "${#origins[@]}" -gt 0 ]; then
  for origin in "${origins[@]}"; do
    if [ "$origin" = "*" ] || ! [[ $origin =~ ^https?://[^/]+$ ]]; then
      refuse "CORS_ORIGINS takes origins such as https://shop.example.co.uk (scheme and host," \
        "no path, no '*'), separated by spaces; got '$origin'."
    fi
  done
  printf '%s\n' --cors "${origins[@]}"
fi
