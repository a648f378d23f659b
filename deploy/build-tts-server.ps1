<#
.SYNOPSIS
Builds the tts-server image, tts-inference-server:latest unless -Tag says otherwise.

.DESCRIPTION
The PowerShell twin of deploy/build-tts-server.sh.
  (default)  CPU image from deploy/Dockerfile.cpu (public .NET SDK and debian:bookworm-slim images).
  -Cuda      GPU image from deploy/Dockerfile.cuda (CUDA 12 + cuDNN 9 on nvidia/cuda); run it with --gpus all.
  -Local     CPU image without a registry: runs deploy/build-tts-server.sh --local, which needs bash, root and
             debootstrap the first time (Linux or WSL).

.EXAMPLE
.\deploy\build-tts-server.ps1 -Cuda
#>
[CmdletBinding()]
param(
    [switch] $Cuda,
    [switch] $Local,
    [string] $Tag = 'tts-inference-server:latest',
    [string] $Project = 'src/LocalAi.TtsServer/LocalAi.TtsServer.csproj'
)
$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot

if ($Cuda -and $Local) { throw '-Cuda and -Local cannot be combined: the local image is the CPU one.' }
if (-not (Test-Path (Join-Path $root $Project))) { throw "project $Project does not exist" }

Push-Location $root
try {
    if ($Local) {
        & bash deploy/build-tts-server.sh --local --tag $Tag --project $Project
    }
    else {
        $flavor = if ($Cuda) { 'cuda' } else { 'cpu' }
        & docker build -f "deploy/Dockerfile.$flavor" --build-arg "PROJECT=$Project" -t $Tag .
    }
    if ($LASTEXITCODE -ne 0) { throw "the image build failed (exit $LASTEXITCODE)" }
    Write-Host "built $Tag"
}
finally {
    Pop-Location
}
