/**
 * `GET /enroll.sh`: the one-line installer, POSIX sh (dash, busybox ash, bash, zsh in sh mode).
 *   curl -fsSL <console>/enroll.sh | sh -s -- <token> [--no-service] [--server URL]
 * It checks for Node.js >= 20, downloads the bundled enroller from /api/device/v1/client, verifies its sha256
 * against the hash baked into this script (and the x-marshal-sha256 header it came with), installs it under
 * ~/.marshal/bin (or /usr/local/lib/marshal as root), runs `enroll`, and installs a service for the check-in
 * loop: a systemd user unit on Linux (a system unit as root), a launchd agent on macOS (a daemon as root),
 * unless --no-service. It prints what it did. MARSHAL_INSTALL_DIR overrides the install folder, and the
 * enroller's own MARSHAL_HOME its state folder.
 * systemd unit keys follow systemd.service(5)/systemd.unit(5); the launchd plist keys follow launchd.plist(5).
 */
export function renderEnrollScript(options: { serverUrl: string; sha256: string; enrollerBytes: number }): string {
  const url = options.serverUrl.replace(/\/+$/, "");
  if (!/^https?:\/\/[A-Za-z0-9._~:/?#[\]@!$&()*+,;=%-]+$/.test(url) || url.includes("'")) {
    throw new Error(`MARSHAL_PUBLIC_URL "${url}" cannot be written into the enroll script`);
  }
  if (!/^[0-9a-f]{64}$/.test(options.sha256)) throw new Error("the enroller bundle hash is not a sha256");
  return `#!/bin/sh
# Marshal device enrollment.
#   curl -fsSL ${url}/enroll.sh | sh -s -- <enrollment-token> [--no-service] [--server URL]
# Installs the Marshal enroller (one JavaScript file, ${options.enrollerBytes} bytes, sha256 ${options.sha256}),
# enrolls this device with the token, and runs the check-in loop as a service unless --no-service.
set -eu

MARSHAL_URL='${url}'
EXPECTED_SHA256='${options.sha256}'
TOKEN=''
INSTALL_SERVICE=1

say() { printf 'marshal: %s\\n' "$*"; }
die() { printf 'marshal: error: %s\\n' "$*" >&2; exit 1; }
usage() {
  cat <<'USAGE'
usage: curl -fsSL <console>/enroll.sh | sh -s -- <enrollment-token> [--no-service] [--server URL]
  --no-service   do not install a background service; run "marshal-enroller run" yourself
  --server URL   enroll with this console instead of the one that served this script
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --no-service) INSTALL_SERVICE=0 ;;
    --server) [ $# -ge 2 ] || die "--server needs a URL"; MARSHAL_URL="$2"; shift ;;
    --server=*) MARSHAL_URL="\${1#--server=}" ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) [ -z "$TOKEN" ] || die "unexpected argument $1 (only one token)"; TOKEN="$1" ;;
  esac
  shift
done
MARSHAL_URL="\${MARSHAL_URL%/}"
[ -n "$TOKEN" ] || { usage >&2; die "an enrollment token is required (create one in the console: Devices, Enroll devices)"; }

if ! command -v node >/dev/null 2>&1; then
  die "Node.js 20 or newer is required and was not found on PATH. Install it (https://nodejs.org, or your package manager: apt install nodejs, brew install node) and run this again."
fi
NODE_BIN="$(command -v node)"
NODE_VERSION="$("$NODE_BIN" -p 'process.versions.node' 2>/dev/null || echo 0)"
NODE_MAJOR="\${NODE_VERSION%%.*}"
case "$NODE_MAJOR" in ''|*[!0-9]*) NODE_MAJOR=0 ;; esac
[ "$NODE_MAJOR" -ge 20 ] || die "Node.js 20 or newer is required; $NODE_BIN is version $NODE_VERSION. Upgrade Node.js and run this again."
say "using Node.js $NODE_VERSION ($NODE_BIN)"

if [ -n "\${MARSHAL_INSTALL_DIR:-}" ]; then
  INSTALL_DIR="$MARSHAL_INSTALL_DIR"
elif [ "$(id -u)" -eq 0 ]; then
  INSTALL_DIR=/usr/local/lib/marshal
else
  [ -n "\${HOME:-}" ] || die "HOME is not set"
  INSTALL_DIR="$HOME/.marshal/bin"
fi
ENROLLER="$INSTALL_DIR/marshal-enroller.mjs"

TMP_DIR="$(mktemp -d 2>/dev/null || mktemp -d -t marshal)"
trap 'rm -rf "$TMP_DIR"' EXIT INT TERM
DOWNLOAD="$TMP_DIR/marshal-enroller.mjs"

say "downloading the enroller from $MARSHAL_URL/api/device/v1/client"
if command -v curl >/dev/null 2>&1; then
  curl -fsSL -D "$TMP_DIR/headers" -o "$DOWNLOAD" "$MARSHAL_URL/api/device/v1/client" || die "download failed from $MARSHAL_URL"
elif command -v wget >/dev/null 2>&1; then
  wget -q -S -O "$DOWNLOAD" "$MARSHAL_URL/api/device/v1/client" 2>"$TMP_DIR/headers" || die "download failed from $MARSHAL_URL"
else
  die "curl or wget is required to download the enroller"
fi

if command -v sha256sum >/dev/null 2>&1; then
  ACTUAL_SHA256="$(sha256sum "$DOWNLOAD" | cut -d ' ' -f 1)"
elif command -v shasum >/dev/null 2>&1; then
  ACTUAL_SHA256="$(shasum -a 256 "$DOWNLOAD" | cut -d ' ' -f 1)"
elif command -v openssl >/dev/null 2>&1; then
  ACTUAL_SHA256="$(openssl dgst -sha256 -r "$DOWNLOAD" | cut -d ' ' -f 1)"
else
  die "sha256sum, shasum or openssl is required to verify the download"
fi
SERVED_SHA256="$(tr -d '\\r' <"$TMP_DIR/headers" | sed -n 's/^ *[Xx]-[Mm]arshal-[Ss]ha256: *\\([0-9a-f]*\\).*/\\1/p' | tail -n 1)"
if [ "$ACTUAL_SHA256" != "$EXPECTED_SHA256" ]; then
  die "the downloaded enroller's sha256 is $ACTUAL_SHA256, expected $EXPECTED_SHA256: refusing to install it"
fi
if [ -n "$SERVED_SHA256" ] && [ "$SERVED_SHA256" != "$ACTUAL_SHA256" ]; then
  die "the server announced sha256 $SERVED_SHA256 but sent a file with sha256 $ACTUAL_SHA256: refusing to install it"
fi
say "verified sha256 $ACTUAL_SHA256"

mkdir -p "$INSTALL_DIR"
chmod 755 "$DOWNLOAD"
mv -f "$DOWNLOAD" "$ENROLLER"
say "installed $ENROLLER"

# A \`marshal-enroller\` command on PATH: agents' managed settings call it (e.g. Claude Code's apiKeyHelper
# runs \`marshal-enroller agent-token --product claude-code\`).
if [ -n "\${MARSHAL_BIN_DIR:-}" ]; then LAUNCHER_DIR="$MARSHAL_BIN_DIR"
elif [ "$(id -u)" -eq 0 ]; then LAUNCHER_DIR=/usr/local/bin
else LAUNCHER_DIR="$HOME/.local/bin"; fi
mkdir -p "$LAUNCHER_DIR"
printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$NODE_BIN" "$ENROLLER" >"$LAUNCHER_DIR/marshal-enroller"
chmod 755 "$LAUNCHER_DIR/marshal-enroller"
say "installed the marshal-enroller command in $LAUNCHER_DIR"
case ":$PATH:" in *":$LAUNCHER_DIR:"*) ;; *) say "note: $LAUNCHER_DIR is not on your PATH; add it so agents can call marshal-enroller" ;; esac

say "enrolling with $MARSHAL_URL"
"$NODE_BIN" "$ENROLLER" enroll --server "$MARSHAL_URL" --token "$TOKEN" || die "enrollment failed (see the message above)"

if [ "$INSTALL_SERVICE" -eq 0 ]; then
  say "not installing a service (--no-service); run the check-in loop with: $NODE_BIN $ENROLLER run"
  exit 0
fi

OS_NAME="$(uname -s)"
if [ "$OS_NAME" = "Linux" ] && command -v systemctl >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    UNIT_DIR=/etc/systemd/system
    SYSTEMCTL="systemctl"
    WANTED_BY=multi-user.target
  else
    UNIT_DIR="\${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user"
    SYSTEMCTL="systemctl --user"
    WANTED_BY=default.target
  fi
  mkdir -p "$UNIT_DIR"
  cat >"$UNIT_DIR/marshal-enroller.service" <<UNIT
[Unit]
Description=Marshal enroller (AI agent inventory and control)
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=$NODE_BIN $ENROLLER run
Restart=always
RestartSec=10

[Install]
WantedBy=$WANTED_BY
UNIT
  say "wrote $UNIT_DIR/marshal-enroller.service"
  if $SYSTEMCTL daemon-reload >/dev/null 2>&1 && $SYSTEMCTL enable --now marshal-enroller.service >/dev/null 2>&1; then
    say "started the service: $SYSTEMCTL status marshal-enroller"
  else
    say "could not start the service with $SYSTEMCTL (no session bus?); start it later with: $SYSTEMCTL enable --now marshal-enroller.service"
  fi
elif [ "$OS_NAME" = "Darwin" ]; then
  if [ "$(id -u)" -eq 0 ]; then PLIST_DIR=/Library/LaunchDaemons; else PLIST_DIR="$HOME/Library/LaunchAgents"; fi
  mkdir -p "$PLIST_DIR"
  PLIST="$PLIST_DIR/com.marshal.enroller.plist"
  cat >"$PLIST" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key><string>com.marshal.enroller</string>
  <key>ProgramArguments</key>
  <array><string>$NODE_BIN</string><string>$ENROLLER</string><string>run</string></array>
  <key>RunAtLoad</key><true/>
  <key>KeepAlive</key><true/>
</dict>
</plist>
PLIST
  say "wrote $PLIST"
  launchctl unload "$PLIST" >/dev/null 2>&1 || true
  if launchctl load -w "$PLIST" >/dev/null 2>&1; then say "started the launchd job com.marshal.enroller"; else say "could not load $PLIST; load it with: launchctl load -w $PLIST"; fi
else
  say "no systemd or launchd here; run the check-in loop yourself: $NODE_BIN $ENROLLER run"
fi
say "done"
`;
}
