#!/bin/sh
# Creates the compose stack's secrets as files in deploy/compose/secrets/ (git-ignored): one random
# Redis password per user, the provisioner's bearer token (its SHA-256 into .env), Grafana's admin
# password.
# Existing files are kept, so running it again changes nothing.
#
# The folder is 0700 (only you on this host); the files are 0644 because compose bind-mounts them
# as they are, and the containers' unprivileged users (uid 10001, redis 999, grafana 472) read them.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)/secrets
mkdir -p "$dir"
chmod 700 "$dir"
random() {
	head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'
}
make() {
	if [ ! -s "$dir/$1" ]; then
		(umask 022 && printf '%s' "$2" > "$dir/$1")
		echo "created $dir/$1"
	fi
}
for user in admin gateway monkey provisioner agent-node-1 agent-node-2; do
	make "redis-$user-password" "$(random)"
done
make provisioner-token "$(random)"
# The token's hash is no secret (it cannot log in): compose reads it from .env into the provisioner.
hash=$(printf '%s' "$(cat "$dir/provisioner-token")" | sha256sum | cut -d ' ' -f 1)
env="$dir/../.env"
if ! grep -qs '^PROVISIONER_TOKEN_SHA256=' "$env"; then
	echo "PROVISIONER_TOKEN_SHA256=$hash" >> "$env"
	echo "wrote PROVISIONER_TOKEN_SHA256 to $env"
fi
make grafana-admin-password "$(random)"
