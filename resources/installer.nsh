; Included by electron-builder's NSIS script (electron-builder.yml nsis.include). The till needs Windows 10 or
; later (Electron's current majors do not run on Windows 7/8/8.1) on a 64-bit PC (the SQLite binary is x64):
; an older or 32-bit system is told so, in Chinese and English, and nothing is installed.
!include "WinVer.nsh"
!include "x64.nsh"

!macro customInit
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "千米收银需要 Windows 10 或更高版本。本电脑的 Windows 版本过旧，无法安装。$\r$\n$\r$\nQianmi POS needs Windows 10 or later. This PC's Windows is too old to install it."
    Quit
  ${EndIf}
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "千米收银需要 64 位 Windows。本电脑是 32 位系统，无法安装。$\r$\n$\r$\nQianmi POS needs 64-bit Windows. This PC runs 32-bit Windows."
    Quit
  ${EndIf}
!macroend
