#!/bin/sh
# Lock a kiosk PC down around the kiosk (Debian). Run as root from the release
# folder, after the bundle is in /opt/hcmc-kiosk. What each step is for:
# docs/security.md. Safe to run again.
set -eu
here=$(dirname "$0")

id kiosk >/dev/null 2>&1 || useradd --system --create-home --home-dir /var/lib/kiosk-home --shell /usr/sbin/nologin kiosk
install -d -m 0755 /etc/hcmc-kiosk /etc/X11/xorg.conf.d /etc/systemd/logind.conf.d

install -m 0644 "$here/systemd/kiosk.service" "$here/systemd/kiosk-x11.service" /etc/systemd/system/
install -m 0644 "$here/xorg/10-kiosk-lockdown.conf" /etc/X11/xorg.conf.d/
install -m 0644 "$here/udev/70-kiosk-devices.rules" /etc/udev/rules.d/
install -m 0644 "$here/sysctl/90-kiosk.conf" /etc/sysctl.d/
install -m 0644 "$here/logind/kiosk.conf" /etc/systemd/logind.conf.d/

# No desktop, no login screen, no Ctrl+Alt+Del reboot, no consoles to switch to.
systemctl disable --now display-manager.service 2>/dev/null || true
systemctl mask ctrl-alt-del.target
for n in 1 2 3 4 5 6; do systemctl mask "getty@tty$n.service"; done
systemctl set-default graphical.target

udevadm control --reload && udevadm trigger
sysctl --system >/dev/null
systemctl daemon-reload
systemctl enable kiosk-x11.service kiosk.service
echo "locked down; reboot, then check: systemctl status kiosk (and docs/security.md, 'after install')"
