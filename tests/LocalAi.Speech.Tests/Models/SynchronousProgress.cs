namespace LocalAi.Speech.Tests.Models;

/// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>, so a test sees every report before the pull returns.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
