using LocalAi.Router.Voices;

namespace LocalAi.Router.Features;

/// <summary>The voice directory used until one is configured: it knows no library voice.</summary>
public sealed class EmptyVoiceDirectory : IVoiceDirectory
{
    /// <inheritdoc/>
    public ValueTask<string?> ContentHashAsync(string voice, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

    /// <inheritdoc/>
    public Task RefreshAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public string? LibraryName(string voice) => null;
}
