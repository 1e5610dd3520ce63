#!/usr/bin/env bash
# Make dist/OA-Desktop-<version>.dmg from dist/OA Desktop.app (macOS only).
#
#     make dmg                     # = make bundle, then this script
#     installer/macos/build_dmg.sh # when dist/OA Desktop.app is already built
#
# The .app comes from installer/oa_desktop.spec (PyInstaller's BUNDLE): Info.plist carries
# CFBundleIdentifier org.oadesktop.OADesktop, CFBundleShortVersionString/CFBundleVersion =
# oa_desktop.__version__ and the icon. This script checks those, then puts the app and a
# link to /Applications in a compressed read-only disk image (hdiutil, format UDZO), so the
# user drags the app onto Applications.
#
# Signing and notarisation (releases; without them Gatekeeper blocks a downloaded app, and
# the user has to right-click > Open, or allow it in System Settings > Privacy & Security):
#   1. Export OA_CODESIGN_IDENTITY="Developer ID Application: NAME (TEAMID)" before
#      `make bundle`: PyInstaller then signs every binary and the .app with the hardened
#      runtime and installer/macos/entitlements.plist. The certificate must be in the keychain
#      (in CI: import the .p12 into a temporary keychain first; see release.yml).
#   2. This script signs the .dmg with the same identity.
#   3. With OA_NOTARY_PROFILE set (a profile stored once with
#      `xcrun notarytool store-credentials PROFILE --apple-id ID --team-id TEAMID
#      --password APP-SPECIFIC-PASSWORD`), it submits the .dmg to Apple's notary service,
#      waits for the verdict, and staples the ticket to the .dmg so it opens offline too.
#   Check a result with: spctl -a -vvv -t install "dist/OA-Desktop-<version>.dmg"
set -euo pipefail
cd "$(dirname "$0")/../.."

APP="dist/OA Desktop.app"
BUNDLE_ID="org.oadesktop.OADesktop"
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' oa_desktop/__init__.py)
DMG="dist/OA-Desktop-${VERSION}.dmg"
PLIST="$APP/Contents/Info.plist"

[ "$(uname -s)" = Darwin ] || { echo "build_dmg.sh: macOS only (hdiutil)" >&2; exit 2; }
[ -d "$APP" ] || { echo "build_dmg.sh: $APP is missing; run make bundle first" >&2; exit 2; }

plist() { /usr/libexec/PlistBuddy -c "Print :$1" "$PLIST"; }
[ "$(plist CFBundleIdentifier)" = "$BUNDLE_ID" ] || { echo "wrong bundle id in $PLIST" >&2; exit 1; }
[ "$(plist CFBundleShortVersionString)" = "$VERSION" ] || { echo "wrong version in $PLIST" >&2; exit 1; }
"$APP/Contents/MacOS/oa-desktop" --version

if [ -n "${OA_CODESIGN_IDENTITY:-}" ]; then
    codesign --verify --deep --strict --verbose=2 "$APP"
fi

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
ditto "$APP" "$STAGE/OA Desktop.app"       # ditto keeps symlinks, permissions, signatures
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "OA Desktop" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"

if [ -n "${OA_CODESIGN_IDENTITY:-}" ]; then
    codesign --force --timestamp --sign "$OA_CODESIGN_IDENTITY" "$DMG"
    if [ -n "${OA_NOTARY_PROFILE:-}" ]; then
        xcrun notarytool submit "$DMG" --keychain-profile "$OA_NOTARY_PROFILE" --wait
        xcrun stapler staple "$DMG"
        xcrun stapler validate "$DMG"
    fi
fi
hdiutil verify "$DMG"
echo "$DMG"
