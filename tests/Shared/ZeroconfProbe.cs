using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LocalAi.Testing;

/// <summary>One resolved DNS-SD instance as a browser on this machine sees it.</summary>
internal sealed record ZeroconfInstance(string Name, string Type, string Host, string Address, int Port);

/// <summary>
/// What the local network says about DNS-SD services, asked the way Home Assistant asks: <c>avahi-browse</c> (another
/// process, resolving through the mDNS responder) and a raw mDNS query sent to 224.0.0.251:5353 from this test.
/// </summary>
internal static class ZeroconfProbe
{
    /// <summary>Why announcement tests are skipped here, or null when they run: outside CI a machine without Avahi skips them.</summary>
    public static string? SkipReason { get; } = AvahiRuns() || Environment.GetEnvironmentVariable("CI") == "true"
        ? null
        : "avahi-daemon is not running (scripts/start-avahi.sh starts it); CI=true makes this a failure instead.";

    /// <summary>
    /// Every resolved instance of a service type, once the browser has dumped its cache. A browse that has not ended
    /// within 10 s (it can wait on resolving an instance other tests just withdrew) is stopped, and what it printed
    /// by then counts.
    /// </summary>
    public static async Task<IReadOnlyList<ZeroconfInstance>> BrowseAsync(string type)
    {
        var start = new ProcessStartInfo("avahi-browse") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--resolve", "--parsable", "--terminate", "--no-db-lookup", type })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }

        return [.. (await output).Split('\n').Select(ParseResolved).OfType<ZeroconfInstance>()];
    }

    /// <summary>Browses until an instance matches, or the deadline passes (publication and withdrawal take a moment).</summary>
    public static async Task<ZeroconfInstance?> WaitForAsync(string type, Func<ZeroconfInstance, bool> match, bool present = true)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var found = (await BrowseAsync(type)).FirstOrDefault(match);
            if ((found is not null) == present || DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Sends one mDNS question (PTR of <paramref name="serviceName"/>, for example <c>_wyoming._tcp.local</c>) from an
    /// ephemeral port, so responders answer it by unicast (RFC 6762 §6.7), and returns every answer packet's bytes.
    /// </summary>
    public static async Task<IReadOnlyList<byte[]>> QueryPtrAsync(string serviceName)
    {
        using var socket = new UdpClient(AddressFamily.InterNetwork);
        socket.Client.Bind(new IPEndPoint(IPAddress.Any, 0));
        var query = new List<byte> { 0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in serviceName.Split('.'))
        {
            query.Add((byte)label.Length);
            query.AddRange(Encoding.ASCII.GetBytes(label));
        }

        query.AddRange([0, 0, 12, 0, 1]);
        await socket.SendAsync(query.ToArray(), new IPEndPoint(IPAddress.Parse("224.0.0.251"), 5353));
        var answers = new List<byte[]>();
        using var window = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            while (true)
            {
                var packet = await socket.ReceiveAsync(window.Token);
                if (packet.Buffer.Length > 12 && packet.Buffer[0] == 0x12 && packet.Buffer[1] == 0x34 && (packet.Buffer[2] & 0x80) != 0)
                {
                    answers.Add(packet.Buffer);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return answers;
    }

    /// <summary>Whether a DNS packet carries this name as one length-prefixed label.</summary>
    public static bool CarriesLabel(byte[] packet, string label)
    {
        var bytes = Encoding.UTF8.GetBytes(label);
        var needle = new byte[bytes.Length + 1];
        needle[0] = (byte)bytes.Length;
        bytes.CopyTo(needle, 1);
        return packet.AsSpan().IndexOf(needle) >= 0;
    }

    // avahi-browse -p: "=;iface;proto;name;type;domain;host;address;port;txt", with \DDD escapes in the name.
    private static ZeroconfInstance? ParseResolved(string line)
    {
        var fields = line.Split(';');
        if (fields.Length < 9 || fields[0] != "=")
        {
            return null;
        }

        return new ZeroconfInstance(Unescape(fields[3]), fields[4], fields[6], fields[7], int.Parse(fields[8], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Unescape(string name)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '\\' && i + 3 < name.Length && char.IsAsciiDigit(name[i + 1]))
            {
                bytes.Add(byte.Parse(name.AsSpan(i + 1, 3), System.Globalization.CultureInfo.InvariantCulture));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(name[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static bool AvahiRuns()
    {
        try
        {
            using var check = Process.Start(new ProcessStartInfo("avahi-daemon", "--check") { UseShellExecute = false, RedirectStandardError = true })!;
            check.WaitForExit(5000);
            return check.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>A test that needs Avahi: skipped with the reason when it is not running, unless CI is "true" (then it fails).</summary>
internal sealed class AvahiFactAttribute : FactAttribute
{
    public AvahiFactAttribute()
    {
        Skip = ZeroconfProbe.SkipReason;
    }
}
