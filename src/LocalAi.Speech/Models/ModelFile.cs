using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Models;

/// <summary>One file of a model repository that a pull fetches.</summary>
/// <param name="Path">The path inside the repository, with forward slashes, for example <c>onnx/language_model_q4.onnx</c>.</param>
/// <param name="Required">Whether a pull fails when the hub does not have it; optional files are skipped on 404.</param>
/// <param name="DType">The dtype of a graph file, or null for files every dtype shares.</param>
public sealed record ModelFile(string Path, bool Required, ModelDType? DType = null);
