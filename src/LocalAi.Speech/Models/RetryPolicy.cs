using System.Net.Sockets;

namespace LocalAi.Speech.Models;

/// <summary>Retries transient hub failures with exponential backoff; everything else fails at once.</summary>
internal sealed class RetryPolicy(int maxAttempts, TimeSpan firstDelay)
{
    public async Task<T> RunAsync<T>(string what, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action().ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                if (attempt >= maxAttempts)
                {
                    throw new ModelStoreException(
                        ModelStoreErrorKind.Http, $"Could not fetch {what} after {attempt} attempt(s): {e.Message}", e);
                }

                await Task.Delay(firstDelay * Math.Pow(2, attempt - 1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        HubTransientException or HttpIOException => true,
        HttpRequestException { HttpRequestError: not (HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError) } => true,
        IOException { InnerException: SocketException } => true,
        // HttpClient reports its own timeout as a cancellation the caller did not ask for.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
