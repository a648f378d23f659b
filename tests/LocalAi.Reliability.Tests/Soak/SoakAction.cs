namespace LocalAi.Reliability.Tests.Soak;

/// <summary>
/// One kind of request in a soak's mix, picked in proportion to its weight. It throws (an assertion or anything
/// else) when the server's answer is wrong; a client-side abort it causes on purpose is not a failure.
/// </summary>
internal sealed record SoakAction(string Name, int Weight, Func<HttpClient, Random, CancellationToken, Task> RunAsync);
