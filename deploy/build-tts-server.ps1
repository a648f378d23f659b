<#
.SYNOPSIS
Builds the tts-server image, tts-inference-server:latest unless -Tag says otherwise, or with -Router the router's.

.DESCRIPTION
The PowerShell twin of deploy/build-tts-server.sh.
  (default)  CPU image from deploy/Dockerfile.cpu (public .NET SDK and debian:bookworm-slim images).
  -Cuda      GPU image from deploy/Dockerfile.cuda (CUDA 13 + cuDNN 9 on nvidia/cuda); run it with --gpus all.
  -Local     CPU image without a registry: runs deploy/build-tts-server.sh --local, which needs bash, root and
             debootstrap the first time (Linux or WSL).
  -Router    the router image (deploy/Dockerfile.router; localai-router:latest from src/LocalAi.Cli); with -Local,
             deploy/Dockerfile.router.local. It needs no GPU, so not with -Cuda.

.EXAMPLE
.\deploy\build-tts-server.ps1 -Cuda
#>
[CmdletBinding()]
param(
    [switch] $Cuda,
    [switch] $Local,
    [switch] $Router,
    [string] $Tag,
    [string] $Project
)
$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot

if ($Cuda -and $Local) { throw '-Cuda and -Local cannot be combined: the local image is the CPU one.' }
if ($Cuda -and $Router) { throw '-Cuda and -Router cannot be combined: the router needs no GPU.' }
if (-not $Tag) { $Tag = if ($Router) { 'localai-router:latest' } else { 'tts-inference-server:latest' } }
if (-not $Project) { $Project = if ($Router) { 'src/LocalAi.Cli/LocalAi.Cli.csproj' } else { 'src/LocalAi.TtsServer/LocalAi.TtsServer.csproj' } }
if (-not (Test-Path (Join-Path $root $Project))) { throw "project $Project does not exist" }

Push-Location $root
try {
    if ($Local) {
        $app = if ($Router) { @('--router') } else { @() }
        & bash deploy/build-tts-server.sh --local @app --tag $Tag --project $Project
    }
    else {
        $dockerfile = if ($Router) { 'deploy/Dockerfile.router' } elseif ($Cuda) { 'deploy/Dockerfile.cuda' } else { 'deploy/Dockerfile.cpu' }
        & docker build -f $dockerfile --build-arg "PROJECT=$Project" -t $Tag .
    }
    if ($LASTEXITCODE -ne 0) { throw "the image build failed (exit $LASTEXITCODE)" }
    Write-Host "built $Tag"
}
finally {
    Pop-Location
}
