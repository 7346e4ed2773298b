; Windows installer for CounselRoom (心理辅导室工作台), built from the PyInstaller one-folder build.
; installers/build.py runs:  makensis /INPUTCHARSET UTF8 /DVERSION=x.y.z /DSOURCE_DIR=<dist\counselroom> /DOUTFILE=<setup.exe> counselroom.nsi
; The school's data lives in %LOCALAPPDATA%\CounselRoom (platformdirs, system/paths.py), never in the program
; folder: installing a new version or uninstalling leaves it alone unless the uninstaller is told otherwise.
Unicode true
!include "MUI2.nsh"

!ifndef VERSION
  !error "makensis /DVERSION=… is required (installers/build.py passes pyproject.toml's version)"
!endif
!ifndef SOURCE_DIR
  !error "makensis /DSOURCE_DIR=… (the one-folder build) is required"
!endif
!ifndef OUTFILE
  !define OUTFILE "CounselRoom-${VERSION}-setup.exe"
!endif

!define PRODUCT "心理辅导室工作台"
!define EXE "counselroom.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\CounselRoom"
!define DATA_DIR "$LOCALAPPDATA\CounselRoom"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\CounselRoom"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel admin
!ifdef COMPILE_CHECK
  SetCompressor zlib  ; installers/build.py --nsis on Linux: only proves the script compiles, quickly
!else
  SetCompressor /SOLID lzma
!endif
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "学校心理辅导室"

!define MUI_ICON "${SOURCE_DIR}\_internal\counselroom\resources\icons\counselroom.ico"
!define MUI_UNICON "${SOURCE_DIR}\_internal\counselroom\resources\icons\counselroom.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "启动${PRODUCT}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Section "程序" SecProgram
  SectionIn RO
  SetShellVarContext all
  ; An older version's files go first, so nothing stale is left beside the new ones; the data folder is elsewhere.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${SOURCE_DIR}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\${EXE}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\卸载${PRODUCT}.lnk" "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "学校心理辅导室"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  Delete "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk"
  Delete "$SMPROGRAMS\${PRODUCT}\卸载${PRODUCT}.lnk"
  RMDir "$SMPROGRAMS\${PRODUCT}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\counselroom-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"

  ; The school's records stay unless asked twice; a silent uninstall (/S) never deletes them.
  SetShellVarContext current
  IfSilent keep_data
  IfFileExists "${DATA_DIR}\*.*" 0 keep_data
  MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 \
    "程序已卸载。学校数据仍保存在：$\r$\n${DATA_DIR}$\r$\n$\r$\n是否同时删除这些数据？一般请选“否”：重新安装后可继续使用。" \
    IDNO keep_data
  MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 \
    "删除后无法找回，除非另有备份和恢复密钥。确定删除全部学校数据吗？" \
    IDNO keep_data
  RMDir /r "${DATA_DIR}"
  keep_data:
SectionEnd
