using System.Globalization;
using Docker.DotNet.Models;

namespace LocalAi.Manager.Backends.Docker;

/// <summary>
/// The device request <c>docker run --gpus</c> makes: <c>all</c>, a count (<c>1</c>) or a list of devices
/// (<c>device=0,1</c>, by index or UUID), each asking the engine for devices with the <c>gpu</c> capability.
/// </summary>
internal static class GpuRequest
{
    public static DeviceRequest Parse(string text)
    {
        var value = text.Trim();
        var request = new DeviceRequest { Capabilities = [["gpu"]] };
        if (value.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            // -1 is the engine's "every device", as the docker command sends it.
            request.Count = -1;
        }
        else if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
        {
            request.Count = count;
        }
        else if (value.StartsWith("device=", StringComparison.OrdinalIgnoreCase)
                 && value["device=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } devices)
        {
            request.DeviceIDs = devices;
        }
        else
        {
            throw new BackendException($"The gpus value '{text}' is not valid: use \"all\", a count such as \"1\", or \"device=0,1\".");
        }

        return request;
    }
}
