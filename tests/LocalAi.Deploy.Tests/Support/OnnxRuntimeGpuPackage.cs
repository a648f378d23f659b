using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LocalAi.Deploy.Tests.Support;

/// <summary>
/// What the CUDA build of ONNX Runtime the repository pins really needs: the package is restored into a scratch
/// project, and the CUDA execution provider's library names the CUDA runtime it links (<c>libcudart.so.N</c>).
/// </summary>
internal static partial class OnnxRuntimeGpuPackage
{
    private const string PackageId = "Microsoft.ML.OnnxRuntime.Gpu.Linux";

    /// <summary>The CUDA major version of the pinned package's <c>libonnxruntime_providers_cuda.so</c>.</summary>
    public static async Task<int> LinkedCudaMajorAsync()
    {
        var version = PinnedVersion();
        var scratch = Path.Combine(Path.GetTempPath(), "localai-ort-gpu-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            var project = Path.Combine(scratch, "probe.csproj");
            await File.WriteAllTextAsync(project, $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                  <ItemGroup><PackageReference Include="{PackageId}" Version="{version}" /></ItemGroup>
                </Project>
                """);
            await ProcessRunner.CheckedAsync("dotnet", ["restore", project, "-nologo", "-v", "quiet"], TimeSpan.FromMinutes(5));
            var library = Path.Combine(PackagesFolder(scratch), PackageId.ToLowerInvariant(), version, "runtimes", "linux-x64", "native", "libonnxruntime_providers_cuda.so");
            var names = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(library));
            var match = CudaRuntime().Match(names);
            Assert.True(match.Success, $"{library} names no libcudart.so.N");
            return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static string PinnedVersion()
    {
        var props = XDocument.Load(Repository.PathOf("Directory.Packages.props"));
        var version = props.Descendants("OnnxRuntimeVersion").Single().Value.Trim();
        var reference = props.Descendants("PackageVersion").Single(element => (string?)element.Attribute("Include") == PackageId);
        Assert.Equal("$(OnnxRuntimeVersion)", (string?)reference.Attribute("Version"));
        return version;
    }

    // The restore writes where the global packages folder is (NUGET_PACKAGES or ~/.nuget/packages).
    private static string PackagesFolder(string scratch)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(scratch, "obj", "project.assets.json")));
        return assets.RootElement.GetProperty("packageFolders").EnumerateObject().First().Name;
    }

    [GeneratedRegex(@"libcudart\.so\.([0-9]+)")]
    private static partial Regex CudaRuntime();
}
