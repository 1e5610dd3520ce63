; Inno Setup script: OA-Desktop-Setup-<version>.exe, a per-user installer of the PyInstaller bundle.
;
; Build on Windows, after `pyinstaller --noconfirm installer\oa_desktop.spec` made
; dist\OA Desktop\ (release.yml does both):
;
;     iscc /DAppVersion=0.1.0 installer\windows\oa_desktop.iss
;
; Needs Inno Setup 6.3 or later (the x64compatible architecture identifier). The installer:
; - installs for the current user only, without administrator rights
;   (PrivilegesRequired=lowest: {autopf} is %LOCALAPPDATA%\Programs, {autoprograms} the
;   user's Start menu, {autodesktop} the user's desktop);
; - adds a Start-menu shortcut, and a desktop one if the user ticks the box;
; - carries a version-info resource (VersionInfo* below; the .exe files inside carry their
;   own, written by the spec);
; - uninstalls the program only: the data folder (%LOCALAPPDATA%\OA Desktop: the database,
;   the archive of every file exchanged with Office Ally, backups, logs) is kept, and the
;   uninstaller says so before and after.
; Signing (releases): uncomment SignTool below and define a sign tool named "signtool" in
; the Inno Setup IDE (Tools > Configure Sign Tools) or with iscc "/Ssigntool=...".

#define AppName "OA Desktop"
#define AppExeName "OADesktop.exe"
#define BundleDir "..\..\dist\OA Desktop"
#ifndef AppVersion
  ; the version of the bundled program, e.g. "0.1.0.0"
  #define AppVersion GetVersionNumbersString(AddBackslash(SourcePath) + BundleDir + "\" + AppExeName)
#endif

[Setup]
; AppId identifies the app for upgrades and the uninstaller: never change it.
AppId={{58AF3F2E-3B66-54C3-B8DD-2393E343FBA2}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=OA Desktop developers
AppCopyright=GNU GPL v3 or later
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
LicenseFile=..\..\LICENSE
OutputDir=..\..\dist
OutputBaseFilename=OA-Desktop-Setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\oa_desktop.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoProductVersion={#AppVersion}
VersionInfoDescription={#AppName} installer
VersionInfoCompany=OA Desktop developers
VersionInfoCopyright=GNU GPL v3 or later
;SignTool=signtool
;SignedUninstaller=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Messages]
ConfirmUninstall=Remove %1 from this computer?%n%nYour practice data (claims, patients, payments, the files exchanged with Office Ally and your backups) is NOT removed: it stays in your OA Desktop data folder, ready for the next install.

[CustomMessages]
DataKept=OA Desktop was removed. Your data was kept in:%n%n%1%n%nInstall OA Desktop again to use it, or delete that folder yourself once you have a backup you trust.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle: OADesktop.exe (windowed), oa-desktop.exe (command line), _internal\.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Comment: "Billing through Office Ally"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; only what the program itself leaves in its install folder; never the data folder
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Code]
// Where OA Desktop keeps the data (platformdirs: %LOCALAPPDATA%\OA Desktop), unless the
// user chose another folder with OA_DESKTOP_HOME or --data-dir.
function DataFolder(): String;
begin
  Result := GetEnv('OA_DESKTOP_HOME');
  if Result = '' then
    Result := ExpandConstant('{localappdata}\OA Desktop');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent() then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [DataFolder()]), mbInformation, MB_OK);
end;
