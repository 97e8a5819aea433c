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
#   SYSTEMD_HOST_IMAGE a host that boots systemd and sshd, for the plain-VM test (no public default)
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

# A plain VM stand-in for deploy's PlainVmsIT: Debian with systemd as PID 1, OpenSSH, sudo, Java 17
# and Redis, run as a container that boots (`docker run --cap-add SYS_ADMIN --security-opt
# seccomp=unconfined --tmpfs /run --tmpfs /run/lock -v /sys/fs/cgroup:/sys/fs/cgroup:ro`). Like a
# cloud image, it ships no SSH host keys: each host makes its own on first boot, so no two hosts
# share a key. Redis is installed but disabled (only the control host turns it on). No public
# default: the test fleet is this project's own. Run it with `--stop-signal SIGRTMIN+3` (halt),
# which `docker import` cannot set.
systemd_host="$prefix/systemd-host:bookworm"
debian_image "$systemd_host" systemd,systemd-sysv,dbus,openssh-server,sudo,openjdk-17-jre-headless,redis-server,procps,iproute2,ca-certificates \
	--change 'ENTRYPOINT ["/sbin/init"]' --change 'ENV container=docker' <<'HOOK'
#!/bin/sh
set -e
rm -f "$1"/etc/ssh/ssh_host_*
cat > "$1/etc/systemd/system/ssh-host-keys.service" <<'UNIT'
[Unit]
Description=Make this host's own SSH host keys on its first boot
Before=ssh.service
ConditionPathExists=!/etc/ssh/ssh_host_ed25519_key

[Service]
Type=oneshot
ExecStart=/usr/bin/ssh-keygen -A

[Install]
WantedBy=multi-user.target
UNIT
# On a machine systemd marks / as shared at boot; in a container it does not, and then the
# credentials of a unit (LoadCredential=, which every Monkey Fleet unit uses) never reach it.
cat > "$1/etc/systemd/system/shared-root.service" <<'UNIT'
[Unit]
Description=Mark / shared, as systemd does on a machine (not in a container)
DefaultDependencies=no
Before=local-fs-pre.target sysinit.target

[Service]
Type=oneshot
ExecStart=/usr/bin/mount --make-rshared /

[Install]
WantedBy=sysinit.target
UNIT
chroot "$1" systemctl enable shared-root.service ssh-host-keys.service ssh.service
chroot "$1" systemctl disable redis-server.service
# A container cannot map users into a namespace of its own, which Debian's Redis unit asks for.
mkdir -p "$1/etc/systemd/system/redis-server.service.d"
printf '[Service]\nPrivateUsers=no\n' > "$1/etc/systemd/system/redis-server.service.d/container.conf"
# Nothing to do in a container: no consoles, no kernel modules, no file systems to remount.
for unit in getty.target console-getty.service systemd-remount-fs.service systemd-modules-load.service \
	sys-kernel-config.mount sys-kernel-debug.mount sys-kernel-tracing.mount systemd-firstboot.service; do
	chroot "$1" systemctl mask "$unit"
done
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
export SYSTEMD_HOST_IMAGE=$systemd_host
ENV
log "done; . deploy/images/local-images.env points compose and the tests at them"
