@echo off
rem installer\windows\build.cmd - the Windows installer: dist\branch-console-<version>-setup.exe.
rem Needs, on a Windows 10/11 x64 build machine: Python 3.11 or 3.12 (x64, from python.org, "py"
rem launcher) and Inno Setup 6 (ISCC.exe on PATH or in its default folder). Run from the repository's
rem top:   installer\windows\build.cmd
setlocal
cd /d "%~dp0\..\.."
where py >nul 2>nul || (echo build.cmd: error: the Python launcher "py" is missing: install Python 3.11+ from python.org & exit /b 1)
set ISCC=ISCC.exe
where ISCC.exe >nul 2>nul || set ISCC=%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe
if not exist "%ISCC%" where ISCC.exe >nul 2>nul || (echo build.cmd: error: Inno Setup 6 is missing: install it from jrsoftware.org & exit /b 1)
if not exist build\installer-venv\Scripts\python.exe py -3 -m venv build\installer-venv || exit /b 1
set PY=build\installer-venv\Scripts\python.exe
%PY% -m pip install -q --force-reinstall --no-deps . || exit /b 1
%PY% -m pip install -q ".[installer]" || exit /b 1
for /f %%v in ('cd build ^&^& ..\%PY% -c "import console; print(console.__version__)"') do set VERSION=%%v
pushd build
..\%PY% ..\installer\compile_translations.py || (popd & exit /b 1)
..\%PY% ..\installer\make_icon.py icons || (popd & exit /b 1)
..\build\installer-venv\Scripts\pyinstaller.exe --noconfirm --distpath bundle --workpath pyinstaller ..\installer\windows\branch-console.spec || (popd & exit /b 1)
popd
rem Qt's and Chromium's translations but Chinese and US English (installer/README.md, "Size")
for %%f in (build\bundle\branch-console\_internal\PySide6\translations\*.qm) do (echo %%~nf | findstr /e "_zh_CN" >nul || del "%%f")
for %%f in (build\bundle\branch-console\_internal\PySide6\translations\qtwebengine_locales\*.pak) do (if /i not "%%~nxf"=="en-US.pak" if /i not "%%~nxf"=="zh-CN.pak" del "%%f")
"%ISCC%" /DAppVersion=%VERSION% installer\windows\branch-console.iss || exit /b 1
echo build.cmd: made dist\branch-console-%VERSION%-setup.exe
