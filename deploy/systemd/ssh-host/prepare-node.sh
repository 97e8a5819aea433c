#!/bin/sh
# Prepares an app host for the provisioner's ssh driver: run once on each node, as root.
#
#   sudo deploy/systemd/ssh-host/prepare-node.sh --key PROVISIONER_PUBLIC_KEY --service UNIT \
#        [--app-path DIR]... [--name NAME]
#
# * makes the login user `monkeyfleet` (a system user, no password: the key is the only way in),
#   whose authorized_keys holds the provisioner's public key with `restrict` (no terminal, no
#   forwarding: commands only);
# * lets that user run, through sudo, exactly what the driver's command set runs: reboot the host,
#   start/stop/restart/enable UNIT, and install one Debian package with monkeyfleet-apt-install
#   (which takes a package name, nothing else) — nothing more (/etc/sudoers.d/monkeyfleet);
# * gives it the app's folders (--app-path), which a migration copies to and from;
# * prints this host's known_hosts lines: append them to the provisioner's known_hosts. It is read
#   here, on the host itself, so the provisioner trusts the key the host really has (never
#   ssh-keyscan over the network, never StrictHostKeyChecking=no).
# Running it again is harmless: it rewrites the same files.
set -eu
usage() {
	echo "usage: prepare-node.sh --key PUBLIC_KEY_FILE --service UNIT [--app-path DIR]... [--name NAME]" >&2
	exit 2
}
key=
service=
name=$(hostname)
paths=
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || usage
	case "$1" in
		--key) key=$2 ;;
		--service) service=$2 ;;
		--app-path) paths="$paths $2" ;;
		--name) name=$2 ;;
		*) usage ;;
	esac
	shift 2
done
[ -n "$key" ] && [ -n "$service" ] || usage
case "$service" in *[!A-Za-z0-9@._-]* | '') echo "prepare-node: not a unit name: $service" >&2; exit 2 ;; esac
if ! grep -Eq '^(ssh-ed25519|ecdsa-sha2-nistp[0-9]+|ssh-rsa) [A-Za-z0-9+/=]+( .*)?$' "$key"; then
	echo "prepare-node: $key is not an OpenSSH public key (ssh-ed25519 AAAA... comment)" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
user=monkeyfleet
home=/var/lib/monkeyfleet
if ! id "$user" > /dev/null 2>&1; then
	useradd --system --home-dir "$home" --create-home --shell /bin/sh "$user"
fi
install -d -m 0700 -o "$user" -g "$user" "$home/.ssh"
printf 'restrict %s\n' "$(head -n 1 "$key")" > "$home/.ssh/authorized_keys.new"
chown "$user:$user" "$home/.ssh/authorized_keys.new"
chmod 0600 "$home/.ssh/authorized_keys.new"
mv "$home/.ssh/authorized_keys.new" "$home/.ssh/authorized_keys"

install -m 0755 "$here/monkeyfleet-apt-install" /usr/local/sbin/monkeyfleet-apt-install
sudoers=$(mktemp)
cat > "$sudoers" <<SUDOERS
# Written by deploy/systemd/ssh-host/prepare-node.sh: what the provisioner's ssh driver may run.
Cmnd_Alias MONKEYFLEET_REBOOT = /usr/bin/systemctl reboot
Cmnd_Alias MONKEYFLEET_APP = /usr/bin/systemctl start $service, /usr/bin/systemctl stop $service, \\
	/usr/bin/systemctl restart $service, /usr/bin/systemctl enable --now $service
Cmnd_Alias MONKEYFLEET_PACKAGES = /usr/local/sbin/monkeyfleet-apt-install
$user ALL=(root) NOPASSWD: MONKEYFLEET_REBOOT, MONKEYFLEET_APP, MONKEYFLEET_PACKAGES
SUDOERS
visudo -cq -f "$sudoers"
install -m 0440 "$sudoers" /etc/sudoers.d/monkeyfleet
rm -f "$sudoers"

for path in $paths; do
	install -d -m 0755 "$path"
	chown -R "$user:$user" "$path"
done

# One line per host key the host has: an SSH client may settle on any of them (OpenSSH prefers the
# types it already knows, Apache MINA SSHD, the provisioner's client, its own order).
found=no
for hostkey in /etc/ssh/ssh_host_*_key.pub; do
	[ -s "$hostkey" ] || continue
	printf '%s %s\n' "$name" "$(cut -d ' ' -f 1,2 "$hostkey")"
	found=yes
done
if [ "$found" = no ]; then
	echo "prepare-node: no host keys in /etc/ssh (is openssh-server installed and started?)" >&2
	exit 1
fi
