namespace LocalAi.ModelForge;

/// <summary>A model directory the forge has written.</summary>
/// <param name="Directory">The model root (holds <c>onnx/</c>, <c>preprocessor_config.json</c>, <c>README.md</c>).</param>
/// <param name="Profile">Its size.</param>
/// <param name="DTypes">The dtype variants written.</param>
/// <param name="Seed">The weight seed.</param>
/// <param name="MinStopPosition">STOP never wins below this cache position (0: no floor); see <see cref="ForgeOptions.MinStopPosition"/>.</param>
public sealed record ForgedModel(string Directory, ForgeProfile Profile, IReadOnlyList<ForgeDType> DTypes, ulong Seed, int MinStopPosition = 0)
{
    /// <summary>Path of <c>onnx/{graph}{suffix}.onnx</c>; its weights are in the same path plus <c>_data</c>.</summary>
    public string GraphPath(string graph, ForgeDType dtype) =>
        Path.Combine(Directory, "onnx", graph + dtype.FileSuffix() + ".onnx");
}
