#!/bin/sh
# Writes a Redis ACL file from the committed rules and one password file per user, so no password
# (nor its hash) is ever committed. Used by the compose file's redis service and on a Redis host.
#
#   render-acl.sh RULES SECRETS_DIR OUTPUT
#
# RULES: acl-rules.conf. A line "user ..." is copied as it is (the disabled default user); a line
# "<name> <rules>" becomes "user <name> on #<sha256 of the password> <rules>", the password read
# from SECRETS_DIR/redis-<name>-password. A missing or short password file stops it: a user left
# out would only show up later as a service that cannot log in.
#
# An agent user that OUTPUT already holds and RULES does not name is kept: the docker driver
# creates one per node it launches (ACL SETUSER, then ACL SAVE into this file), and a restarted
# Redis must still let those agents in. Every other user is written from RULES alone.
set -eu
if [ $# -ne 3 ]; then
	echo "usage: render-acl.sh RULES SECRETS_DIR OUTPUT" >&2
	exit 2
fi
rules=$1
secrets=$2
out=$3
umask 077
tmp="$out.tmp.$$"
: > "$tmp"
trap 'rm -f "$tmp"' EXIT
while IFS= read -r line || [ -n "$line" ]; do
	case "$line" in
		'' | '#'*) continue ;;
		'user '*) printf '%s\n' "$line" >> "$tmp"; continue ;;
	esac
	name=${line%% *}
	rest=${line#* }
	file="$secrets/redis-$name-password"
	if [ ! -r "$file" ]; then
		echo "render-acl: no password file $file for Redis user $name" >&2
		exit 1
	fi
	password=$(cat "$file")
	if [ ${#password} -lt 16 ]; then
		echo "render-acl: the password in $file is shorter than 16 characters" >&2
		exit 1
	fi
	hash=$(printf '%s' "$password" | sha256sum | cut -d ' ' -f 1)
	printf 'user %s on #%s %s\n' "$name" "$hash" "$rest" >> "$tmp"
done < "$rules"
if [ -r "$out" ]; then
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in
			'user agent-'*)
				name=${line#user }
				name=${name%% *}
				grep -q "^user $name " "$tmp" || printf '%s\n' "$line" >> "$tmp"
				;;
		esac
	done < "$out"
fi
mv "$tmp" "$out"
trap - EXIT
