#!/usr/bin/env bash
# Builds recace_<version>_amd64.deb: the self-contained program under /opt/recace, configuration
# in /etc/recace (kept on upgrade), data in /var/lib/recace (never removed by the package), a
# system user "recace" and a systemd unit. Migrations run when the service starts.
#   packaging/deb/build-deb.sh [output-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(realpath -m "${1:-artifacts}")
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

dotnet publish web/RecAce.Web -c Release -r linux-x64 --self-contained true -o "$root/opt/recace" --nologo -v quiet
cp README.md "$root/opt/recace/"
install -D -m 0755 packaging/announcements/make-announcements.sh "$root/opt/recace/make-announcements.sh"
install -d "$root/etc/recace" "$root/lib/systemd/system" "$root/DEBIAN" "$root/var/lib/recace"
cat > "$root/etc/recace/appsettings.json" <<'JSON'
{
  "Urls": "http://127.0.0.1:5080",
  "RecAce": {
    "DataDirectory": "/var/lib/recace",
    "TimeZone": "Asia/Tokyo"
  },
  "Plugins": {
    "FolderImport": { "Enabled": false, "Path": "/var/lib/recace/import" }
  }
}
JSON
install -m 0644 packaging/deb/recace.service "$root/lib/systemd/system/recace.service"

size=$(du -sk "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: recace
Version: $version
Section: comm
Priority: optional
Architecture: amd64
Maintainer: RecAce <recace@localhost>
Depends: ffmpeg, libgomp1, fonts-ipaexfont-gothic, adduser
Recommends: libpcap0.8, espeak-ng, sox
Installed-Size: $size
Description: On-premise call recording against customer harassment
 RecAce records every call of a city hall without changing phone numbers, keeps each
 recording as tamper-evident evidence, and serves a small web admin in Japanese.
CONTROL
echo "/etc/recace/appsettings.json" > "$root/DEBIAN/conffiles"
cat > "$root/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = "configure" ]; then
    if ! getent passwd recace >/dev/null; then
        adduser --system --group --home /var/lib/recace --no-create-home --quiet recace
    fi
    install -d -o recace -g recace -m 0750 /var/lib/recace
    chown root:recace /etc/recace/appsettings.json
    chmod 0640 /etc/recace/appsettings.json
    # Default recording announcements (録音告知) for the SIP in-line recorder; an existing file
    # (perhaps a recorded human voice) is never replaced. Needs espeak-ng and sox (Recommends).
    announcements=/var/lib/recace/plugins/Sip/announcements
    if [ ! -f "$announcements/ja.wav" ] && command -v espeak-ng >/dev/null && command -v sox >/dev/null; then
        /opt/recace/make-announcements.sh "$announcements" >/dev/null 2>&1 || echo "recace: default announcements not made (see /opt/recace/make-announcements.sh)" >&2
        chown -R recace:recace /var/lib/recace/plugins 2>/dev/null || true
    fi
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload >/dev/null || true
        systemctl enable recace.service >/dev/null || true
        # An upgrade restarts the service; it applies migrations as it starts.
        systemctl restart recace.service >/dev/null || true
    fi
fi
exit 0
SCRIPT
cat > "$root/DEBIAN/prerm" <<'SCRIPT'
#!/bin/sh
set -e
if [ -d /run/systemd/system ] && [ "$1" = "remove" ]; then
    systemctl stop recace.service >/dev/null || true
    systemctl disable recace.service >/dev/null || true
fi
exit 0
SCRIPT
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm"
mkdir -p "$out"
deb="$out/recace_${version}_amd64.deb"
fakeroot dpkg-deb --build -Zxz "$root" "$deb" >/dev/null
echo "$deb"
