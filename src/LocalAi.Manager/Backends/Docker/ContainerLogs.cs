using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace LocalAi.Manager.Backends.Docker;

/// <summary>The last lines of a container's output, stdout and stderr in the order they were written.</summary>
internal static class ContainerLogs
{
    public static async Task<IReadOnlyList<string>> TailAsync(DockerClient client, string id, bool tty, int maxLines, CancellationToken cancellationToken)
    {
        if (maxLines <= 0)
        {
            return [];
        }

        var parameters = new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Tail = maxLines.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        using var stream = await client.Containers.GetContainerLogsAsync(id, tty, parameters, cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder();
        var buffer = new byte[16 * 1024];
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        while (true)
        {
            // Frames come in the order the container wrote them; reading them into one text keeps stderr among stdout.
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (read.EOF)
            {
                break;
            }

            var count = decoder.GetChars(buffer, 0, read.Count, chars, 0, flush: false);
            text.Append(chars, 0, count);
        }

        var lines = text.ToString().Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines.Count <= maxLines ? lines : lines[^maxLines..];
    }
}
