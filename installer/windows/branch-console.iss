; installer\windows\branch-console.iss - Inno Setup 6 script of the Windows installer.
; Built by installer\windows\build.cmd (which passes /DAppVersion=...) from the PyInstaller bundle
; build\bundle\branch-console. Per-machine install under Program Files; each user's database stays
; in their own %LOCALAPPDATA%\branch-console (platformdirs) and is not removed on uninstall.
#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z branch-console.iss (build.cmd does)
#endif

[Setup]
AppId={{6A4C8F0E-3B9D-4E57-9C0B-BC0C0E5A1F21}
AppName=Branch Console
AppVersion={#AppVersion}
AppPublisher=Branch console developers
DefaultDirName={autopf}\Branch Console
DefaultGroupName=Branch Console
UninstallDisplayIcon={app}\branch-console-gui.exe
OutputDir=..\..\dist
OutputBaseFilename=branch-console-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
ShowLanguageDialog=auto

[Languages]
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
zh_CN.AppTitle=分公司督查与派单工作台
en.AppTitle=Branch Console

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\..\build\bundle\branch-console\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{cm:AppTitle}"; Filename: "{app}\branch-console-gui.exe"
Name: "{autodesktop}\{cm:AppTitle}"; Filename: "{app}\branch-console-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\branch-console-gui.exe"; Description: "{cm:LaunchProgram,{cm:AppTitle}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; the bundle writes nothing into {app} at run time; anything left there by hand goes with it
Type: filesandordirs; Name: "{app}"
