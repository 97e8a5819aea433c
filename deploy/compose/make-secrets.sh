#!/bin/sh
# Creates the compose stack's secrets as files in deploy/compose/secrets/ (git-ignored): one random
# Redis password per user, the provisioner's bearer token (its SHA-256 into .env), the dashboard's
# admin password (monkey-admin-password, what you sign in with; its bcrypt hash into .env, single-
# quoted so compose leaves its $ signs alone), Grafana's admin password. The hash comes from
# htpasswd (Debian's apache2-utils), or from the httpd image when htpasswd is missing.
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
for user in admin gateway monkey provisioner enroller agent-node-1 agent-node-2; do
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
# The provisioner's docker driver talks to the engine's socket as its unprivileged user (uid 10001):
# compose adds it to the socket's group, whose id differs between hosts.
if ! grep -qs '^DOCKER_GID=' "$env"; then
	gid=$(stat -c %g /var/run/docker.sock 2> /dev/null || echo 0)
	echo "DOCKER_GID=$gid" >> "$env"
	echo "wrote DOCKER_GID=$gid (the group of /var/run/docker.sock) to $env"
fi
make grafana-admin-password "$(random)"
make monkey-admin-password "$(random | cut -c1-24)"
if ! grep -qs '^MONKEY_ADMIN_PASSWORD_HASH=' "$env"; then
	password=$(cat "$dir/monkey-admin-password")
	if command -v htpasswd > /dev/null 2>&1; then
		hash=$(htpasswd -nbBC 10 "" "$password")
	else
		hash=$(docker run --rm httpd:2.4-alpine htpasswd -nbBC 10 "" "$password")
	fi
	echo "MONKEY_ADMIN_PASSWORD_HASH='{bcrypt}$(printf '%s' "$hash" | tr -d ':\n')'" >> "$env"
	echo "wrote MONKEY_ADMIN_PASSWORD_HASH to $env (sign in as admin with the password in $dir/monkey-admin-password)"
fi
