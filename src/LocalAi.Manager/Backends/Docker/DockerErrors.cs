using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;

namespace LocalAi.Manager.Backends.Docker;

/// <summary>Turns what the engine (or the lack of one) answered into a <see cref="BackendException"/> that says what to do.</summary>
internal static class DockerErrors
{
    /// <summary>
    /// Runs one engine call for <paramref name="action"/> (a phrase such as "starting container x"), turning a
    /// missing engine or an engine error into a <see cref="BackendException"/>. Cancellation passes through.
    /// </summary>
    public static async Task<T> CallAsync<T>(Uri endpoint, string action, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (IsEngineFailure(e))
        {
            throw Describe(endpoint, action, e);
        }
    }

    /// <summary>Runs one engine call that answers nothing; see <see cref="CallAsync{T}"/>.</summary>
    public static Task CallAsync(Uri endpoint, string action, Func<Task> call) =>
        CallAsync(endpoint, action, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        });

    /// <summary>The engine's own message from its JSON answer (<c>{"message": "…"}</c>), or the status when it has none.</summary>
    public static string EngineMessage(DockerApiException e)
    {
        try
        {
            using var body = JsonDocument.Parse(e.ResponseBody);
            if (body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("message", out var message)
                && message.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body itself is the best description.
        }

        return string.IsNullOrWhiteSpace(e.ResponseBody) ? $"HTTP {(int)e.StatusCode} {e.StatusCode}" : e.ResponseBody.Trim();
    }

    /// <summary>Whether <paramref name="e"/> is the engine's refusal or a failure to reach it (not a cancellation or a bug).</summary>
    public static bool IsEngineFailure(Exception e) => e is DockerApiException || IsUnreachable(e);

    /// <summary>What went wrong while doing <paramref name="action"/>, in words that say what to do about it.</summary>
    public static BackendException Describe(Uri endpoint, string action, Exception e) => e is DockerApiException refusal
        ? new BackendException($"Docker refused {action}: {EngineMessage(refusal)}", e)
        : Unreachable(endpoint, action, e);

    private static bool IsUnreachable(Exception e) => e is HttpRequestException or IOException or SocketException or TimeoutException;

    private static BackendException Unreachable(Uri endpoint, string action, Exception e)
    {
        var socket = Inner<SocketException>(e);
        var advice = socket?.SocketErrorCode == SocketError.AccessDenied
            ? "Is this user allowed to use Docker (on Linux, a member of the docker group)?"
            : "Is Docker running? Start it (or Docker Desktop), or point DOCKER_HOST at the engine.";
        var detail = socket?.Message ?? e.InnerException?.Message ?? e.Message;
        return new BackendException($"Cannot reach the Docker engine at {endpoint} while {action} ({detail}). {advice}", e);
    }

    private static T? Inner<T>(Exception e)
        where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}
