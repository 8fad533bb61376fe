; Inno Setup 6 script of the kcp-pos Windows installer (needs Inno Setup 6.3 or later).
; packaging\build-windows.ps1 runs it after PyInstaller has made dist\kcp-pos\:
;     ISCC /DAppVersion=0.1.0 /DAppNumericVersion=0.1.0.0 packaging\windows\kcp-pos.iss
; -> dist\kcp-pos-0.1.0-setup.exe
;
; Per user, no administrator rights: the program goes to %LOCALAPPDATA%\Programs\kcp-pos
; ({autopf} with PrivilegesRequired=lowest). The shop's data is not in the program folder but in
; %LOCALAPPDATA%\kcp-pos (platformdirs' user data, config and log folders for "kcp-pos" with
; appauthor=False: the ledger, the training server, settings.json, Logs\), so installing a newer
; version over an older one (same AppId) replaces the program and keeps the data; the app
; migrates its store on its first start. Uninstalling keeps the data too, unless the person
; answers Yes to the question (No is the default; a silent uninstall never deletes it).

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=0.1.0 packaging\windows\kcp-pos.iss
#endif
#ifndef AppNumericVersion
  #define AppNumericVersion AppVersion
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\kcp-pos"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define AppName "kcp-pos"
#define AppExe "kcp-pos.exe"

[Setup]
; Never change the AppId: upgrades find the installed version by it.
AppId={{3A7DF8BD-7130-46D4-B9F1-4E68F14C0007}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 runs on Windows 10 and later.
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\icons\kcp-pos.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Setup and the uninstaller refuse to go on while kcp-pos runs: the app holds this named mutex
; for its whole life (kcp_pos/app.py, hold_the_running_mark). Replacing its files under it would
; break a payment in flight (its modules are loaded as they are first needed).
AppMutex=kcp-pos-running,Global\kcp-pos-running
; An upgrade offers to close the running app first (Windows' Restart Manager); kcp-pos asks
; before it closes with a payment in flight, and while it stays open Setup waits (AppMutex).
CloseApplications=yes
CloseApplicationsFilter=*.exe,*.dll,*.pyd
RestartApplications=no
LanguageDetectionMethod=uilanguage
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductVersion={#AppNumericVersion}
VersionInfoTextVersion={#AppVersion}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoCompany={#AppName}
VersionInfoDescription={#AppName} installer
VersionInfoProductName={#AppName}
VersionInfoCopyright=Copyright (C) kcp-pos authors

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
#if FileExists(AddBackslash(CompilerPath) + "Languages\Korean.isl")
  #define HaveKorean
Name: "korean"; MessagesFile: "compiler:Languages\Korean.isl"
#else
  #pragma warning "Korean.isl is not in this Inno Setup's Languages folder: the installer is English only"
#endif

[CustomMessages]
AppMenuName=kcp-pos payment terminal
RemoveDataQuestion=Also delete this computer's kcp-pos data?%n%n%1%n%nIt holds the payment records, the training server's data, the settings and the logs. Choose No to keep them (recommended): installing kcp-pos again finds them as they were.
RemoveDataFailed=Some files in %1 could not be deleted. Close kcp-pos and delete the folder by hand.
#ifdef HaveKorean
korean.AppMenuName=kcp-pos 결제 단말기
korean.RemoveDataQuestion=이 컴퓨터의 kcp-pos 데이터도 삭제할까요?%n%n%1%n%n결제 기록, 연습 서버 데이터, 설정, 로그가 들어 있습니다. 보관하려면 [아니요]를 누르세요(권장). kcp-pos를 다시 설치하면 그대로 이어서 쓸 수 있습니다.
korean.RemoveDataFailed=%1 안의 일부 파일을 삭제하지 못했습니다. kcp-pos를 닫고 폴더를 직접 삭제하세요.
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; The previous version's libraries go before the new ones are copied (a Qt DLL the new version
; no longer ships must not linger). Only the program folder: the shop's data is elsewhere.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{cm:AppMenuName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{cm:AppMenuName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
{ The shop's data folder: platformdirs' user data dir for "kcp-pos" (appauthor=False), which is
  also its config dir and holds its Logs folder on Windows (kcp_pos/settings/store.py,
  kcp_pos/logging_setup.py). A data folder moved in the settings (data_dir) is not touched. }
function ShopDataFolder(): String;
begin
  Result := ExpandConstant('{localappdata}\{#AppName}');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Folder: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  Folder := ShopDataFolder();
  { Kept unless asked: a silent uninstall never deletes it, and No is the default answer. }
  if UninstallSilent() or not DirExists(Folder) then
    Exit;
  if MsgBox(FmtMessage(CustomMessage('RemoveDataQuestion'), [Folder]),
            mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
  begin
    if not DelTree(Folder, True, True, True) then
      MsgBox(FmtMessage(CustomMessage('RemoveDataFailed'), [Folder]), mbError, MB_OK);
  end;
end;
