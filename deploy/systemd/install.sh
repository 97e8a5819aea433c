#!/bin/sh
# Puts one Monkey Fleet service on this host as a systemd service:
#
#   sudo deploy/systemd/install.sh gateway|monkey|provisioner|agent JAR [--root DIR] [--no-start] [--ssh]
#
# JAR: the service's jar (<module>/target/<module>-*.jar after ./mvnw -DskipTests package).
# Installs the jar under /opt/monkeyfleet/<module>/, the unit into /etc/systemd/system/, the
# environment file template as /etc/monkeyfleet/<service>.env (kept if it already exists), and
# makes /etc/monkeyfleet/secrets/<service>/ (root only) for the credentials the unit loads.
# Then enables and starts the unit, unless --no-start or the credentials are still missing.
# --ssh (provisioner only): also the drop-in that hands the ssh driver its key and known_hosts as
# credentials (provisioner-ssh.conf); both files are then required secrets.
# --root DIR installs into DIR instead of / (for a check, or to build an image) and never starts.
set -eu
usage() {
	echo "usage: install.sh gateway|monkey|provisioner|agent JAR [--root DIR] [--no-start] [--ssh]" >&2
	exit 2
}
[ $# -ge 2 ] || usage
service=$1
jar=$2
shift 2
root=
start=yes
ssh=no
while [ $# -gt 0 ]; do
	case "$1" in
		--root) [ $# -ge 2 ] || usage; root=$2; start=no; shift 2 ;;
		--no-start) start=no; shift ;;
		--ssh) ssh=yes; shift ;;
		*) usage ;;
	esac
done
case "$service" in
	gateway) module=gateway-service; secrets="redis-password" ;;
	monkey) module=monkey-service; secrets="redis-password provisioner-token" ;;
	provisioner) module=provisioner-service; secrets="redis-password" ;;
	agent) module=monitor-agent; secrets="redis-password" ;;
	*) echo "install.sh: unknown service '$service' (gateway, monkey, provisioner or agent)" >&2; exit 2 ;;
esac
if [ "$ssh" = yes ]; then
	if [ "$service" != provisioner ]; then
		echo "install.sh: --ssh is for the provisioner only" >&2
		exit 2
	fi
	secrets="$secrets ssh-key known_hosts"
fi
if [ ! -f "$jar" ]; then
	echo "install.sh: no jar at $jar; build it with ./mvnw -pl $module -am package -DskipTests" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
unit=monkeyfleet-$service.service

install -d -m 0755 "$root/opt/monkeyfleet/$module" "$root/etc/systemd/system" "$root/etc/monkeyfleet"
install -m 0644 "$jar" "$root/opt/monkeyfleet/$module/$module.jar"
install -m 0644 "$here/$unit" "$root/etc/systemd/system/$unit"
if [ "$ssh" = yes ]; then
	install -d -m 0755 "$root/etc/systemd/system/$unit.d"
	install -m 0644 "$here/provisioner-ssh.conf" "$root/etc/systemd/system/$unit.d/ssh.conf"
fi
if [ -e "$root/etc/monkeyfleet/$service.env" ]; then
	echo "kept $root/etc/monkeyfleet/$service.env"
else
	install -m 0640 "$here/env/$service.env" "$root/etc/monkeyfleet/$service.env"
	echo "wrote $root/etc/monkeyfleet/$service.env: edit it"
fi
install -d -m 0700 "$root/etc/monkeyfleet/secrets" "$root/etc/monkeyfleet/secrets/$service"
missing=
for secret in $secrets; do
	if [ ! -s "$root/etc/monkeyfleet/secrets/$service/$secret" ]; then
		missing="$missing $root/etc/monkeyfleet/secrets/$service/$secret"
	fi
done

if [ "$start" = no ]; then
	echo "installed $unit (not started)"
elif [ -n "$missing" ]; then
	echo "installed $unit; not started: write these first (one line, mode 0600), then systemctl enable --now $unit:$missing"
else
	systemctl daemon-reload
	systemctl enable --now "$unit"
	echo "started $unit: journalctl -u $unit -f"
fi
