namespace LocalAi.Manager.Lifecycle;

/// <summary>What must happen across models before one starts: refusals (gaming mode, GPU memory) and swaps of exclusive groups.</summary>
public interface IStartCoordinator
{
    /// <summary>
    /// Makes room for <paramref name="model"/> (stopping others) or throws a <see cref="ModelUnavailableException"/>
    /// that refuses the start; the returned handle is disposed when the start finished, so starts that compete for
    /// the same room do not overlap.
    /// </summary>
    Task<IDisposable> PrepareStartAsync(ModelLifecycle model, CancellationToken cancellationToken);
}
