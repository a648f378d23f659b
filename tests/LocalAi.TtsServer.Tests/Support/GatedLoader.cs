using LocalAi.Speech.Chatterbox;
using LocalAi.TtsServer.Engine;

namespace LocalAi.TtsServer.Tests.Support;

/// <summary>A real model load that waits for the test to open the gate, and says when it began.</summary>
internal sealed class GatedLoader(string modelDirectory)
{
    private readonly TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Entered => entered.Task;

    public void Open() => gate.TrySetResult();

    public SynthesizerLoader Loader => async (_, cancellationToken) =>
    {
        entered.TrySetResult();
        await gate.Task.WaitAsync(cancellationToken);
        return SpeechSynthesizer.Load(new ChatterboxOptions { ModelDirectory = modelDirectory, DTypes = GraphDTypes.Uniform(ModelDType.Q4) });
    };
}
