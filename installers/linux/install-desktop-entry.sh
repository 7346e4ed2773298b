#!/bin/sh
# Adds 心理辅导室工作台 to this user's application menu, pointing at the folder this script is in.
# Run it once after unpacking the tarball:  ./install-desktop-entry.sh
# The school's data is kept in ~/.local/share/CounselRoom, never in this folder.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$apps"
sed -e "s|@PROGRAM@|$here/counselroom|" -e "s|@ICON@|$here/counselroom.png|" \
  "$here/counselroom.desktop.in" > "$apps/counselroom.desktop"
chmod 644 "$apps/counselroom.desktop"
echo "已加入应用程序菜单：$apps/counselroom.desktop"
echo "安装后请运行一次自检：\"$here/counselroom\" selftest"
