#!/usr/bin/env bash
# Builds, from Debian packages, the base images the compose stack needs, for machines that can
# reach Debian's package mirror but no image registry (CI here). A user with internet access
# pulls the public images instead and never runs this: the compose file and the Dockerfiles name
# the public image by default and take a local one through these variables.
#
#   deploy/images/build-base-images.sh            # build what is missing or changed
#   . deploy/images/local-images.env              # then point compose/tests at them
#
# Writes deploy/images/local-images.env (git-ignored):
#   JRE_IMAGE          Java 17 runtime        (default eclipse-temurin:17-jre)
#   JDK_IMAGE          Java 17 compiler       (default eclipse-temurin:17-jdk)
#   REDIS_IMAGE        Redis 7                (default redis:7.2.5-bookworm)
#   PROMETHEUS_IMAGE   Prometheus 2           (default prom/prometheus:v2.53.2)
#   MAIL_IMAGE         a mail catcher, SMTP on 1025 and an HTTP API on 8025
#                                             (default axllent/mailpit; here GreenMail standalone)
#
# Each image carries a label with the hash of its recipe (suite, packages, image settings and the
# files it adds); one whose label matches is kept, so a second run rebuilds nothing. Needs root
# (mmdebstrap), docker and, for the mail catcher's jar, Maven through ./mvnw.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
suite="${DEBIAN_SUITE:-bookworm}"
prefix="${BASE_IMAGE_PREFIX:-monkeyfleet-base}"
recipe_label="io.monkeyfleet.recipe"
greenmail_version="$(sed -n 's:.*<greenmail.version>\(.*\)</greenmail.version>.*:\1:p' "$root/pom.xml")"

log() { printf 'base images: %s\n' "$*" >&2; }

hash() { sha256sum | cut -c1-16; }

current() { # image recipe -> 0 when the image exists with that recipe
	[ "$(docker image inspect --format "{{ index .Config.Labels \"$recipe_label\" }}" "$1" 2> /dev/null)" = "$2" ]
}

# debian_image NAME PACKAGES [docker import --change ...] < customize script
# A minbase Debian with PACKAGES (no recommends, apt lists and caches removed), imported as NAME.
debian_image() {
	local name=$1 packages=$2
	shift 2
	local hook recipe
	hook="$(mktemp)"
	cat > "$hook"
	chmod +x "$hook"
	recipe="$( (printf '%s\n' "$suite" "$packages" "$@" && cat "$hook") | hash)"
	if current "$name" "$recipe"; then
		log "$name is up to date"
		rm -f "$hook"
		return
	fi
	log "building $name from Debian $suite ($packages)"
	mmdebstrap --variant=minbase --include="$packages" \
		--customize-hook="$hook \"\$1\"" \
		--customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
		"$suite" - | docker import --change "LABEL $recipe_label=$recipe" --change 'ENV LANG=C.UTF-8' "$@" - "$name" > /dev/null
	rm -f "$hook"
}

jre="$prefix/jre:17"
debian_image "$jre" openjdk-17-jre-headless,passwd <<'HOOK'
#!/bin/sh
true
HOOK

jdk="$prefix/jdk:17"
debian_image "$jdk" openjdk-17-jdk-headless,passwd <<'HOOK'
#!/bin/sh
true
HOOK

# Redis as the official image runs it: an entrypoint that drops to the redis user for
# redis-server, data in /data, and protected mode off (the official build's default; access is
# governed by ACL users instead).
redis="$prefix/redis:7"
debian_image "$redis" redis-server,redis-tools \
	--change 'ENTRYPOINT ["docker-entrypoint.sh"]' --change 'CMD ["redis-server"]' \
	--change 'WORKDIR /data' --change 'VOLUME /data' --change 'EXPOSE 6379' <<'HOOK'
#!/bin/sh
set -e
mkdir -p "$1/data"
chroot "$1" chown redis:redis /data
cat > "$1/usr/local/bin/docker-entrypoint.sh" <<'SCRIPT'
#!/bin/sh
set -e
case "$1" in -*) set -- redis-server "$@" ;; esac
if [ "$1" = redis-server ]; then
	shift
	set -- redis-server --protected-mode no "$@"
	if [ "$(id -u)" = 0 ]; then
		find . \! -user redis -exec chown redis '{}' + 2> /dev/null || true
		exec setpriv --reuid=redis --regid=redis --init-groups "$@"
	fi
fi
exec "$@"
SCRIPT
chmod 755 "$1/usr/local/bin/docker-entrypoint.sh"
HOOK

# Prometheus as prom/prometheus runs it: as nobody, data under /prometheus.
prometheus="$prefix/prometheus:2"
debian_image "$prometheus" prometheus \
	--change 'ENTRYPOINT ["/usr/bin/prometheus"]' \
	--change 'CMD ["--config.file=/etc/prometheus/prometheus.yml","--storage.tsdb.path=/prometheus"]' \
	--change 'WORKDIR /prometheus' --change 'USER nobody' --change 'VOLUME /prometheus' --change 'EXPOSE 9090' <<'HOOK'
#!/bin/sh
set -e
mkdir -p "$1/prometheus"
chroot "$1" chown nobody:nogroup /prometheus
HOOK

# The mail catcher: GreenMail standalone (from Maven Central) on the JRE image, on Mailpit's
# ports (SMTP 1025, HTTP API 8025), accepting mail for anyone.
mail="$prefix/mailcatcher:greenmail-$greenmail_version"
mail_recipe="$( (cat "$here/mailcatcher.Dockerfile" && docker image inspect --format '{{.Id}}' "$jre") | hash)"
if current "$mail" "$mail_recipe"; then
	log "$mail is up to date"
else
	log "building $mail"
	context="$(mktemp -d)"
	"$root/mvnw" -q -B -f "$root/pom.xml" dependency:copy -Dartifact="com.icegreen:greenmail-standalone:$greenmail_version" \
		-Dmdep.stripVersion=true -DoutputDirectory="$context" > /dev/null
	docker build -q -f "$here/mailcatcher.Dockerfile" --build-arg "JRE_IMAGE=$jre" \
		--label "$recipe_label=$mail_recipe" -t "$mail" "$context" > /dev/null
	rm -rf "$context"
fi

cat > "$here/local-images.env" <<ENV
# Written by build-base-images.sh: the base images it built from Debian packages.
export JRE_IMAGE=$jre
export JDK_IMAGE=$jdk
export REDIS_IMAGE=$redis
export PROMETHEUS_IMAGE=$prometheus
export MAIL_IMAGE=$mail
ENV
log "done; . deploy/images/local-images.env points compose and the tests at them"
