#!/usr/bin/env bash
# For every VAR_FILE variable pointing at a Docker secret, export VAR with its contents,
# so secrets never appear in docker-compose.yml or image layers. Then run the command.
set -euo pipefail
while IFS='=' read -r name value; do
  case "$name" in
    *_FILE)
      if [ -f "$value" ]; then
        export "${name%_FILE}=$(cat "$value")"
      fi
      ;;
  esac
done < <(env)
exec "$@"
