"""Build the installer for the OS this runs on (`make installer`; installers/README.md).

- Linux: the PyInstaller one-folder build, its .desktop entry and icon, and a tarball
  dist/counselroom-<version>-linux-<arch>.tar.gz.
- Windows: the same one-folder build, then the NSIS installer dist/CounselRoom-<version>-setup.exe.
- `--nsis` also compiles the NSIS script on Linux (Debian package nsis) against the Linux layout:
  a check that the script and the folder it packs agree, not an installer to ship.
- `--skip-build` reuses dist/counselroom from an earlier run; `--folder-only` stops after the build.

Name and version come from pyproject.toml, as in the spec.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLERS = ROOT / "installers"
DIST = ROOT / "dist"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
NAME, VERSION = PROJECT["name"], PROJECT["version"]


def one_folder_build() -> Path:
    """dist/counselroom: the program and everything it needs, no Python required on the PC."""
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            f"--distpath={DIST}",
            f"--workpath={ROOT / 'build' / 'pyinstaller'}",
            str(INSTALLERS / "counselroom.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    folder = DIST / NAME
    print(f"一文件夹版本：{folder}（{folder_size_mb(folder):.0f} MB，用时 {time.perf_counter() - started:.0f} 秒）")
    return folder


def linux_tarball(folder: Path) -> Path:
    """The folder with its menu entry, icon and the script that installs the entry, as one tarball."""
    shutil.copy(INSTALLERS / "linux" / "counselroom.desktop.in", folder / "counselroom.desktop.in")
    shutil.copy(INSTALLERS / "linux" / "install-desktop-entry.sh", folder / "install-desktop-entry.sh")
    shutil.copy(ROOT / "resources" / "icons" / "counselroom.png", folder / "counselroom.png")
    tarball = DIST / f"{NAME}-{VERSION}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(tarball, "w:gz", compresslevel=6) as archive:  # 9 takes twice as long for 2 % less
        archive.add(folder, arcname=f"{NAME}-{VERSION}")
    print(f"Linux 安装包：{tarball}（{tarball.stat().st_size / 1e6:.0f} MB）")
    return tarball


def nsis_installer(folder: Path) -> Path:
    """makensis over the one-folder build: the Windows installer (on Linux, a compile check of the script)."""
    makensis = shutil.which("makensis")
    if makensis is None:
        raise SystemExit("找不到 makensis：Windows 上请安装 NSIS，Linux 上请安装 Debian 软件包 nsis。")
    shipping = sys.platform == "win32"
    target = DIST / f"CounselRoom-{VERSION}-{'setup' if shipping else 'nsis-check'}.exe"
    # The check on Linux only proves the script compiles against the layout: zlib does it in a fraction of the
    # time solid LZMA takes over 300 MB. -WX: a warning fails the build as an error would.
    fast = [] if shipping else ["-DCOMPILE_CHECK"]
    subprocess.run(
        [
            makensis,
            "-INPUTCHARSET",
            "UTF8",
            "-V2",
            "-WX",
            f"-DVERSION={VERSION}",
            f"-DSOURCE_DIR={folder}",
            f"-DOUTFILE={target}",
            *fast,
            str(INSTALLERS / "windows" / "counselroom.nsi"),
        ],
        check=True,
    )
    print(f"NSIS 安装程序：{target}（{target.stat().st_size / 1e6:.0f} MB）")
    return target


def folder_size_mb(folder: Path) -> float:
    """What the folder takes on disk: PyInstaller links some libraries, so a link is not counted twice."""
    return sum(f.lstat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nsis", action="store_true", help="also compile the NSIS script (always on Windows)")
    parser.add_argument("--skip-build", action="store_true", help="reuse dist/counselroom")
    parser.add_argument("--folder-only", action="store_true", help="only the one-folder build (CI's smoke test)")
    parser.add_argument("--nsis-only", action="store_true", help="compile the NSIS script, no tarball")
    args = parser.parse_args(argv)
    folder = DIST / NAME if args.skip_build else one_folder_build()
    if args.folder_only:
        return 0
    if sys.platform == "win32":
        nsis_installer(folder)
        return 0
    if not args.nsis_only:
        linux_tarball(folder)
    if args.nsis or args.nsis_only:
        nsis_installer(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
